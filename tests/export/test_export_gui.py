"""The export dialog: installed in the main window, previews counts, exports with progress, cancels."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.gui


@pytest.fixture
def main_window(qtbot, export_project):
    from culti_desktop.gui.main_window import MainWindow

    try:
        w = MainWindow(ask_curator=False)
    except TypeError:  # older main window signature
        w = MainWindow()
    qtbot.addWidget(w)
    assert "culti_desktop.gui.export_dialog" not in getattr(w, "panel_errors", {})
    w.set_project(export_project.project)
    yield w
    w.project = None  # the project fixture closes it


def _export_action(window):
    from PySide6.QtGui import QAction

    return next(a for a in window.findChildren(QAction) if a.objectName() == "export_dataset")


def test_menu_actions_follow_the_project(qtbot, main_window, export_project):
    from PySide6.QtGui import QAction

    action = _export_action(main_window)
    importer = next(a for a in main_window.findChildren(QAction) if a.objectName() == "import_dataset")
    assert action.isEnabled() and importer.isEnabled()
    main_window.projectChanged.emit(None)
    assert not action.isEnabled() and not importer.isEnabled()
    main_window.projectChanged.emit(export_project.project)
    assert action.isEnabled() and importer.isEnabled()


def test_import_dataset_in_the_background_reloads_the_window(
    qtbot, main_window, export_project, tmp_path, make_cnclip_dataset
):
    from culti_desktop.core.storage.models import Pair
    from culti_desktop.gui.export_dialog import import_dataset_folder

    make_cnclip_dataset(tmp_path / "数据集", {"train": [(1, "团花", [1, 2])], "valid": [(2, "云纹", [3])]})
    pages_before = len(main_window.documents.page_ids)
    worker = import_dataset_folder(main_window, tmp_path / "数据集")
    with qtbot.waitSignal(worker.done, timeout=60000):
        pass
    assert worker.state == "finished", worker.error
    assert (
        export_project.project.count(Pair) == export_project.accepted + 2 + 3
    )  # 2 proposed/rejected + 3 new
    assert len(main_window.documents.page_ids) == pages_before + 3  # reloaded: three new dataset pages
    assert "Imported 3 pairs" in main_window.statusBar().currentMessage()


def test_dialog_previews_counts_and_exports_in_the_background(qtbot, main_window, export_project, tmp_path):
    from culti_desktop.gui.export_dialog import open_export_dialog

    dialog = open_export_dialog(main_window)
    qtbot.addWidget(dialog)
    counts = dialog.refresh_preview()
    assert counts["pairs"] == export_project.accepted
    assert dialog.preview.item(dialog.preview.rowCount() - 1, 0).text() == str(export_project.accepted)
    dialog.statuses["proposed"].setChecked(True)
    assert dialog.refresh_preview()["pairs"] == export_project.accepted + 1
    dialog.statuses["proposed"].setChecked(False)

    dialog.format.setCurrentIndex(dialog.format.findData("jsonl"))
    dialog.lang.setCurrentIndex(dialog.lang.findData("both"))
    out = tmp_path / "界面 导出"
    dialog.out.setText(str(out))
    worker = dialog.start_export()
    assert worker is not None
    with qtbot.waitSignal(worker.done, timeout=60000):
        pass
    assert dialog.result is not None and dialog.result.counts["pairs"] == export_project.accepted
    rows = (out / "manifest.jsonl").read_text("utf-8").splitlines()
    assert len(rows) == export_project.accepted and json.loads(rows[0])["caption_zh"]
    assert str(export_project.accepted) in dialog.summary.text()


def test_cancel_leaves_nothing(qtbot, main_window, export_project, tmp_path):
    from culti_desktop.gui.export_dialog import open_export_dialog

    dialog = open_export_dialog(main_window)
    qtbot.addWidget(dialog)
    out = tmp_path / "exports" / "cancelled"
    dialog.out.setText(str(out))
    dialog.format.setCurrentIndex(dialog.format.findData("openclip"))
    worker = dialog.start_export()
    # Cancel while an export runs cancels it (the dialog stays open); the child process is still
    # starting, so the cancel is seen at its first figure.
    dialog.cancel_button.click()
    with qtbot.waitSignal(worker.done, timeout=60000):
        pass
    assert worker.state == "cancelled"
    assert not out.exists() and (not out.parent.exists() or not any(out.parent.iterdir()))
    assert "cancelled" in dialog.summary.text().lower()
