"""What the page viewer draws: a page's size, its boxes (with their pair's status) and text lines."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from culti_desktop.core.storage.models import Page, Pair, Region, TextLine
from culti_desktop.core.storage.project import Project

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RegionInfo:
    id: int
    kind: str
    box: Box
    status: str | None  # status of the figure's first pair
    text: str | None


@dataclass(frozen=True)
class LineInfo:
    id: int
    box: Box
    text: str
    confidence: float


@dataclass(frozen=True)
class RegionPlace:
    """A box and the page it is on, in the page's own units."""

    region_id: int
    page_id: int
    box: Box
    page_size: tuple[float, float]


def page_size(project: Project, page_id: int) -> tuple[float, float] | None:
    """``(width, height)`` of a page in its own units, or ``None`` when it does not exist."""
    with project.read_session() as s:
        page = s.get(Page, page_id)
        return None if page is None else (page.width, page.height)


def region_place(project: Project, region_id: int) -> RegionPlace | None:
    with project.read_session() as s:
        region = s.get(Region, region_id)
        if region is None:
            return None
        page = s.get(Page, region.page_id)
        if page is None:
            return None
        return RegionPlace(region.id, page.id, region.bbox, (page.width, page.height))


def page_items(project: Project, page_id: int) -> tuple[list[RegionInfo], list[LineInfo]]:
    """The page's regions (in id order) and text lines (in reading order)."""
    with project.read_session() as s:
        regions = s.execute(
            select(Region.id, Region.kind, Region.x0, Region.y0, Region.x1, Region.y1, Region.text)
            .where(Region.page_id == page_id)
            .order_by(Region.id)
        ).all()
        status: dict[int, str] = {}
        for rid, st in s.execute(
            select(Pair.figure_region_id, Pair.status)
            .join(Region, Region.id == Pair.figure_region_id)
            .where(Region.page_id == page_id)
            .order_by(Pair.id)
        ).all():
            status.setdefault(rid, st)
        lines = s.execute(
            select(
                TextLine.id,
                TextLine.x0,
                TextLine.y0,
                TextLine.x1,
                TextLine.y1,
                TextLine.text,
                TextLine.confidence,
            )
            .where(TextLine.page_id == page_id)
            .order_by(TextLine.reading_order, TextLine.id)
        ).all()
    return (
        [RegionInfo(r[0], r[1], (r[2], r[3], r[4], r[5]), status.get(r[0]), r[6]) for r in regions],
        [LineInfo(ln[0], (ln[1], ln[2], ln[3], ln[4]), ln[5], ln[6]) for ln in lines],
    )
