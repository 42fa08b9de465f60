"""What a fine-tuning run is asked (:class:`TrainOptions`) and reports (:class:`TrainResult`),
and the optimiser recipe it follows (learning rate, frozen towers, decay groups, schedule).

Kept apart from :mod:`culti_desktop.core.ml.train`, the loop itself, so each stays small.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import torch

from culti_desktop.core.errors import CultiError
from culti_desktop.core.ml.tiny import TINY_ARCH

FREEZE_CHOICES = ("none", "vision", "text")


@dataclass
class TrainOptions:
    model: str | None = None  # version id, version name or arch; None = the current model
    epochs: int = 10
    lr: float | None = None  # None = 5e-4 for tiny, 1e-5 for published models
    batch_size: int | None = None  # None = fitted to memory
    freeze: str = "none"
    hard_negatives: bool = False
    device: str = "auto"
    precision: str = "auto"
    patience: int = 3  # epochs without valid improvement before stopping
    seed: int = 0
    train_split: str = "train"
    valid_split: str = "valid"
    weight_decay: float = 0.05
    warmup_fraction: float = 0.1
    save_every_seconds: float = 120.0
    save_every_steps: int | None = None
    restart: bool = False  # ignore a saved state and start over
    max_steps: int | None = None  # stop after this many optimizer steps (benchmarks, smoke runs)
    grad_checkpointing: bool = False  # recompute activations in backward: less memory, ~30 % slower
    name: str | None = None
    make_current: bool = True  # unless it scores below its starting model on the valid split
    signature: str | None = None  # settings + data, stored so a re-run can find this version (#19)

    def resume_key(self, base: str, data_fingerprint: str) -> str:
        """Options that must match for a saved state to be continued."""
        keep = {
            k: v
            for k, v in asdict(self).items()
            if k
            not in (
                "device",
                "save_every_seconds",
                "save_every_steps",
                "restart",
                "name",
                "make_current",
                "grad_checkpointing",
                "signature",
            )
        }
        blob = json.dumps({"opts": keep, "base": base, "data": data_fingerprint}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


@dataclass
class TrainResult:
    version_id: int | None
    parent_id: int | None
    epochs_run: int
    best_epoch: int
    stopped_early: bool
    resumed_from_step: int
    baseline: dict[str, Any] | None
    best: dict[str, Any] | None
    history: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    steps: int = 0
    made_current: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_lr(arch: str) -> float:
    """Small pretrained-model rates keep zero-shot ability (cn_clip #86, #240); tiny starts random."""
    return 5e-4 if arch == TINY_ARCH else 1e-5


def apply_freeze(model: torch.nn.Module, freeze: str) -> None:
    if freeze not in FREEZE_CHOICES:
        raise CultiError(f"--freeze must be one of {', '.join(FREEZE_CHOICES)}")
    for name, p in model.named_parameters():
        frozen = (freeze == "vision" and name.startswith("visual.")) or (
            freeze == "text" and (name.startswith("bert.") or name == "text_projection")
        )
        p.requires_grad_(not frozen)


def param_groups(model: torch.nn.Module, weight_decay: float) -> list[dict[str, Any]]:
    decay: list[torch.nn.Parameter] = []
    no_decay: list[torch.nn.Parameter] = []
    for name, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (
            no_decay
            if p.ndim < 2
            or "bias" in name
            or "ln" in name
            or "LayerNorm" in name
            or "logit_scale" in name
            or "embedding" in name
            else decay
        ).append(p)
    return [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]


def lr_schedule(total_steps: int, warmup_fraction: float) -> Callable[[int], float]:
    warm = max(1, int(total_steps * warmup_fraction))

    def factor(step: int) -> float:
        if step < warm:
            return (step + 1) / warm
        progress = (step - warm) / max(1, total_steps - warm)
        return 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))

    return factor
