"""App shell: background workers, panel plugins, translations, CJK font, screenshot launcher."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtGui import QFontDatabase, QImage

from culti_desktop.core.errors import InputError
from culti_desktop.gui.workers import Worker, run_job

REPO = Path(__file__).resolve().parents[2]


def test_worker_reports_progress_off_the_gui_thread_and_finishes(qtbot):
    threads, seen = [], []

    def work(job):
        threads.append(threading.get_ident())
        job.start(4, "counting")
        for _ in range(4):
            job.advance(1)
        return "done"

    worker = Worker(work)
    worker.job.min_interval = 0
    worker.progress.connect(lambda p: seen.append(p.done))
    with qtbot.waitSignal(worker.finished, timeout=5000) as finished:
        worker.start()
    assert finished.args == ["done"]
    assert threads and threads[0] != threading.get_ident()
    qtbot.waitUntil(lambda: seen and seen[-1] == 4)
    assert seen == sorted(seen)


def test_worker_cancel_and_failure(qtbot):
    gate = threading.Event()

    def slow(job):
        job.start(None, "waiting")
        while True:
            gate.wait(0.01)
            job.check_cancelled()

    worker = Worker(slow)
    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.start()
        worker.cancel()
    assert worker.state == "cancelled"

    bad = Worker(lambda job: (_ for _ in ()).throw(InputError("broken file", "x.pdf")))
    with qtbot.waitSignal(bad.failed, timeout=5000) as failed:
        bad.start()
    assert isinstance(failed.args[0], InputError) and "x.pdf" in str(failed.args[0])
    qtbot.waitUntil(lambda: not bad.is_running())


def test_run_job_shows_status_progress(qtbot, window):
    result = []
    worker = run_job(window, lambda job: 7, "Test job", on_finished=result.append)
    qtbot.waitUntil(lambda: result == [7], timeout=5000)
    qtbot.waitSignal(worker.done, timeout=5000)
    from culti_desktop.gui.workers import status_progress_of

    assert status_progress_of(window).isHidden()


def test_panels_install_and_missing_or_broken_ones_are_reported(qtbot, tmp_path, monkeypatch):
    from culti_desktop.gui import plugins
    from culti_desktop.gui.main_window import MainWindow

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    assert w.panel_errors == {}  # every listed panel imports and installs

    (tmp_path / "culti_test_panel_ok.py").write_text(
        "def install(window):\n    window.menuBar().addMenu('Test panel')\n", encoding="utf-8"
    )
    (tmp_path / "culti_test_panel_bad.py").write_text("import culti_no_such_dependency\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    installed = plugins.install_panels(
        w, ["culti_test_panel_ok", "culti_no_such_panel", "culti_test_panel_bad"]
    )
    assert installed == ["culti_test_panel_ok"]
    assert "Test panel" in [a.text() for a in w.menuBar().actions()]
    # a missing panel and a broken dependency are both reported, not hidden
    assert sorted(w.panel_errors) == ["culti_no_such_panel", "culti_test_panel_bad"]


def test_chinese_translation_compiled_and_complete():
    from culti_desktop.gui.i18n import I18N_DIR

    translator = QTranslator()
    assert translator.load(str(I18N_DIR / "culti_zh_CN.qm"))
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("ReviewQueue", "Left to review") == "待审校"
    ts = (I18N_DIR / "culti_zh_CN.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in ts


def test_bundled_font_has_cjk_glyphs(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from culti_desktop.gui.i18n import install_cjk_font

    family = install_cjk_font(qapp)
    assert family and family in QFontDatabase.families()
    metrics = QFontMetrics(QFont(family, 14))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "丝绸纹样敦煌")


@pytest.mark.slow
def test_screenshot_command_writes_the_window(gui_project_path, tmp_path):
    out = tmp_path / "shot.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        CULTI_DATA_DIR=str(tmp_path / "data"),
    )
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            str(gui_project_path),
            "--screenshot",
            str(out),
            "--lang",
            "zh",
            "--size",
            "1000x700",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) for x in range(0, 1000, 25) for y in range(0, 700, 25)}
    assert len(colours) > 20  # a real window (page render, boxes, docks), not a blank frame

    missing = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            str(tmp_path / "nope.culti"),
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert missing.returncode == 1 and "nope.culti" in missing.stderr.strip().splitlines()[-1]


def _sample_pdf(tmp_path, name="导入.pdf"):
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    page.insert_text((40, 60), "Fig. 1 Bronze vessel", fontsize=12)
    path = tmp_path / name
    doc.save(path)
    return path


@pytest.mark.slow
def test_import_runs_in_a_child_process_and_panels_refresh(qtbot, window, tmp_path):
    before = len(window.documents.page_ids)
    worker = window.import_files([_sample_pdf(tmp_path)])
    assert type(worker).__name__ == "ProcessWorker"
    with qtbot.waitSignal(worker.done, timeout=120_000):
        pass
    assert worker.state == "finished", worker.error
    assert worker.result.imported
    assert len(window.documents.page_ids) == before + 1
    assert window.documents.topLevelItemCount() == 2


@pytest.mark.slow
def test_process_worker_cancel(qtbot, tmp_path):
    import functools

    from culti_desktop.gui.workers import ProcessWorker

    worker = ProcessWorker(functools.partial(_count_slowly, 10_000))
    seen = []
    worker.progress.connect(lambda p: seen.append(p.done))
    with qtbot.waitSignal(worker.done, timeout=60_000):
        worker.start()
        qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
        worker.cancel()
    assert worker.state == "cancelled"
    assert 0 < seen[-1] < 10_000


def _count_slowly(n, job):
    import time

    job.min_interval = 0
    job.start(n, "counting")
    for _ in range(n):
        time.sleep(0.005)
        job.advance(1)


@pytest.mark.slow
def test_drop_files_imports_them(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_sample_pdf(tmp_path, "拖入.pdf")))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    from culti_desktop.gui.workers import active_workers

    workers = [w for w in active_workers() if type(w).__name__ == "ProcessWorker"]
    assert len(workers) == 1
    with qtbot.waitSignal(workers[0].done, timeout=120_000):
        pass
    assert any(
        window.documents.topLevelItem(i).text(0) == "拖入.pdf"
        for i in range(window.documents.topLevelItemCount())
    )


def test_window_state_and_recent_projects_persist(qtbot, gui_project_path):
    from culti_desktop.gui import settings
    from culti_desktop.gui.main_window import MainWindow

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.open_project_file(gui_project_path, interactive=False)
    w.show()
    qtbot.waitExposed(w)
    screen = w.screen().availableGeometry()  # offscreen screens are small; restoreGeometry clamps
    hint = w.minimumSizeHint()  # docks (the page strip ...) set the floor; ask a size just above it
    size = (min(screen.width(), hint.width() + 20), min(screen.height(), max(560, hint.height() + 20)))
    w.resize(*size)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == size)
    w.queue_dock.hide()
    w.close()
    assert settings.recent_projects()[0] == str(gui_project_path.resolve())
    w2 = MainWindow(ask_curator=False)
    qtbot.addWidget(w2)
    assert (w2.width(), w2.height()) == size
    assert w2.queue_dock.isHidden()


def test_first_run_dialog_offers_sample_new_open(qtbot):
    from PySide6.QtWidgets import QPushButton

    from culti_desktop.gui.dialogs import FirstRunDialog

    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    names = {b.objectName() for b in dlg.findChildren(QPushButton)}
    assert {"firstRun_sample", "firstRun_new", "firstRun_open"} <= names
    dlg.findChild(QPushButton, "firstRun_sample").click()
    assert dlg.choice == "sample" and dlg.result() == 1


def test_language_menu_records_the_override(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from culti_desktop.gui import i18n, settings

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.findChild(type(window.actions_by_name["accept"]), "lang_zh").trigger()
    assert settings.language_override() == "zh" and i18n.effective_language() == "zh"
    assert i18n.effective_language("en") == "en"  # --lang beats the menu


@pytest.mark.slow
def test_open_sample_builds_and_opens_the_bundled_sample(qtbot, tmp_path, monkeypatch):
    from culti_desktop.gui.main_window import MainWindow

    monkeypatch.setenv("CULTI_DATA_DIR", str(tmp_path / "data"))  # the child process inherits it
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    worker = w.open_sample()
    with qtbot.waitSignal(worker.done, timeout=300_000):
        pass
    assert worker.state == "finished", worker.error
    assert w.project is not None and w.project.path.is_relative_to(tmp_path)
    assert w.documents.topLevelItemCount() == 3  # born-digital PDF, scanned PDF, page image
    assert w.queue.model.rowCount() >= 3 and w.current_pair_id is not None
    assert w.viewer.page_id is not None
    w.close()
