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


def _level_name(level: str) -> str:
    if level == "part":
        return QCoreApplication.translate("SearchPanel", "best part")
    if level == "object":
        return QCoreApplication.translate("SearchPanel", "best object")
    if level == "whole":
        return QCoreApplication.translate("SearchPanel", "whole figure")
    return level


def level_text(r: Any) -> str:
    """At which level the match is: the best-scoring of the best part / object / whole
    (``SearchResult.levels``), then each level's score. Empty when the result has no levels."""
    levels = [m for m in (getattr(r, "levels", None) or []) if m.level]
    if not levels:
        return ""
    best = max(levels, key=lambda m: m.score)
    scores = " · ".join(f"{_level_name(m.level)} {m.score:.3f}" for m in levels)
    return QCoreApplication.translate("SearchPanel", "matches at: {level} ({scores})").format(
        level=_level_name(best.level), scores=scores
    )


def result_tooltip(r: Any) -> str:
    """Where a hit is, its raw numbers for whoever wants them, and at which region level it matches."""
    level = level_text(r)
    return _hit_text(r) + (f"\n{level}" if level else "")


def _hit_text(r: Any) -> str:
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
