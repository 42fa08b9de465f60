"""Second review in the GUI (issue 17): A/R record reviews, the conflicts dialog, the menu setting."""

from __future__ import annotations

import pytest

from culti_desktop.core.curation import team_review
from culti_desktop.core.storage.models import Pair, Review


def _status(w, pid: int) -> str:
    with w.project.read_session() as s:
        return s.get(Pair, pid).status


def _reviews(w) -> set[tuple[int, str, str]]:
    with w.project.read_session() as s:
        return {(r.pair_id, r.curator, r.status) for r in s.query(Review)}


def test_second_review_from_the_review_menu(window, qtbot) -> None:
    w = window
    w.curator = "甲"
    act = w.actions_by_name["second_review"]
    assert act.isCheckable() and not act.isChecked()
    act.setChecked(True)
    assert team_review.second_review_enabled(w.project)
    pid = w.queue.model.rows[0].pair_id
    w.queue.select_pair(pid)
    qtbot.waitUntil(lambda: w.current_pair_id == pid)
    w.set_status("accepted", advance=False)
    assert _status(w, pid) == "needs_review" and _reviews(w) == {(pid, "甲", "accepted")}
    team_review.record_review(w.project, pid, "乙", "rejected")  # another curator disagrees
    from culti_desktop.gui.conflicts_dialog import show_conflicts

    dlg = show_conflicts(w)
    assert dlg is not None and [r["pair_id"] for r in dlg.rows] == [pid]
    text = dlg.table.item(0, 1).text()
    assert "甲" in text and "乙" in text
    w.queue.select_pair(w.queue.model.rows[-1].pair_id)
    dlg.table.cellDoubleClicked.emit(0, 1)
    assert w.current_pair_id == pid
    dlg.close()
    act.setChecked(False)
    assert not team_review.second_review_enabled(w.project)


def test_bulk_accept_records_reviews(window) -> None:
    w = window
    w.curator = "甲"
    team_review.set_second_review(w.project, True)
    ids = [r.pair_id for r in w.queue.model.rows[:2]]
    assert len(ids) == 2
    w.queue.table.selectAll()
    ids = w.bulk.selected_ids()
    w.bulk.set_status("rejected")
    assert {(pid, "甲", "rejected") for pid in ids} == _reviews(w)
    assert all(_status(w, pid) == "needs_review" for pid in ids)


def test_setting_off_sets_status_directly(window, qtbot) -> None:
    w = window
    w.curator = "甲"
    pid = w.queue.model.rows[0].pair_id
    w.queue.select_pair(pid)
    qtbot.waitUntil(lambda: w.current_pair_id == pid)
    w.set_status("accepted", advance=False)
    assert _status(w, pid) == "accepted" and _reviews(w) == set()


pytestmark = pytest.mark.gui


def test_conflicts_dialog_and_menu_in_chinese(qapp, qtbot, gui_project_path) -> None:
    import sys
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from culti_desktop.gui.conflicts_dialog import ConflictsDialog
    from culti_desktop.gui.i18n import install_translators
    from culti_desktop.gui.main_window import MainWindow

    sys.path.insert(0, str(Path(__file__).parent))
    from untranslated import untranslated

    translators = install_translators(qapp, "zh")
    try:
        w = MainWindow(ask_curator=False)
        qtbot.addWidget(w)
        w.open_project_file(gui_project_path, interactive=False)
        team_review.record_review(w.project, 1, "甲", "accepted")
        team_review.record_review(w.project, 1, "乙", "rejected")
        dlg = ConflictsDialog(w.project, w, w)
        qtbot.addWidget(dlg)
        dlg.show()
        assert "已接受" in dlg.table.item(0, 1).text() and "有分歧" in dlg.summary.text()
        assert untranslated(dlg) == []
        texts = [w.actions_by_name[n].text() for n in ("conflicts", "second_review")]
        assert texts == ["审核分歧(&C)…", "二次审核(&S)"]
        w.close()
    finally:
        for t in translators:
            QApplication.removeTranslator(t)
