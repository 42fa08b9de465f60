"""End-to-end: drive the real window with mouse and keyboard, then reopen and find every change."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Edit, Pair, Region


def _db_pair(path, pair_id):
    with open_project(path) as p, p.read_session() as s:
        pair = s.get(Pair, pair_id)
        region = s.get(Region, pair.figure_region_id)
        return pair, region.bbox


def _view_pos(viewer, scene_point: QPointF) -> QPoint:
    return viewer.mapFromScene(scene_point)


def _drag(qtbot, viewer, start: QPoint, end: QPoint) -> None:
    vp = viewer.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    steps = 5
    for i in range(1, steps + 1):
        qtbot.mouseMove(vp, start + (end - start) * i / steps)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)


def _type_chinese(widget, text: str) -> None:
    """Chinese arrives from an input method as commit events (QTest key clicks are ASCII-only)."""
    from PySide6.QtGui import QInputMethodEvent

    for ch in text:
        event = QInputMethodEvent()
        event.setCommitString(ch)
        QApplication.sendEvent(widget, event)


def test_move_resize_type_accept_undo_redo_reopen(qtbot, window, gui_project_path):
    w = window
    viewer = w.viewer
    # the queue opens on the lowest-confidence pair, its figure selected in the viewer
    pair_id = w.current_pair_id
    assert pair_id is not None
    assert w.queue.model.rows[0].confidence == min(r.confidence for r in w.queue.model.rows)
    _, box0 = _db_pair(gui_project_path, pair_id)
    rid = viewer.selected_region_ids()[0]
    item = viewer.region_item(rid)
    zoom = viewer.zoom_factor()

    # move the box with the mouse by (40, 30) screen pixels
    start = _view_pos(viewer, item.rect().center())
    _drag(qtbot, viewer, start, start + QPoint(40, 30))
    _, box1 = _db_pair(gui_project_path, pair_id)
    assert abs((box1[0] - box0[0]) - 40 / zoom) < 2 / zoom + 0.5
    assert abs((box1[1] - box0[1]) - 30 / zoom) < 2 / zoom + 0.5
    assert abs((box1[2] - box1[0]) - (box0[2] - box0[0])) < 0.01  # a move keeps the size

    # resize with the bottom-right handle
    item = viewer.region_item(rid)
    assert item.isSelected()
    corner = _view_pos(viewer, item.rect().bottomRight())
    _drag(qtbot, viewer, corner, corner + QPoint(-50, 20))
    _, box2 = _db_pair(gui_project_path, pair_id)
    assert box2[:2] == box1[:2]
    assert abs((box2[2] - box1[2]) + 50 / zoom) < 2 / zoom + 0.5
    assert abs((box2[3] - box1[3]) - 20 / zoom) < 2 / zoom + 0.5

    # type a Chinese caption via the keyboard shortcut, Enter commits it
    viewer.setFocus()
    qtbot.keyClick(viewer, Qt.Key.Key_C)
    field = w.pair_panel.caption_zh
    assert QApplication.focusWidget() is field
    _type_chinese(field, "唐代联珠团窠纹锦")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    pair, _ = _db_pair(gui_project_path, pair_id)
    assert pair.caption_zh == "唐代联珠团窠纹锦"

    # Esc back to the page, accept with "A": the queue moves on to the next pair
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.keyClick(viewer, Qt.Key.Key_A)
    pair, _ = _db_pair(gui_project_path, pair_id)
    assert pair.status == "accepted" and pair.curator == "测试员"
    assert w.current_pair_id != pair_id

    # undo the accept, then redo it, with the standard keys
    qtbot.keyClick(viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _db_pair(gui_project_path, pair_id)[0].status == "proposed"
    qtbot.keyClick(
        viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert _db_pair(gui_project_path, pair_id)[0].status == "accepted"
    assert w.undo_stack.count() == 4  # move, resize, caption, accept

    # close the window (no save step), reopen the project in a fresh window, find everything
    w.close()
    from culti_desktop.gui.main_window import MainWindow

    w2 = MainWindow(ask_curator=False)
    qtbot.addWidget(w2)
    w2.open_project_file(gui_project_path, interactive=False)
    w2.show_pair(pair_id)
    assert w2.pair_panel.caption_zh.text() == "唐代联珠团窠纹锦"
    assert w2.pair_panel.accept_button.isChecked()
    assert w2.viewer.region_item(rid).rect().bottomRight().x() == box2[2]
    with w2.project.read_session() as s:
        curators = set(s.scalars(select(Edit.curator)))
        vias = [e.after.get("_via") for e in s.scalars(select(Edit).order_by(Edit.id))]
    assert curators == {"测试员"}
    assert vias[-2:] == ["undo", "redo"]
    w2.close()


def test_draw_link_split_merge_delete_with_undo(qtbot, window):
    w = window
    viewer = w.viewer
    project = w.project
    n_pairs = project.count(Pair)
    # draw a new figure in an empty area of the page
    qtbot.keyClick(viewer, Qt.Key.Key_D)
    assert viewer.mode == "draw"
    a = _view_pos(viewer, QPointF(60, 440))
    b = _view_pos(viewer, QPointF(200, 560))
    _drag(qtbot, viewer, a, b)
    assert viewer.mode == "select"
    assert project.count(Pair) == n_pairs + 1
    new_rid = viewer.selected_region_ids()[0]
    with project.read_session() as s:
        new_pair = s.scalar(select(Pair).where(Pair.figure_region_id == new_rid))
    assert new_pair.status == "needs_review"
    assert w.queue.model.row_of(new_pair.id) is not None

    # link it to the OCR/text line by clicking the line in link mode
    qtbot.keyClick(viewer, Qt.Key.Key_L)
    assert viewer.mode == "link"
    line_item = next(i for i in viewer.scene().items() if type(i).__name__ == "LineItem")
    qtbot.mouseClick(
        viewer.viewport(), Qt.MouseButton.LeftButton, pos=_view_pos(viewer, line_item.rect().center())
    )
    with project.read_session() as s:
        linked = s.get(Pair, new_pair.id)
    assert linked.caption == "Body text line 纹样" and linked.caption_zh == "Body text line 纹样"
    assert linked.caption_region_id is not None

    # split the selected new figure, then merge the halves back, undo both
    viewer.select_region(new_rid)
    qtbot.keyClick(viewer, Qt.Key.Key_S)
    assert project.count(Pair) == n_pairs + 2
    figs = [
        r for r, it in viewer._region_items.items() if it.info.kind == "figure" and it.rect().top() >= 400
    ]
    assert len(figs) == 2
    viewer.scene().clearSelection()
    for r in figs:
        viewer.region_item(r).setSelected(True)
    qtbot.keyClick(viewer, Qt.Key.Key_M)
    assert project.count(Pair) == n_pairs + 1
    qtbot.keyClick(viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.count(Pair) == n_pairs + 2
    qtbot.keyClick(viewer, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.count(Pair) == n_pairs + 1

    # delete the drawn figure with the Delete key; undo brings it back with its link
    viewer.select_region(new_rid)
    qtbot.keyClick(viewer, Qt.Key.Key_Delete)
    assert project.count(Pair) == n_pairs
    w.undo_stack.undo()
    with project.read_session() as s:
        back = s.get(Pair, new_pair.id)
    assert back is not None and back.caption == "Body text line 纹样"


def test_queue_filters_counters_and_navigation(qtbot, window):
    w = window
    q = w.queue
    rows = q.model.rows
    assert [r.confidence for r in rows] == sorted(r.confidence for r in rows)
    first = w.current_pair_id
    qtbot.keyClick(w.viewer, Qt.Key.Key_J)
    assert w.current_pair_id == rows[1].pair_id
    qtbot.keyClick(w.viewer, Qt.Key.Key_K)
    assert w.current_pair_id == first
    qtbot.keyClick(w.viewer, Qt.Key.Key_R)
    assert "Rejected 1" in q.counter_label.text()
    q.status.setCurrentIndex(q.status.findData("rejected"))
    assert [r.pair_id for r in q.model.rows] == [first]
    q.status.setCurrentIndex(q.status.findData("left"))
    assert first not in [r.pair_id for r in q.model.rows]
    q.text.setText("no such caption")
    assert q.model.rowCount() == 0


def test_zoom_and_fit(qtbot, window):
    v = window.viewer
    v.fit_page()
    page_zoom = v.zoom_factor()
    vw, vh = v.viewport().width() - 16, v.viewport().height() - 16
    assert abs(page_zoom - min(vw / 400, vh / 600)) < 1e-6
    qtbot.keyClick(v, Qt.Key.Key_W)
    assert abs(v.zoom_factor() - (v.viewport().width() - 16) / 400) < 1e-6
    assert v.zoom_factor() >= page_zoom
    z = v.zoom_factor()
    qtbot.keyClick(v, Qt.Key.Key_Plus)
    assert abs(v.zoom_factor() / z - 1.25) < 1e-6
    qtbot.keyClick(v, Qt.Key.Key_F)
    assert abs(v.zoom_factor() - page_zoom) < 1e-6


def test_shortcut_help_and_dashboard(qtbot, window):
    w = window
    dlg = w.show_shortcuts()
    qtbot.addWidget(dlg)
    names = {name for name, _ in dlg.rows}
    assert {"Accept", "Reject", "Next pair", "Edit Chinese caption", "Fit width"} <= names
    w.set_status("accepted")
    dash = w.show_dashboard()
    qtbot.addWidget(dash)
    (doc,) = dash.documents
    assert (doc.pairs, doc.accepted) == (2, 1)


def test_model_assist_ranks_and_links_a_candidate(qtbot, window):
    w = window
    pid = w.current_pair_id
    worker = w.rank_candidates(pid, model="tiny")
    with qtbot.waitSignal(worker.done, timeout=120_000):
        pass
    assert worker.state == "finished", worker.error
    lst = w.pair_panel.candidates
    assert lst.count() == len(worker.result) >= 2
    scores = [c.score for c in worker.result]
    assert scores == sorted(scores, reverse=True)
    best = worker.result[0]
    lst.itemDoubleClicked.emit(lst.item(0))
    with w.project.read_session() as s:
        pair = s.get(Pair, pid)
    assert pair.caption_region_id is not None
    assert pair.caption.split() == best.text.split()  # paragraphs keep their line breaks


def test_first_visit_shows_the_page_and_caches_it_in_the_background(qtbot, window):
    from culti_desktop.core.curation import render_cache

    w = window
    page_ids = w.documents.page_ids
    target = [p for p in page_ids if p != w.viewer.page_id][0]
    w.viewer._pixmaps.clear()
    path = render_cache.render_path(w.project, render_cache.page_key(w.project, target))
    path.unlink(missing_ok=True)
    w.show_page(target)
    assert w.viewer.page_id == target
    pixmap_item = next(i for i in w.viewer.scene().items() if type(i).__name__ == "QGraphicsPixmapItem")
    assert pixmap_item.pixmap().width() > 500  # 400 pt page at 144 dpi = 800 px
    qtbot.waitUntil(path.is_file, timeout=10_000)


def test_queue_page_order(qtbot, window):
    q = window.queue
    q.order.setCurrentIndex(q.order.findData("page"))
    assert [r.page_index for r in q.model.rows] == sorted(r.page_index for r in q.model.rows)
    assert [r.confidence for r in q.model.rows] != sorted(r.confidence for r in q.model.rows)
