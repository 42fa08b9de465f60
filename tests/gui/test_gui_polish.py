"""Window polish: first-start size on a small screen, readable scores, undo labels, 1-based pages."""

from __future__ import annotations

from PySide6.QtCore import QSize


def test_first_start_size_fits_a_1366x768_screen():
    from culti_desktop.gui.main_window import first_start_size

    assert first_start_size(QSize(1366, 728)) == (1366, 728)
    assert first_start_size(QSize(2560, 1400)) == (1400, 900)
    assert first_start_size(None) == (1400, 900)


def test_scores_read_as_shares_of_the_best():
    from culti_desktop.gui.score_display import relative_scores, score_bar

    assert relative_scores([0.0315, 0.0164, 0.0161]) == [1.0, 0.0164 / 0.0315, 0.0161 / 0.0315]
    cos = relative_scores([0.19, 0.15, -0.11])
    assert cos[0] == 1.0 and cos[-1] == 0.0 and 0 < cos[1] < 1
    assert relative_scores([0.5, 0.5]) == [1.0, 1.0] and relative_scores([]) == []
    assert score_bar(1.0) == "█████" and score_bar(0.0) == "░░░░░"


def test_undo_label_says_what_it_undoes(window):
    editor = window.editor
    assert editor.field_label({"split": "train"}) == "Change split"
    assert editor.field_label({"status": "accepted"}) == "Change status"
    assert editor.field_label({"caption_zh": "锦"}) == "Edit caption"
    pid = window.current_pair_id
    editor.set_fields(pid, {"split": "valid"})
    assert window.undo_stack.undoText() == "Change split"


def test_cli_tables_count_pages_from_one(gui_project_path, capsys):
    from culti_desktop.cli.main import main

    assert main(["pairs", str(gui_project_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert " p.1 [" in lines[0] and " p.2 [" in lines[1]
    assert main(["pairs", str(gui_project_path), "--json"]) == 0  # JSON stays 0-based
    import json

    assert [r["page"] for r in json.loads(capsys.readouterr().out)] == [0, 1]


def test_help_guide_opens_the_shipped_guide(window):
    from PySide6.QtWidgets import QMenu

    from culti_desktop.gui.guide import GUIDE_DIR, guide_path, show_guide

    action = window.actions_by_name["guide"]
    assert any(isinstance(m, QMenu) for m in action.associatedObjects())  # in the Help menu
    for lang in ("zh", "en"):
        text = guide_path(lang).read_text("utf-8")
        images = [line.split("](")[1].rstrip(")") for line in text.splitlines() if line.startswith("![")]
        assert images and all((GUIDE_DIR / im).is_file() for im in images)
    dialog = show_guide(window)
    assert "Review queue" in dialog.browser.toPlainText()
    dialog.close()


def test_import_child_dies_with_the_app(tmp_path):
    """The background child (as ProcessWorker starts it) ends when its parent is killed with SIGKILL."""
    import os
    import signal
    import subprocess
    import sys
    import time

    import pytest

    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux-only")
    ready = tmp_path / "child-running"
    script = (
        "import functools, multiprocessing as mp, pathlib, sys, time\n"
        "from culti_desktop.gui.workers import _child_main\n"
        f"def slow(job):\n    pathlib.Path({str(ready)!r}).touch()\n    time.sleep(120)\n"
        "ctx = mp.get_context('fork')\n"
        "q, ev = ctx.Queue(), ctx.Event()\n"
        "p = ctx.Process(target=_child_main, args=(slow, q, ev))\n"
        "p.start(); print(p.pid, flush=True); time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    deadline = time.time() + 60
    while not ready.exists() and time.time() < deadline:  # the job runs: its death signal is set
        time.sleep(0.05)
    assert ready.exists()
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait(timeout=10)

    def alive(pid: int) -> bool:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().split(")")[-1].split()[0] != "Z"
        except FileNotFoundError:
            return False

    deadline = time.time() + 15
    while alive(child) and time.time() < deadline:
        time.sleep(0.2)
    assert not alive(child)


def test_page_indicator_counts_from_one(window):
    window.step_page(1)
    page = window.viewer.page_id
    window.page_indicator.page_shown(page)
    position = window.documents.page_ids.index(page) + 1
    assert window.page_indicator.text() == f"Page {position} / 2"


def test_text_lines_show_as_an_overlay_in_link_mode(window):
    from culti_desktop.gui.line_overlay import set_overlay
    from culti_desktop.gui.page_viewer import LineItem

    viewer = window.viewer
    lines = [i for i in viewer.scene().items() if isinstance(i, LineItem)]
    assert lines
    window.editor.start_link()
    assert viewer.mode == "link"
    labels = [getattr(i, "_culti_line_label", None) for i in lines]
    assert all(lb is not None and lb.isVisible() and lb.text() for lb in labels)
    viewer.set_mode("select")
    assert not any(lb.isVisible() for lb in labels)
    assert set_overlay(viewer, True) == len(lines)


def test_toolbar_undo_keeps_its_label(window):
    from PySide6.QtWidgets import QToolBar

    bar = window.findChild(QToolBar, "curationToolbar")
    names = [a.objectName() for a in bar.actions()]
    assert "undo_toolbar" in names and "undo" not in names
    fixed = next(a for a in bar.actions() if a.objectName() == "undo_toolbar")
    width = bar.widgetForAction(fixed).sizeHint().width()
    window.editor.set_fields(window.current_pair_id, {"split": "test"})
    assert fixed.text() == "Undo" and fixed.isEnabled() and "Change split" in fixed.toolTip()
    assert bar.widgetForAction(fixed).sizeHint().width() == width
