"""Levels of regions, as the cultural-feature-decoupling paper organises them: parts, objects, the whole.

A crop's level is its scale: the whole image (the theme), crops of at least a fifth of its area
(an object, e.g. a 2×2 cell), smaller ones (a part, e.g. a 3×3 cell). Search results carry the
best region of each level, so a curator sees at which level a query matched; heatmaps can be
drawn from one level's crops alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from culti_desktop.core.search.crops import Box

LEVELS = ("part", "object", "whole")
WHOLE_AREA = 0.9
OBJECT_AREA = 0.2


def box_level(box: Box) -> str:
    x0, y0, x1, y1 = box
    area = max(0.0, x1 - x0) * max(0.0, y1 - y0)
    return "whole" if area >= WHOLE_AREA else "object" if area >= OBJECT_AREA else "part"


def level_indices(boxes: Sequence[Box], level: str) -> list[int]:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    return [j for j, b in enumerate(boxes) if box_level(b) == level]


def best_per_level(boxes: Sequence[Box], sims: np.ndarray) -> list[tuple[str, int]]:
    """``[(level, crop index)]``: the best-scoring crop of each level present, parts first."""
    sims = np.asarray(sims)
    out = []
    for level in LEVELS:
        idx = level_indices(boxes, level)
        if idx:
            out.append((level, idx[int(np.argmax(sims[idx]))]))
    return out
