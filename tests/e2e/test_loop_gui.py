"""The curator's loop through the real window (pytest-qt, offscreen), labelme-style.

New project → import a generated PDF → select every pair and accept → train tiny for two epochs
(the first-model dialog is answered with the demo model, the splits are given on the way) →
index → search in Chinese → open the result in the viewer → export cnclip, which cn_clip's own
LMDB builder reads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from sqlalchemy import select

from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Pair

from .conftest import CAPTIONS, read_lmdb


def _answer_first_model_with_tiny(qtbot) -> None:
    """The dialog is modal (exec): answer it from the event loop, as a person would."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "firstModelDialog":
            QTimer.singleShot(50, answer)
            return
        assert "demo" in dialog.tiny_button.text()
        assert "MB" in dialog.download_button.text()
        qtbot.mouseClick(dialog.tiny_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, answer)


def test_gui_loop(qtbot, tmp_path, loop_pdf, monkeypatch):
    from PySide6.QtCore import QSettings

    from culti_desktop.gui import settings
    from culti_desktop.gui.export_dialog import open_export_dialog
    from culti_desktop.gui.main_window import MainWindow
    from culti_desktop.gui.workers import cancel_all_and_wait

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    settings.set_curator_name("测试员")
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)

    # File > New project (the save dialog answered with a path)
    path = tmp_path / "新项目.culti"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    w.actions_by_name["new"].trigger()  # File > New project…
    assert w.project is not None and w.project.path == path.resolve()

    # import in the background, then every proposed pair is in the queue
    worker = w.import_files([loop_pdf])
    with qtbot.waitSignal(worker.done, timeout=300_000):
        pass
    assert worker.state == "finished", worker.error
    qtbot.waitUntil(lambda: len(w.queue.model.rows) == len(CAPTIONS), timeout=10_000)

    # select all (Ctrl+A) in the queue and accept them with one key: one undo step
    table = w.queue.table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(w.bulk.selected_ids()) == len(CAPTIONS)
    w.actions_by_name["accept"].trigger()
    with w.project.read_session() as s:
        assert set(s.scalars(select(Pair.status))) == {"accepted"}
    assert w.undo_stack.undoText() == f"Accept {len(CAPTIONS)} pairs"

    # train tiny for two epochs from the training panel; the first model is chosen in the dialog
    training = w.findChild(QWidget, "mlTrainingPanel")
    training.epochs.setValue(2)
    training.batch.setValue(4)
    training.device.setCurrentIndex(training.device.findData("cpu"))
    assert training.model.currentData() is None  # "current model": nothing named
    _answer_first_model_with_tiny(qtbot)
    worker = training.start()
    assert worker is not None
    qtbot.waitUntil(lambda: not worker.is_running() and worker.state != "running", timeout=300_000)
    assert worker.state == "finished", worker.error
    assert w.undo_stack.undoText() == "Give accepted pairs a split"  # the automatic split is undoable
    with w.project.read_session() as s:
        assert set(s.scalars(select(Pair.split))) == {"train"}

    # index, then search in Chinese
    panel = w.search_panel
    worker = panel.update_index()
    qtbot.waitUntil(lambda: "Index updated" in panel.status.text(), timeout=300_000)
    panel.mode.setCurrentIndex(panel.mode.findData("hybrid"))
    panel.query.setText("宝相花")
    with qtbot.waitSignal(panel.resultsShown, timeout=120_000):
        assert panel.run_search() is not None
    top = panel.response.results[0]
    assert "宝相花" in top.caption

    # open the result in the viewer
    panel.open_result(top.pair_id)
    assert w.current_pair_id == top.pair_id
    assert w.viewer.page_id == top.page_id

    # export cnclip and let cn_clip read it
    dialog = open_export_dialog(w)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("cnclip"))
    out = tmp_path / "导出 cnclip"
    dialog.out.setText(str(out))
    worker = dialog.start_export()
    with qtbot.waitSignal(worker.done, timeout=300_000):
        pass
    assert dialog.result is not None and dialog.result.counts["pairs"] == len(CAPTIONS)
    assert read_lmdb(out, tmp_path) == {"train": len(CAPTIONS)}
    project_path = w.project.path
    w.close()
    cancel_all_and_wait()
    with open_project(project_path) as again:
        assert len(again.get_meta("current_model") or "") > 0
