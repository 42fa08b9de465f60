"""Team project in the GUI: File menu entries, live updates from another curator, a stale edit reloaded."""

from __future__ import annotations

import pytest

from culti_desktop.core.curation import edits
from culti_desktop.core.curation.edits import Op
from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Pair


def test_file_menu_has_team_entries(window) -> None:
    assert {"new_team", "open_team"} <= set(window.actions_by_name)
    assert not window.project.is_server  # a file project: no listener, refresh on focus only
    assert window.team.with_seen_version(Op("set_pair_fields", {"pair_id": 1, "fields": {}})).params == {
        "pair_id": 1,
        "fields": {},
    }


def test_refresh_on_focus_shows_others_changes(window, gui_project_path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    w = window  # a file project: no listener, so only regaining focus can refresh it
    pid = w.queue.model.rows[0].pair_id
    before = w.queue.counter_label.text()
    with open_project(gui_project_path) as other:
        edits.set_pair_fields(other, pid, "乙", status="rejected")
    assert w.queue.counter_label.text() == before  # nothing told the window yet
    QApplication.instance().applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)
    assert w.queue.counter_label.text() != before
    assert next(r for r in w.queue.model.rows if r.pair_id == pid).status == "rejected"


def test_team_project_live_update_and_stale_edit(qtbot, gui_project_path, pg_database, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from culti_desktop.core.storage.transfer import push
    from culti_desktop.gui import settings
    from culti_desktop.gui.main_window import MainWindow

    push(gui_project_path, pg_database)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project_file(pg_database, interactive=False) is not None
    assert w.project.is_server and settings.recent_projects()[0] == pg_database
    pid = w.queue.model.rows[0].pair_id
    w.queue.select_pair(pid)
    qtbot.waitUntil(lambda: pid in w.team.seen, timeout=5000)
    with open_project(pg_database) as other:
        edits.set_pair_fields(other, pid, "乙", caption_en="changed by 乙", status="rejected")
    # live update: the other curator's decision reaches the counters without any action here
    qtbot.waitUntil(lambda: "1" in w.queue.counter_label.text().split("·")[1], timeout=15000)
    assert w.do_op(Op("set_pair_fields", {"pair_id": pid, "fields": {"caption_en": "mine"}}), "edit") is None
    assert shown and "乙" in shown[0]
    with w.project.read_session() as s:
        assert s.get(Pair, pid).caption_en == "changed by 乙"
    assert (
        w.do_op(Op("set_pair_fields", {"pair_id": pid, "fields": {"caption_en": "mine"}}), "edit") is not None
    )
    w.close()


def test_conflicts_dialog_follows_other_curators_live(qtbot, gui_project_path, pg_database) -> None:
    from culti_desktop.core.curation import team_review
    from culti_desktop.core.storage.transfer import push
    from culti_desktop.gui.conflicts_dialog import show_conflicts
    from culti_desktop.gui.main_window import MainWindow

    push(gui_project_path, pg_database)
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.show()
    assert w.open_project_file(pg_database, interactive=False) is not None
    pid = w.queue.model.rows[0].pair_id
    dlg = show_conflicts(w)
    assert dlg is not None and dlg.rows == [] and dlg.table.rowCount() == 0
    team_review.set_second_review(w.project, True)
    w.curator = "甲"
    w.queue.select_pair(pid)
    qtbot.waitUntil(lambda: w.current_pair_id == pid and pid in w.team.seen, timeout=5000)
    w.set_status("accepted", advance=False)  # A in second-review mode: a review, not a status edit
    with w.project.read_session() as s:
        assert s.get(Pair, pid).status == "needs_review"
    with open_project(pg_database) as other:  # another curator, on their own machine, disagrees
        team_review.record_review(other, pid, "乙", "rejected")
    # no action here: the NOTIFY of the reviews table reloads the open dialog
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 1, timeout=15000)
    assert [r["pair_id"] for r in dlg.rows] == [pid]
    assert "甲" in dlg.table.item(0, 1).text() and "乙" in dlg.table.item(0, 1).text()
    dlg.table.selectRow(0)
    with open_project(pg_database) as other:  # 甲 changes their mind: the conflict is settled
        team_review.record_review(other, pid, "甲", "rejected")
    qtbot.waitUntil(lambda: dlg.table.rowCount() == 0, timeout=15000)
    dlg.close()
    with open_project(pg_database) as other:  # a closed dialog no longer listens (nothing to crash on)
        team_review.record_review(other, pid, "丙", "accepted")
    qtbot.wait(300)
    w.close()


pytestmark = pytest.mark.gui
