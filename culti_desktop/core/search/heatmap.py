"""Where in a figure the query matches: heatmaps at two levels, and a Qt-free overlay renderer.

* crop level: each pixel gets the mean similarity of the LACLIP crops covering it (the whole
  image counts as one crop) — cheap, from vectors stored at index time;
* patch level: the vision tower's patch tokens (MaskCLIP-style, via ``encoder.patch_tokens``)
  against the query — finer, one encoder pass at display time.

Both return float32 arrays in [0, 1] (min-max over the map; a flat map is all 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

from culti_desktop.core.search.crops import Box


def _unit(a: np.ndarray) -> np.ndarray:
    lo, hi = float(a.min()), float(a.max())
    if hi - lo < 1e-9:
        return np.full_like(a, 0.5, dtype=np.float32)
    return ((a - lo) / (hi - lo)).astype(np.float32)


def crop_heatmap(
    boxes: Sequence[Box], crop_sims: np.ndarray, global_sim: float | None = None, size: int = 48
) -> np.ndarray:
    """(size, size) map from relative crop boxes and their similarities to the query."""
    acc = np.zeros((size, size), np.float64)
    cnt = np.zeros((size, size), np.float64)
    if global_sim is not None:
        acc += global_sim
        cnt += 1
    for (x0, y0, x1, y1), s in zip(boxes, np.asarray(crop_sims, np.float64), strict=True):
        c0, c1 = int(np.floor(x0 * size)), max(int(np.ceil(x1 * size)), int(np.floor(x0 * size)) + 1)
        r0, r1 = int(np.floor(y0 * size)), max(int(np.ceil(y1 * size)), int(np.floor(y0 * size)) + 1)
        acc[r0:r1, c0:c1] += s
        cnt[r0:r1, c0:c1] += 1
    return _unit(acc / np.maximum(cnt, 1))


def patch_heatmap(encoder, image: Image.Image, query_vec: np.ndarray) -> np.ndarray:
    """(gh, gw) map of patch-token similarity to the query."""
    tokens = np.asarray(encoder.patch_tokens([image.convert("RGB")]), np.float32)[0]  # gh, gw, D
    tokens = tokens / np.maximum(np.linalg.norm(tokens, axis=-1, keepdims=True), 1e-12)
    q = np.asarray(query_vec, np.float32).reshape(-1)
    return _unit(tokens @ (q / max(float(np.linalg.norm(q)), 1e-12)))


_ANCHORS = np.array(  # a perceptually ordered dark-blue → red → yellow ramp (like 'inferno')
    [
        [0, 0, 4],
        [40, 11, 84],
        [101, 21, 110],
        [159, 42, 99],
        [212, 72, 66],
        [245, 125, 21],
        [250, 193, 39],
        [252, 255, 164],
    ],
    np.float32,
)


def colormap(heat: np.ndarray) -> np.ndarray:
    """(H, W, 3) uint8 colours for a [0, 1] map."""
    x = np.clip(heat, 0, 1) * (len(_ANCHORS) - 1)
    i = np.minimum(x.astype(int), len(_ANCHORS) - 2)
    f = (x - i)[..., None]
    return (_ANCHORS[i] * (1 - f) + _ANCHORS[i + 1] * f).astype(np.uint8)


def overlay(image: Image.Image, heat: np.ndarray, opacity: float = 0.5) -> Image.Image:
    """The image with the heatmap blended on top; hot areas more opaque than cold ones."""
    base = image.convert("RGB")
    h_img = Image.fromarray((np.clip(heat, 0, 1) * 255).astype(np.uint8), "L").resize(
        base.size, Image.Resampling.BILINEAR
    )
    heat_big = np.asarray(h_img, np.float32) / 255.0
    colour = colormap(heat_big).astype(np.float32)
    alpha = (float(np.clip(opacity, 0, 1)) * (0.35 + 0.65 * heat_big))[..., None]
    out = np.asarray(base, np.float32) * (1 - alpha) + colour * alpha
    return Image.fromarray(out.clip(0, 255).astype(np.uint8), "RGB")
