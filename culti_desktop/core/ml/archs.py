"""Chinese-CLIP architectures by name, built from cn_clip's own classes and config files.

``cn_clip.clip.utils.create_model`` prints, converts to fp16 and reads configs only from the
package; we build ``CLIP(**config)`` ourselves so that the tiny config and fp32 CPU use work too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import torch

from culti_desktop.core.errors import CultiError
from culti_desktop.core.ml.tiny import TINY_ARCH, TINY_CONFIG, TINY_SEED


@dataclass(frozen=True)
class ArchSpec:
    """Where a named model's config comes from and where its published weights live."""

    name: str
    vision: str  # cn_clip config file stem, e.g. "ViT-B-16"
    text: str  # e.g. "RoBERTa-wwm-ext-base-chinese"
    image_size: int
    hf_repo: str | None = None  # OFA-Sys/<repo> on the Hugging Face hub
    filename: str | None = None  # checkpoint file name there
    approx_bytes: int | None = None  # for the size column of ``culti model list``


ARCHS: dict[str, ArchSpec] = {
    "RN50": ArchSpec(
        "RN50", "RN50", "RBT3-chinese", 224, "chinese-clip-rn50", "clip_cn_rn50.pt", 308_000_000
    ),
    "ViT-B-16": ArchSpec(
        "ViT-B-16",
        "ViT-B-16",
        "RoBERTa-wwm-ext-base-chinese",
        224,
        "chinese-clip-vit-base-patch16",
        "clip_cn_vit-b-16.pt",
        753_000_000,
    ),
    "ViT-L-14": ArchSpec(
        "ViT-L-14",
        "ViT-L-14",
        "RoBERTa-wwm-ext-base-chinese",
        224,
        "chinese-clip-vit-large-patch14",
        "clip_cn_vit-l-14.pt",
        1_700_000_000,
    ),
    "ViT-L-14-336": ArchSpec(
        "ViT-L-14-336",
        "ViT-L-14-336",
        "RoBERTa-wwm-ext-base-chinese",
        336,
        "chinese-clip-vit-large-patch14-336px",
        "clip_cn_vit-l-14-336.pt",
        1_700_000_000,
    ),
    "ViT-H-14": ArchSpec(
        "ViT-H-14",
        "ViT-H-14",
        "RoBERTa-wwm-ext-large-chinese",
        224,
        "chinese-clip-vit-huge-patch14",
        "clip_cn_vit-h-14.pt",
        3_900_000_000,
    ),
}

ARCH_NAMES: tuple[str, ...] = (TINY_ARCH, *ARCHS)


def _read_package_config(stem: str) -> dict[str, Any]:
    path = resources.files("cn_clip.clip") / "model_configs" / f"{stem}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def arch_config(arch: str) -> dict[str, Any]:
    """The ``CLIP(**config)`` keyword arguments of a named architecture."""
    if arch == TINY_ARCH:
        return dict(TINY_CONFIG)
    spec = ARCHS.get(arch)
    if spec is None:
        raise CultiError(f"unknown model architecture '{arch}'; known: {', '.join(ARCH_NAMES)}")
    cfg = _read_package_config(spec.vision)
    cfg.update(_read_package_config(spec.text))
    if isinstance(cfg.get("vision_layers"), str):  # "[3,4,6,3]" for RN50; parse without eval
        cfg["vision_layers"] = [int(v) for v in json.loads(cfg["vision_layers"])]
    if spec.vision == "ViT-H-14":
        cfg.setdefault("vision_head_width", 80)
    return cfg


def build_clip(config: dict[str, Any], seed: int | None = None):
    """``cn_clip.clip.model.CLIP(**config)`` in fp32 eval mode; random weights seeded by ``seed``.

    The global torch RNG is left as it was, so building a model never disturbs the caller.
    """
    from cn_clip.clip.model import CLIP

    cfg = dict(config)
    if isinstance(cfg.get("vision_layers"), list):
        cfg["vision_layers"] = tuple(cfg["vision_layers"])
    with torch.random.fork_rng(devices=[]):
        if seed is not None:
            torch.manual_seed(seed)
        model = CLIP(**cfg)
    return model.float().eval()


def build_arch(arch: str, seed: int | None = 0):
    """A named architecture with (seeded) random weights."""
    return build_clip(arch_config(arch), seed=seed)


def build_tiny_model(seed: int = TINY_SEED, config: dict[str, Any] | None = None):
    """A tiny ``cn_clip.clip.model.CLIP`` in fp32 whose weights depend only on ``seed``."""
    return build_clip(config or TINY_CONFIG, seed=seed)


def is_vit(config: dict[str, Any]) -> bool:
    return not isinstance(config.get("vision_layers"), (list, tuple))
