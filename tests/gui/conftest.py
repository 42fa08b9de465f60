"""GUI test fixtures: isolated QSettings, and a real project made from a generated PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

CURATOR = "测试员"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory, qapp):
    """Each test gets its own QSettings folder, with a curator name already chosen."""
    from PySide6.QtCore import QSettings

    from culti_desktop.gui import settings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    settings.set_curator_name(CURATOR)
    yield folder


def make_pdf(path: Path, pages: int = 2) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=400, height=600)
        page.draw_rect(pymupdf.Rect(50, 60, 350, 300), color=(0.5, 0.2, 0.1), fill=(0.9, 0.7, 0.4))
        page.insert_text((50, 330), f"Fig. {i + 1} Silk pattern", fontsize=12)
        page.insert_text((50, 400), "Body text line", fontsize=10)
    doc.save(path)
    return path


def seed_pairs(project) -> list[int]:
    """Replace the importer's proposals by one known figure/caption/pair and text line per page."""
    from sqlalchemy import delete, select

    from culti_desktop.core.storage.models import Page, Pair, Region, TextLine

    ids = []
    with project.session() as s:
        for model in (Pair, Region, TextLine):
            s.execute(delete(model))
        pages = list(s.scalars(select(Page).order_by(Page.index)))
        for page, conf in zip(pages, (0.9, 0.2, 0.5, 0.7)):
            fig = Region(page_id=page.id, kind="figure", source="vector", confidence=conf)
            fig.bbox = (50, 60, 350, 300)
            cap = Region(
                page_id=page.id, kind="caption", source="pdf", text=f"Fig. {page.index + 1} Silk pattern"
            )
            cap.bbox = (50, 318, 250, 334)
            line = TextLine(page_id=page.id, text="Body text line 纹样", confidence=0.8)
            line.bbox = (50, 390, 200, 404)
            s.add_all([fig, cap, line])
            s.flush()
            pair = Pair(
                figure_region_id=fig.id,
                caption_region_id=cap.id,
                confidence=conf,
                ocr_text=cap.text,
                ocr_confidence=0.95,
                proposer="test",
            )
            s.add(pair)
            s.flush()
            ids.append(pair.id)
    return ids


@pytest.fixture
def gui_project_path(tmp_path: Path) -> Path:
    """A closed project file: generated PDF imported with the real importer, then known pairs."""
    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project

    path = tmp_path / "策展 test.culti"
    with create_project(path) as project:
        summary = import_paths(project, [make_pdf(tmp_path / "纹样.pdf")], ocr="off")
        assert summary.imported, summary.failed
        seed_pairs(project)
    return path


@pytest.fixture
def window(qtbot, gui_project_path):
    from culti_desktop.gui.main_window import MainWindow

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.open_project_file(gui_project_path, interactive=False)
    w.activateWindow()
    yield w
    if w.project is not None:
        w.close()
