"""Where a pair is and which pair a figure box belongs to: the look-ups behind navigation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from culti_desktop.core.storage.models import Pair, Region
from culti_desktop.core.storage.project import Project


@dataclass(frozen=True)
class PairLocation:
    """The page and figure box of a pair, to show it in the page viewer."""

    pair_id: int
    page_id: int
    figure_region_id: int


def locate_pair(project: Project, pair_id: int) -> PairLocation | None:
    """The page and figure of ``pair_id``, or ``None`` when it no longer exists."""
    with project.read_session() as s:
        pair = s.get(Pair, pair_id)
        if pair is None:
            return None
        region = s.get(Region, pair.figure_region_id)
        if region is None:
            return None
        return PairLocation(pair_id, region.page_id, region.id)


def pair_of_figure(project: Project, figure_region_id: int) -> int | None:
    """The first pair whose figure is ``figure_region_id`` (a figure box has at most a few)."""
    with project.read_session() as s:
        return s.scalar(
            select(Pair.id).where(Pair.figure_region_id == figure_region_id).order_by(Pair.id).limit(1)
        )


def pairs_of_figures(project: Project, figure_region_ids: Iterable[int]) -> set[int]:
    """Every pair whose figure is one of ``figure_region_ids``."""
    ids = list(figure_region_ids)
    if not ids:
        return set()
    with project.read_session() as s:
        return set(s.scalars(select(Pair.id).where(Pair.figure_region_id.in_(ids))))


@dataclass(frozen=True)
class PairDetail:
    """Everything the pair panel shows and edits of one pair."""

    id: int
    figure_region_id: int
    caption: str
    caption_zh: str
    caption_en: str
    tags: list[Any]
    note: str
    split: str | None
    status: str
    label: str | None
    confidence: float
    ocr_text: str | None
    ocr_confidence: float | None
    curator: str | None


def pair_detail(project: Project, pair_id: int) -> PairDetail | None:
    with project.read_session() as s:
        p = s.get(Pair, pair_id)
        if p is None:
            return None
        return PairDetail(
            id=p.id,
            figure_region_id=p.figure_region_id,
            caption=p.caption or "",
            caption_zh=p.caption_zh or "",
            caption_en=p.caption_en or "",
            tags=list(p.tags or []),
            note=p.note or "",
            split=p.split,
            status=p.status,
            label=p.label,
            confidence=p.confidence or 0.0,
            ocr_text=p.ocr_text,
            ocr_confidence=p.ocr_confidence,
            curator=p.curator,
        )
