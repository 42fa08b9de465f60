"""LACLIP local crops: a multi-scale grid plus seeded random crops that line up with no grid.

Boxes are *relative* (fractions of width/height), identical for every image of one index build
(a fixed seed), so they are stored once in the build config and mapped to page coordinates per
figure. Random crops matter: a 2×2 grid of crops flatters 2×2 composite images (measured; see
the issue's feasibility table), so the default mixes both and the benchmark reports both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from PIL import Image

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class CropConfig:
    grids: tuple[int, ...] = (2, 3)
    n_random: int = 8
    min_side: float = 0.3  # random crop side, as a fraction of the image side
    max_side: float = 0.7
    seed: int = 0
    full: bool = True  # the whole image counts as one crop: the best crop is never worse than global

    def as_dict(self) -> dict:
        d = asdict(self)
        d["grids"] = list(self.grids)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> CropConfig:
        d = dict(d)
        d["grids"] = tuple(d.get("grids", (2, 3)))
        return cls(**{k: v for k, v in d.items() if k in cls.__dataclass_fields__})


def grid_boxes(n: int) -> list[Box]:
    step = 1.0 / n
    return [(c * step, r * step, (c + 1) * step, (r + 1) * step) for r in range(n) for c in range(n)]


def _aligned(v: float, grids: Sequence[int], tol: float = 0.04) -> bool:
    return any(abs(v * g - round(v * g)) < tol * g for g in grids) and 0.0 < v < 1.0


def random_boxes(
    n: int, min_side: float, max_side: float, seed: int, avoid_grids: Sequence[int] = (2, 3, 4)
) -> list[Box]:
    """Square-ish random crops whose edges avoid the lines of the ``avoid_grids`` grids."""
    rng = np.random.default_rng(seed)
    out: list[Box] = []
    tries = 0
    while len(out) < n and tries < 10000:
        tries += 1
        w = rng.uniform(min_side, max_side)
        h = float(np.clip(w * rng.uniform(0.8, 1.25), min_side, max_side))
        x0 = rng.uniform(0.0, 1.0 - w)
        y0 = rng.uniform(0.0, 1.0 - h)
        box = (float(x0), float(y0), float(x0 + w), float(y0 + h))
        if any(_aligned(v, avoid_grids) for v in box):
            continue
        out.append(box)
    return out


def crop_boxes(cfg: CropConfig = CropConfig()) -> list[Box]:
    boxes: list[Box] = [(0.0, 0.0, 1.0, 1.0)] if cfg.full else []
    for g in cfg.grids:
        boxes += grid_boxes(g)
    boxes += random_boxes(cfg.n_random, cfg.min_side, cfg.max_side, cfg.seed)
    return boxes


def crop_images(image: Image.Image, boxes: Sequence[Box]) -> list[Image.Image]:
    w, h = image.size
    out = []
    for x0, y0, x1, y1 in boxes:
        px = (
            int(round(x0 * w)),
            int(round(y0 * h)),
            max(int(round(x1 * w)), int(round(x0 * w)) + 1),
            max(int(round(y1 * h)), int(round(y0 * h)) + 1),
        )
        out.append(image.crop(px))
    return out


def to_absolute(box: Box, frame: tuple[float, float, float, float]) -> Box:
    """A relative crop box inside ``frame`` (e.g. the figure's page box) in the frame's units."""
    fx0, fy0, fx1, fy1 = frame
    w, h = fx1 - fx0, fy1 - fy0
    return (fx0 + box[0] * w, fy0 + box[1] * h, fx0 + box[2] * w, fy0 + box[3] * h)
