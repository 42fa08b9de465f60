"""A small real project for the curation tests: a generated PDF imported, plus figures and pairs."""

from __future__ import annotations

from pathlib import Path

import pytest


def make_pdf(path: Path, pages: int = 2) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=400, height=600)
        page.draw_rect(pymupdf.Rect(50, 60, 350, 300), color=(0.5, 0.2, 0.1), fill=(0.9, 0.7, 0.4))
        page.insert_text((50, 330), f"Fig. {i + 1} Silk pattern", fontsize=12)
        page.insert_text((50, 360), "Body text line", fontsize=10)
    doc.save(path)
    return path


def add_pairs(project, confidences=(0.9, 0.2)) -> list[int]:
    """One figure + caption region + pair per page (in page order), plus a text line per page."""
    from sqlalchemy import select

    from culti_desktop.core.storage.models import Page, Pair, Region, TextLine

    ids = []
    with project.session() as s:
        pages = list(s.scalars(select(Page).order_by(Page.document_id, Page.index)))
        for page, conf in zip(pages, confidences):
            fig = Region(page_id=page.id, kind="figure", source="vector", confidence=conf)
            fig.bbox = (50, 60, 350, 300)
            cap = Region(
                page_id=page.id,
                kind="caption",
                source="pdf",
                text=f"图{page.index + 1} 丝绸纹样\nFig. {page.index + 1} Silk pattern",
            )
            cap.bbox = (50, 318, 250, 334)
            line = TextLine(page_id=page.id, text="Body text line", confidence=0.8)
            line.bbox = (50, 350, 150, 362)
            s.add_all([fig, cap, line])
            s.flush()
            pair = Pair(
                figure_region_id=fig.id,
                caption_region_id=cap.id,
                caption="",
                confidence=conf,
                ocr_text="Fig. 1 Silk pattern",
                ocr_confidence=0.97,
                proposer="test",
            )
            s.add(pair)
            s.flush()
            ids.append(pair.id)
    return ids


def clear_proposals(project) -> None:
    """Drop what the importer proposed, so each test starts from known regions and pairs."""
    from sqlalchemy import delete

    from culti_desktop.core.storage.models import Pair, Region, TextLine

    with project.session() as s:
        for model in (Pair, Region, TextLine):
            s.execute(delete(model))


@pytest.fixture
def pdf_path(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "丝绸 sample.pdf")


@pytest.fixture
def curated_project(project, pdf_path):
    from culti_desktop.core.ingest import import_paths

    summary = import_paths(project, [pdf_path], ocr="off")
    assert summary.imported, summary.failed
    clear_proposals(project)
    add_pairs(project)
    return project
