"""The training panel and models page inside the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDockWidget, QWidget

from culti_desktop.core.ml.registry import current_model_version


@pytest.fixture
def window(qtbot, tmp_path_factory):
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    from culti_desktop.gui.main_window import MainWindow

    win = MainWindow(ask_curator=False)
    qtbot.addWidget(win)
    yield win
    from culti_desktop.gui.workers import cancel_all_and_wait

    cancel_all_and_wait()


def _panels(win):
    return win.findChild(QWidget, "mlTrainingPanel"), win.findChild(QWidget, "mlModelsPage")


def test_panels_install_and_follow_the_project(window, shapes_project):
    assert not {k: v for k, v in window.panel_errors.items() if ".ml_" in k}
    training, models = _panels(window)
    assert training is not None and models is not None
    assert window.findChild(QDockWidget, "mlTrainingDock") and window.findChild(QDockWidget, "mlModelsDock")
    assert not training.start_button.isEnabled()
    window.projectChanged.emit(shapes_project)
    assert training.start_button.isEnabled()
    assert models.split.findText("test") >= 0 and models.split.findText("train") >= 0
    assert "ViT-B-16" in [models.archs.item(r, 0).text() for r in range(models.archs.rowCount())]


def test_train_from_the_panel_draws_curves_and_lists_the_new_current_version(window, shapes_project, qtbot):
    training, models = _panels(window)
    window.projectChanged.emit(shapes_project)
    training.model.setCurrentIndex(training.model.findData("tiny"))
    training.epochs.setValue(2)
    training.batch.setValue(32)
    training.device.setCurrentIndex(training.device.findData("cpu"))
    worker = training.start()
    assert worker is not None and not training.start_button.isEnabled()
    qtbot.waitUntil(
        lambda: worker.state in ("finished", "failed") and not worker.is_running(), timeout=120_000
    )
    qtbot.waitUntil(lambda: training.start_button.isEnabled(), timeout=5_000)
    assert worker.state == "finished", worker.error
    assert len(training.plot.loss) == worker.result.steps > 0
    assert len(training.plot.recall) == 3  # before training + 2 epochs
    training.plot.grab()  # paints without error
    mv = current_model_version(shapes_project)
    assert mv.id == worker.result.version_id
    star_rows = [r for r in range(models.table.rowCount()) if models.table.item(r, 0).text() == "★"]
    assert [models.table.item(r, 1).text() for r in star_rows] == [str(mv.id)]
    assert models.table.item(star_rows[0], 6).text() != ""  # its valid MR is shown

    # pick the untrained base model for the index, then evaluate it on the test split
    base_id = mv.parent_id
    models.select_version(base_id)
    models.use_selected()
    assert current_model_version(shapes_project).id == base_id
    models.split.setCurrentText("test")
    ev = models.evaluate_selected()
    qtbot.waitUntil(lambda: ev.state in ("finished", "failed") and not ev.is_running(), timeout=60_000)
    assert ev.state == "finished", ev.error
    qtbot.waitUntil(lambda: "MR" in models.message.text(), timeout=5_000)
    row = [r for r in range(models.table.rowCount()) if models.table.item(r, 1).text() == str(base_id)][0]
    assert models.table.item(row, 7).text() != ""


def test_cancel_keeps_the_project_unchanged(window, shapes_project, qtbot):
    training, _ = _panels(window)
    window.projectChanged.emit(shapes_project)
    training.model.setCurrentIndex(training.model.findData("tiny"))
    training.epochs.setValue(50)
    training.device.setCurrentIndex(training.device.findData("cpu"))
    worker = training.start()
    qtbot.waitUntil(lambda: len(training.plot.loss) >= 1, timeout=60_000)
    training.cancel()
    qtbot.waitUntil(lambda: not worker.is_running(), timeout=60_000)
    assert worker.state == "cancelled"
    assert current_model_version(shapes_project) is None
    assert "resume" in training.status.text().lower() or "Cancel" in training.status.text()
