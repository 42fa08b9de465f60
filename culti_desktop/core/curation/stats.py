"""Progress per document and per curator, from the pairs and the edit log (the dashboard's data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select

from culti_desktop.core.storage.models import Document, Edit, Page, Pair, Region
from culti_desktop.core.storage.project import Project

IDLE_GAP = dt.timedelta(minutes=5)  # a pause longer than this is not counted as curation time


@dataclass(frozen=True)
class DocumentProgress:
    document_id: int
    filename: str
    pairs: int
    reviewed: int
    accepted: int
    rejected: int
    needs_review: int


@dataclass(frozen=True)
class CuratorProgress:
    curator: str
    edits: int
    reviewed: int
    accepted: int
    rejected: int
    active_seconds: float  # sum of gaps between consecutive edits shorter than IDLE_GAP
    first: dt.datetime | None
    last: dt.datetime | None


def per_document(project: Project) -> list[DocumentProgress]:
    reviewed = func.sum(case((Pair.status != "proposed", 1), else_=0))
    q = (
        select(
            Document.id,
            Document.filename,
            func.count(Pair.id),
            reviewed,
            func.sum(case((Pair.status == "accepted", 1), else_=0)),
            func.sum(case((Pair.status == "rejected", 1), else_=0)),
            func.sum(case((Pair.status == "needs_review", 1), else_=0)),
        )
        .select_from(Document)
        .outerjoin(Page, Page.document_id == Document.id)
        .outerjoin(Region, Region.page_id == Page.id)
        .outerjoin(Pair, Pair.figure_region_id == Region.id)
        .group_by(Document.id)
        .order_by(Document.filename)
    )
    with project.read_session() as s:
        return [
            DocumentProgress(r[0], r[1], r[2], int(r[3] or 0), int(r[4] or 0), int(r[5] or 0), int(r[6] or 0))
            for r in s.execute(q).all()
        ]


def active_seconds(times: list[dt.datetime], idle_gap: dt.timedelta = IDLE_GAP) -> float:
    times = sorted(times)
    return sum((b - a).total_seconds() for a, b in zip(times, times[1:]) if b - a <= idle_gap)


def per_curator(project: Project, since: dt.datetime | None = None) -> list[CuratorProgress]:
    """Edits, decisions and active time per curator (``since`` limits it to a session)."""
    eq = select(Edit.curator, Edit.at)
    if since is not None:
        eq = eq.where(Edit.at >= since)
    pq = (
        select(
            Pair.curator,
            func.count(),
            func.sum(case((Pair.status == "accepted", 1), else_=0)),
            func.sum(case((Pair.status == "rejected", 1), else_=0)),
        )
        .where(Pair.curator.is_not(None), Pair.status != "proposed")
        .group_by(Pair.curator)
    )
    if since is not None:
        pq = pq.where(Pair.reviewed_at >= since)
    with project.read_session() as s:
        times: dict[str, list[dt.datetime]] = {}
        for curator, at in s.execute(eq).all():
            times.setdefault(curator or "", []).append(at)
        decided = {c: (n, int(a or 0), int(r or 0)) for c, n, a, r in s.execute(pq).all()}
    out = []
    for curator in sorted(set(times) | set(decided)):
        t = times.get(curator, [])
        n, a, r = decided.get(curator, (0, 0, 0))
        out.append(
            CuratorProgress(
                curator, len(t), n, a, r, active_seconds(t), min(t) if t else None, max(t) if t else None
            )
        )
    return out
