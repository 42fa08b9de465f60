"""The document list: documents with their pages and pair counts, and the document filter choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from culti_desktop.core.storage.models import Document, Page, Pair, Region
from culti_desktop.core.storage.project import Project


@dataclass(frozen=True)
class PageRow:
    id: int
    index: int  # 0-based
    pairs: int


@dataclass(frozen=True)
class DocumentRow:
    id: int
    filename: str
    pages: list[PageRow] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return sum(p.pairs for p in self.pages)


def document_rows(project: Project) -> list[DocumentRow]:
    """Every document by file name, its pages in order, and how many pairs each page has."""
    with project.read_session() as s:
        docs = s.execute(select(Document.id, Document.filename).order_by(Document.filename)).all()
        pages = s.execute(
            select(Page.id, Page.document_id, Page.index).order_by(Page.document_id, Page.index)
        ).all()
        counts: dict[int, int] = {
            page_id: n
            for page_id, n in s.execute(
                select(Region.page_id, func.count(Pair.id))
                .join(Pair, Pair.figure_region_id == Region.id)
                .group_by(Region.page_id)
            ).all()
        }
    by_doc: dict[int, list[PageRow]] = {}
    for pid, did, idx in pages:
        by_doc.setdefault(did, []).append(PageRow(pid, idx, counts.get(pid, 0)))
    return [DocumentRow(did, name, by_doc.get(did, [])) for did, name in docs]


def document_choices(project: Project) -> list[tuple[int, str]]:
    """``(id, filename)`` of every document, by file name: the choices of a document filter."""
    with project.read_session() as s:
        return [
            (did, name)
            for did, name in s.execute(select(Document.id, Document.filename).order_by(Document.filename))
        ]


def document_of_page(project: Project, page_id: int) -> tuple[int, str] | None:
    """``(id, filename)`` of the document a page belongs to."""
    with project.read_session() as s:
        row = s.execute(
            select(Document.id, Document.filename)
            .join(Page, Page.document_id == Document.id)
            .where(Page.id == page_id)
        ).first()
        return (row[0], row[1]) if row is not None else None


def document_page_ids(project: Project, document_id: int) -> list[int]:
    """Page ids of one document in page order (the GUI's page strip lists these)."""
    with project.read_session() as s:
        return list(s.scalars(select(Page.id).where(Page.document_id == document_id).order_by(Page.index)))
