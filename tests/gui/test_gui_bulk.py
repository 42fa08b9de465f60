"""Multi-select in the review queue: Shift/Ctrl-click, select all, bulk status and split, one undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Edit, Pair


@pytest.fixture
def four_pair_window(qtbot, tmp_path):
    import pymupdf

    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.models import Page, Region
    from culti_desktop.gui.main_window import MainWindow

    pdf = tmp_path / "四页.pdf"
    doc = pymupdf.open()
    for i in range(4):
        page = doc.new_page(width=400, height=600)
        page.draw_rect(pymupdf.Rect(50, 60, 350, 300), color=(0.5, 0.2, 0.1), fill=(0.9, 0.7, 0.4))
        page.insert_text((50, 330), f"Fig. {i + 1} Silk pattern", fontsize=12)
    doc.save(pdf)
    path = tmp_path / "批量.culti"
    with create_project(path) as project:
        assert import_paths(project, [pdf], ocr="off").imported
        with project.session() as s:
            s.query(Pair).delete()
            for page in s.scalars(select(Page).order_by(Page.index)):
                fig = Region(page_id=page.id, kind="figure", source="vector", confidence=0.5)
                fig.bbox = (50, 60, 350, 300)
                s.add(fig)
                s.flush()
                s.add(
                    Pair(
                        figure_region_id=fig.id,
                        caption=f"图{page.index + 1} 纹样",
                        confidence=0.1 * page.index,
                    )
                )
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    w.open_project_file(path, interactive=False)
    yield w, path
    if w.project is not None:
        w.close()


def _click_row(qtbot, table, row, modifier=Qt.KeyboardModifier.NoModifier):
    table.scrollTo(table.model().index(row, 4))
    rect = table.visualRect(table.model().index(row, 4))
    assert table.viewport().rect().contains(rect.center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _statuses(path):
    with open_project(path) as p, p.read_session() as s:
        return {pid: (st, sp) for pid, st, sp in s.execute(select(Pair.id, Pair.status, Pair.split))}


def test_shift_click_accept_is_one_undo_step(qtbot, four_pair_window):
    w, path = four_pair_window
    table = w.queue.table
    assert len(w.queue.model.rows) == 4
    _click_row(qtbot, table, 0)
    _click_row(qtbot, table, 2, Qt.KeyboardModifier.ShiftModifier)
    chosen = w.bulk.selected_ids()
    assert len(chosen) == 3
    depth = w.undo_stack.count()
    w.actions_by_name["accept"].trigger()  # A acts on every selected row
    after = _statuses(path)
    assert all(after[i][0] == "accepted" for i in chosen)
    assert sum(1 for st, _ in after.values() if st == "accepted") == 3
    assert w.undo_stack.count() == depth + 1 and w.undo_stack.undoText() == "Accept 3 pairs"
    w.undo_stack.undo()
    assert all(st == "proposed" for st, _ in _statuses(path).values())
    w.undo_stack.redo()
    assert sum(1 for st, _ in _statuses(path).values() if st == "accepted") == 3


def test_ctrl_click_select_all_and_split_from_menu(qtbot, four_pair_window):
    w, path = four_pair_window
    table = w.queue.table
    _click_row(qtbot, table, 1)
    _click_row(qtbot, table, 3, Qt.KeyboardModifier.ControlModifier)
    assert len(w.bulk.selected_ids()) == 2
    menu = w.bulk._menu(None)
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert {"bulk_accepted", "bulk_rejected", "bulk_needs_review", "split_valid", "split_auto"} <= set(names)
    w.bulk.actions["split_valid"].trigger()
    assert sorted(sp for _, sp in _statuses(path).values() if sp) == ["valid", "valid"]
    assert w.undo_stack.undoText() == "Change split of 2 pairs"
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(w.bulk.selected_ids()) == 4
    qtbot.keyClick(table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # Alt+3: test split
    assert {sp for _, sp in _statuses(path).values()} == {"test"}
    w.bulk.actions["bulk_needs_review"].trigger()
    assert {st for st, _ in _statuses(path).values()} == {"needs_review"}
    with open_project(path) as p, p.read_session() as s:
        ops = {e.op for e in s.scalars(select(Edit))}
    assert ops == {"set_pair_fields"}
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert {sp for _, sp in _statuses(path).values()} == {"valid", None}
