"""Reciprocal rank fusion: merge ranked lists without calibrating their scores against each other.

CLIP cosines (0.3–0.6) and keyword scores live on different scales; RRF uses ranks only
(Cormack et al. 2009, k=60), so a pair ranked well by both rises above one ranked first by one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TypeVar

RRF_K = 60

H = TypeVar("H", bound=Hashable)  # region ids, pair ids ...: the caller gets back what it ranked


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[H]], k: int = RRF_K, weights: Sequence[float] | None = None
) -> list[tuple[H, float]]:
    """``[(item, fused score)]`` best first; ties keep the order of first appearance."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    scores: dict[H, float] = {}
    order: dict[H, int] = {}
    for w, ranking in zip(weights, rankings, strict=True):
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + w / (k + rank + 1)
            order.setdefault(item, len(order))
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
