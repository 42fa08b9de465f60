"""The GUI's keyring prompt for a team server (ADR 0107), answered by the test like a curator would.

Real pieces only: a role with a ``scram-sha-256`` password on the throwaway test cluster (its
pgpass names only the admin role), keyrings.alt's file backend in a temporary folder as the
system keyring, real dialogs answered through pytest-qt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.credentials import Credential, ServerKey

Handler = Callable[[QWidget], None]


def answer_dialogs(handlers: list[Handler]) -> list[str]:
    """Answer each modal dialog as it opens with the next handler; returns the dialogs' class names seen."""
    seen: list[str] = []

    def tick() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.isVisible() and handlers:
            seen.append(type(dialog).__name__)
            handlers.pop(0)(dialog)
        if handlers:
            QTimer.singleShot(20, tick)

    QTimer.singleShot(0, tick)
    return seen


def type_password(qtbot, password: str, *, remember: bool, error_shown: bool) -> Handler:
    def handle(dialog: QWidget) -> None:
        from culti_desktop.gui.password_prompt import PasswordDialog

        assert isinstance(dialog, PasswordDialog)
        assert dialog.error.isVisibleTo(dialog) is error_shown
        qtbot.keyClicks(dialog.password, password)
        dialog.remember.setChecked(remember)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    return handle


def cancel(dialog: QWidget) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()


def settings_text() -> str:
    from culti_desktop.gui import settings

    s = settings.settings()
    s.sync()
    path = Path(s.fileName())
    return path.read_text("utf-8", errors="replace") if path.exists() else ""


@pytest.fixture
def warnings(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(str(a[2])))
    return shown


def test_new_team_project_prompts_remembers_and_reopens_without_prompt(
    qtbot, pg_password_account, file_keyring, warnings
) -> None:
    from culti_desktop.core.storage import credentials
    from culti_desktop.gui import settings
    from culti_desktop.gui.main_window import MainWindow

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    stored_at_second_ask: list[str | None] = []

    def set_url(dialog: QWidget) -> None:
        dialog.url.setText(url)
        dialog.accept()

    def right_password(dialog: QWidget) -> None:
        stored_at_second_ask.append(file_keyring.get_password(key.service, key.user))
        type_password(qtbot, pw, remember=True, error_shown=True)(dialog)

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.show()
    seen = answer_dialogs(
        [set_url, type_password(qtbot, "wrong-" + pw, remember=True, error_shown=False), right_password]
    )
    w.team.open_dialog(create=True)  # File ▸ New team project…: URL, wrong password, right password
    assert seen == ["TeamUrlDialog", "PasswordDialog", "PasswordDialog"]
    assert w.project is not None and w.project.is_server, warnings
    assert stored_at_second_ask == [None]  # the refused password was not stored
    assert file_keyring.get_password(key.service, key.user) == pw
    assert settings.recent_projects()[0] == url
    text = settings_text()
    assert url.split("@")[0] in text and pw not in text  # the URL is there, the password is not
    w.close()

    credentials._session.clear()  # the next start of the app: only the keyring knows the password
    w2 = MainWindow(ask_curator=False)
    qtbot.addWidget(w2)
    w2.show()
    guard = [cancel]
    prompts = answer_dialogs(guard)
    assert w2.open_project_file(url) is not None
    guard.clear()  # stop the guard
    assert prompts == [] and w2.project.is_server
    assert pw not in settings_text()
    w2.close()


def test_wrong_password_clear_error_prompt_again_nothing_stored(
    qtbot, pg_password_account, file_keyring, warnings
) -> None:
    from culti_desktop.core.storage import credentials
    from culti_desktop.gui import settings
    from culti_desktop.gui.main_window import MainWindow

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    create_project(url, password_provider=lambda _r: Credential(pw)).close()
    credentials._session.clear()
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.show()
    seen = answer_dialogs([type_password(qtbot, "wrong", remember=True, error_shown=False), cancel])
    assert w.open_project_file(url) is None
    assert seen == ["PasswordDialog", "PasswordDialog"]  # asked again after the wrong one
    assert len(warnings) == 1 and "password authentication failed" in warnings[0] and pw not in warnings[0]
    assert file_keyring.get_password(key.service, key.user) is None
    assert credentials.session_password(key) is None
    assert url not in settings.recent_projects() and "wrong" not in settings_text()
    w.close()


@pytest.mark.slow
def test_a_prompted_password_reaches_the_import_child_process(
    qtbot, pg_password_account, file_keyring, warnings, tmp_path
) -> None:
    """Not remembered: the password lives in memory only, and the spawned import job gets it from there."""
    import pymupdf

    from culti_desktop.core.storage.models import Document
    from culti_desktop.gui.main_window import MainWindow

    url, pw = pg_password_account
    key = ServerKey.from_locator(url)
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.show()

    def set_url(dialog: QWidget) -> None:
        dialog.url.setText(url)
        dialog.accept()

    answer_dialogs([set_url, type_password(qtbot, pw, remember=False, error_shown=False)])
    w.team.open_dialog(create=True)
    assert w.project is not None and w.project.is_server, warnings
    doc = pymupdf.open()
    doc.new_page(width=300, height=400).insert_text((40, 60), "Fig. 1 Bronze vessel", fontsize=12)
    doc.save(tmp_path / "纹样.pdf")
    worker = w.import_files([tmp_path / "纹样.pdf"])
    assert type(worker).__name__ == "ProcessWorker"
    with qtbot.waitSignal(worker.done, timeout=120_000):
        pass
    assert worker.state == "finished", worker.error
    assert w.project.count(Document) == 1
    assert file_keyring.get_password(key.service, key.user) is None and pw not in settings_text()
    w.close()


def test_password_dialogs_are_chinese(qtbot, qapp) -> None:
    import sys

    from culti_desktop.core.storage.credentials import PasswordRequest
    from culti_desktop.gui.i18n import install_translators
    from culti_desktop.gui.password_prompt import PasswordDialog
    from culti_desktop.gui.team_project import TeamUrlDialog

    sys.path.insert(0, str(Path(__file__).parent))
    from untranslated import untranslated, visible_texts

    translators = install_translators(qapp, "zh")
    try:
        key = ServerKey("127.0.0.1", 5432, "目录", "甲")  # names are data: keep them out of the check
        for dialog in (
            PasswordDialog(None, PasswordRequest(key, "password authentication failed", 2)),
            TeamUrlDialog(None, True),
        ):
            qtbot.addWidget(dialog)
            dialog.show()
            assert untranslated(dialog) == []
            assert "钥匙串" in " ".join(text for _kind, text in visible_texts(dialog))
    finally:
        for t in translators:
            QApplication.removeTranslator(t)


pytestmark = pytest.mark.gui
