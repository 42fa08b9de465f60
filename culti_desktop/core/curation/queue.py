"""The review queue: every pair as a light row, filtered and ordered lowest confidence first.

Rows are plain dataclasses read with one SQL query (no ORM objects kept alive), so the GUI
can hold tens of thousands of them and re-read a single row after an edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, String, cast, func, or_, select

from culti_desktop.core.storage.models import Document, Page, Pair, Region
from culti_desktop.core.storage.project import Project


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ()  # empty = every status
    document_id: int | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None
    text: str = ""  # substring of any caption field, the OCR text, tags or note
    order: str = "confidence"  # confidence | page


@dataclass(frozen=True)
class QueueRow:
    pair_id: int
    figure_region_id: int
    page_id: int
    page_index: int
    document_id: int
    filename: str
    status: str
    split: str | None
    confidence: float
    label: str | None
    caption_zh: str
    caption_en: str
    caption: str

    @property
    def title(self) -> str:
        return self.caption_zh or self.caption_en or self.caption or (self.label or "")


_COLUMNS = (
    Pair.id,
    Pair.figure_region_id,
    Page.id,
    Page.index,
    Document.id,
    Document.filename,
    Pair.status,
    Pair.split,
    Pair.confidence,
    Pair.label,
    Pair.caption_zh,
    Pair.caption_en,
    Pair.caption,
)


def _base() -> Select:
    return (
        select(*_COLUMNS)
        .join(Region, Region.id == Pair.figure_region_id)
        .join(Page, Page.id == Region.page_id)
        .join(Document, Document.id == Page.document_id)
    )


def _apply_filter(q: Select, f: QueueFilter) -> Select:
    if f.statuses:
        q = q.where(Pair.status.in_(f.statuses))
    if f.document_id is not None:
        q = q.where(Document.id == f.document_id)
    if f.min_confidence is not None:
        q = q.where(Pair.confidence >= f.min_confidence)
    if f.max_confidence is not None:
        q = q.where(Pair.confidence <= f.max_confidence)
    if f.text.strip():
        like = f"%{f.text.strip()}%"
        q = q.where(
            or_(
                Pair.caption.like(like),
                Pair.caption_zh.like(like),
                Pair.caption_en.like(like),
                Pair.ocr_text.like(like),
                Pair.note.like(like),
                func.coalesce(cast(Pair.tags, String), "").like(like),  # portable: SQLite and PostgreSQL
                Pair.label.like(like),
            )
        )
    return q


def list_queue(project: Project, f: QueueFilter = QueueFilter()) -> list[QueueRow]:
    q = _apply_filter(_base(), f)
    if f.order == "page":
        q = q.order_by(Document.filename, Page.index, Region.y0, Region.x0, Pair.id)
    else:
        q = q.order_by(Pair.confidence.asc(), Document.filename, Page.index, Pair.id)
    with project.read_session() as s:
        return [QueueRow(*r) for r in s.execute(q).all()]


def queue_row(project: Project, pair_id: int) -> QueueRow | None:
    with project.read_session() as s:
        r = s.execute(_base().where(Pair.id == pair_id)).first()
    return QueueRow(*r) if r else None


@dataclass(frozen=True)
class Counters:
    accepted: int
    rejected: int
    needs_review: int
    proposed: int

    @property
    def left(self) -> int:
        """Pairs still waiting for a decision (proposed or flagged for review)."""
        return self.proposed + self.needs_review

    @property
    def total(self) -> int:
        return self.accepted + self.rejected + self.left


def counters(project: Project, document_id: int | None = None) -> Counters:
    q = select(Pair.status, func.count()).group_by(Pair.status)
    if document_id is not None:
        q = (
            q.join(Region, Region.id == Pair.figure_region_id)
            .join(Page, Page.id == Region.page_id)
            .where(Page.document_id == document_id)
        )
    with project.read_session() as s:
        by = dict(s.execute(q).all())
    return Counters(
        by.get("accepted", 0), by.get("rejected", 0), by.get("needs_review", 0), by.get("proposed", 0)
    )
