"""Search scores as people read them: a bar and a share of the best hit (ADR 0047)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def relative_scores(scores: list[float]) -> list[float]:
    """Each score as a share of the best one (1.0 = the best hit), for people to read.

    Scores can be cosines (may be negative) or fused RRF values (about 1/60): shares are taken
    over the range from the lowest score, so the best is 100 % and a tie shows as a tie.
    """
    if not scores:
        return []
    best, low = max(scores), min(scores)
    if best > 0 and low >= 0:
        return [max(0.0, s / best) for s in scores]
    span = best - low
    return [1.0 if span == 0 else (s - low) / span for s in scores]


def score_bar(share: float, width: int = 5) -> str:
    """A short bar of ``width`` blocks."""
    full = round(max(0.0, min(1.0, share)) * width)
    return "█" * full + "░" * (width - full)


def result_tooltip(r: Any) -> str:
    """Where a hit is, and its raw numbers for whoever wants them."""
    return QCoreApplication.translate(
        "SearchPanel", "{doc} · page {page}\n{caption}\nscore {score:.4f} (image {g}, region {l})"
    ).format(
        doc=r.document,
        page=r.page,
        caption=r.caption,
        score=r.score,
        g="-" if r.global_score is None else f"{r.global_score:.3f}",
        l="-" if r.local_score is None else f"{r.local_score:.3f}",
    )
