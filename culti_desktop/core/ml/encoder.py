"""Encode images and texts with a cn_clip model into L2-normalised float32 vectors.

One object holds the model, its preprocessing, device and autocast choice, so that search,
index, training-evaluation and export all encode the same way as Chinese-CLIP itself
(bicubic squash to the model resolution, CLIP mean/std, 52-token context).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from PIL import Image

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.ml.device import autocast, fit_batch_size, param_count, pick_precision

CONTEXT_LENGTH = 52


def _normalise(x: torch.Tensor) -> np.ndarray:
    x = x.float()
    x = x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)
    return x.cpu().numpy().astype(np.float32, copy=False)


class ClipEncoder:
    """A cn_clip model ready to encode: ``encode_images``, ``encode_texts``, ``patch_tokens``."""

    def __init__(
        self,
        model: torch.nn.Module,
        config: dict[str, Any],
        arch: str,
        device: torch.device | str = "cpu",
        model_version_id: int | None = None,
        precision: str = "auto",
        name: str | None = None,
    ) -> None:
        from cn_clip.clip import image_transform

        self.device = torch.device(device)
        self.model: Any = model.to(self.device).eval()  # a cn_clip CLIP: its towers are untyped
        self.config = dict(config)
        self.arch = arch
        self.name = name or arch
        self.model_version_id = model_version_id
        self.image_size = int(config["image_resolution"])
        self.embed_dim = int(config["embed_dim"])
        self.preprocess = image_transform(self.image_size)
        self.autocast_dtype = pick_precision(self.device, param_count(model), precision)
        self._batch_size: int | None = None

    # -- sizes ------------------------------------------------------------------------------
    @property
    def is_vit(self) -> bool:
        return not isinstance(self.config.get("vision_layers"), (list, tuple))

    @property
    def grid_size(self) -> tuple[int, int]:
        if not self.is_vit:
            raise CultiError(f"{self.arch}: patch tokens exist only for ViT models")
        g = self.image_size // int(self.config["vision_patch_size"])
        return (g, g)

    def default_batch_size(self) -> int:
        if self._batch_size is None:
            self._batch_size = fit_batch_size(self.config, self.device)
        return self._batch_size

    # -- encoding ---------------------------------------------------------------------------
    def image_tensor(self, images: Sequence[Image.Image]) -> torch.Tensor:
        return torch.stack([self.preprocess(im) for im in images]).to(self.device)

    def text_tensor(self, texts: Sequence[str]) -> torch.Tensor:
        from cn_clip.clip import tokenize

        return tokenize([t or "" for t in texts], context_length=CONTEXT_LENGTH).to(self.device)

    @torch.inference_mode()
    def encode_images(
        self, images: Sequence[Image.Image], batch_size: int | None = None, job: Job | None = None
    ) -> np.ndarray:
        """(N, D) float32 unit vectors of ``images`` (PIL, any mode/size)."""
        job = ensure_job(job)
        bs = batch_size or self.default_batch_size()
        out = np.zeros((len(images), self.embed_dim), dtype=np.float32)
        job.start(len(images), "encoding images")
        for i in range(0, len(images), bs):
            chunk = images[i : i + bs]
            with autocast(self.device, self.autocast_dtype):
                feats = self.model.encode_image(self.image_tensor(chunk))
            out[i : i + len(chunk)] = _normalise(feats)
            job.advance(len(chunk))
        return out

    @torch.inference_mode()
    def encode_texts(
        self, texts: Sequence[str], batch_size: int | None = None, job: Job | None = None
    ) -> np.ndarray:
        """(N, D) float32 unit vectors of ``texts`` (Chinese works best; see NOTES on English)."""
        job = ensure_job(job)
        bs = batch_size or max(64, self.default_batch_size())
        out = np.zeros((len(texts), self.embed_dim), dtype=np.float32)
        job.start(len(texts), "encoding texts")
        for i in range(0, len(texts), bs):
            chunk = texts[i : i + bs]
            with autocast(self.device, self.autocast_dtype):
                feats = self.model.encode_text(self.text_tensor(chunk))
            out[i : i + len(chunk)] = _normalise(feats)
            job.advance(len(chunk))
        return out

    @torch.inference_mode()
    def patch_tokens(
        self, images: Sequence[Image.Image], batch_size: int | None = None, job: Job | None = None
    ) -> np.ndarray:
        """(N, gh, gw, D) unit vectors of each patch, in the joint space (MaskCLIP-style maps).

        The vision tower returns only the class token; a forward hook on ``visual.transformer``
        takes all tokens, which go through the same ``ln_post`` and ``proj`` as the class token.
        """
        job = ensure_job(job)
        gh, gw = self.grid_size
        visual = self.model.visual
        bs = batch_size or self.default_batch_size()
        out = np.zeros((len(images), gh, gw, self.embed_dim), dtype=np.float32)
        captured: list[torch.Tensor] = []
        hook = visual.transformer.register_forward_hook(lambda _m, _i, o: captured.append(o))
        job.start(len(images), "encoding patches")
        try:
            for i in range(0, len(images), bs):
                chunk = images[i : i + bs]
                captured.clear()
                with autocast(self.device, self.autocast_dtype):
                    self.model.encode_image(self.image_tensor(chunk))
                    tokens = captured[-1].permute(1, 0, 2)[:, 1:, :]  # LND -> NLD, drop the class token
                    feats = visual.ln_post(tokens) @ visual.proj
                out[i : i + len(chunk)] = _normalise(feats).reshape(len(chunk), gh, gw, self.embed_dim)
                job.advance(len(chunk))
        finally:
            hook.remove()
        return out

    @property
    def logit_scale(self) -> float:
        return float(self.model.logit_scale.detach().exp().clamp(max=100).item())

    def __repr__(self) -> str:
        return f"ClipEncoder({self.name!r}, arch={self.arch!r}, device={self.device}, version={self.model_version_id})"
