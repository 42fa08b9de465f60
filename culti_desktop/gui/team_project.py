"""Team projects in the GUI: open/create by URL, live updates, refresh on focus, stale-edit reload (ADR 0106).

Kept out of ``main_window`` on purpose: :func:`install` adds two File-menu actions and returns a
:class:`TeamSupport` that the window calls at three points (before an edit, after an edit, on a
refused stale edit). For a PostgreSQL project it runs a :class:`ChangeListener` on a daemon
thread and refreshes the queue and counts when another curator commits; any project is
refreshed when the window regains focus. The URL typed is never saved with a password.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from culti_desktop.core.curation import versions
from culti_desktop.core.curation.edits import Op
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.locator import has_password, is_server_locator
from culti_desktop.gui.password_prompt import dialog_provider


class TeamUrlDialog(QDialog):
    """Ask for ``postgresql://user@host:port/db``; the password belongs in ~/.pgpass, not here."""

    def __init__(self, parent: QWidget | None, create: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New team project") if create else self.tr("Open team project"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Server address (PostgreSQL URL):"), self))
        self.url = QLineEdit(self)
        self.url.setObjectName("teamUrl")
        self.url.setPlaceholderText(self.tr("postgresql://user@host:5432/database"))
        layout.addWidget(self.url)
        hint = QLabel(
            self.tr(
                "Password: ~/.pgpass, PGPASSWORD or the system keyring, else asked; never saved in settings."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 150)

    def locator(self) -> str:
        return self.url.text().strip()


class _Bridge(QObject):
    changed = Signal(object)  # set of table names, emitted from the listener thread (queued to the GUI)


class TeamSupport:
    """What the main window needs for several curators; a no-op for a file project except refresh on focus."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.seen: dict[int, int] = {}
        self._bridge = _Bridge()
        self.changes = self._bridge.changed  # tables others changed; open views (conflicts) listen too
        self._bridge.changed.connect(self._on_remote_change, Qt.ConnectionType.QueuedConnection)
        self._stop: threading.Event | None = None
        window.projectChanged.connect(self._on_project)
        window.queue.pairActivated.connect(self._on_pair_shown)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_app_state)

    # -- opening -----------------------------------------------------------------------------
    def open_dialog(self, create: bool = False) -> None:
        dialog = TeamUrlDialog(self.window, create)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.locator():
            return
        url = dialog.locator()
        if not is_server_locator(url):
            QMessageBox.warning(
                self.window,
                dialog.windowTitle(),
                QCoreApplication.translate("TeamProject", "Not a postgresql:// address"),
            )
            return
        if has_password(url):
            QMessageBox.information(
                self.window,
                dialog.windowTitle(),
                QCoreApplication.translate(
                    "TeamProject",
                    "The password in the address is used now but not saved; put it in ~/.pgpass or the keyring.",
                ),
            )
        if create:
            try:
                create_project(url, password_provider=dialog_provider(self.window)).close()
            except CultiError as exc:
                QMessageBox.warning(
                    self.window,
                    QCoreApplication.translate("TeamProject", "Cannot create project"),
                    exc.one_line(),
                )
                return
        self.window.open_project_file(url)

    # -- live updates --------------------------------------------------------------------------
    def _on_project(self, project: Any) -> None:
        self.seen.clear()
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        if project is None or not project.is_server:
            return
        try:
            from culti_desktop.core.storage.notify import ChangeListener

            listener = ChangeListener(project)
        except Exception:  # noqa: BLE001 - no live updates; refresh on focus still works
            return
        stop = threading.Event()
        self._stop = stop
        threading.Thread(target=self._listen, args=(listener, stop), name="culti-listen", daemon=True).start()

    def _listen(self, listener: Any, stop: threading.Event) -> None:
        try:
            while not stop.is_set():
                changed = listener.wait(0.5)
                if changed and not stop.is_set():
                    self._bridge.changed.emit(changed)
        except Exception:  # noqa: BLE001 - server gone: the next refresh on focus reports it
            pass
        finally:
            listener.close()

    def _on_remote_change(self, _tables: object) -> None:
        if self.window.project is not None:
            self.window.queue.reload()

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.window.project is not None:
            self.window.queue.reload()

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    # -- stale edits -----------------------------------------------------------------------
    def _on_pair_shown(self, pair_id: int) -> None:
        if self.window.project is not None and self.window.project.is_server:
            self.seen.update(versions.pair_versions(self.window.project, [pair_id]))

    def with_seen_version(self, op: Op) -> Op:
        """The op, expecting the version of the pair the curator was shown (team projects only)."""
        pid = op.params.get("pair_id") if op.kind == "set_pair_fields" else None
        if pid is None or int(pid) not in self.seen or versions.EXPECT_KEY in op.params:
            return op
        return Op(op.kind, versions.expecting(op.params, {int(pid): self.seen[int(pid)]}))

    def remember(self, pair_ids: set[int]) -> None:
        if self.window.project is not None and self.window.project.is_server and pair_ids:
            self.seen.update(
                versions.pair_versions(self.window.project, pair_ids & set(self.seen) or pair_ids)
            )

    def on_stale(self, exc: versions.StaleEditError) -> None:
        """Reload the pair (the panel then shows the other curator's values) and say who changed it."""
        if exc.pair_id is not None:
            self.remember({exc.pair_id})
            self.window.queue.pairs_changed({exc.pair_id})
            if self.window.current_pair_id == exc.pair_id:
                self.window.pair_panel.show_pair(exc.pair_id)
        QMessageBox.information(
            self.window,
            QCoreApplication.translate("TeamProject", "Changed by another curator"),
            exc.one_line(),
        )


def install(window: Any) -> TeamSupport:
    """Add File ▸ New team project / Open team project by URL (before the sample entry) and wire live updates."""
    from culti_desktop.gui.window_actions import add_action

    team = TeamSupport(window)
    file_menu = window.menuBar().actions()[0].menu()
    anchor = window.actions_by_name.get("sample")
    for name, text, create in (
        ("new_team", QCoreApplication.translate("TeamProject", "New &team project…"), True),
        ("open_team", QCoreApplication.translate("TeamProject", "Open team project by &URL…"), False),
    ):
        act = add_action(window, name, text, lambda cr=create: team.open_dialog(cr))
        if anchor is not None:
            file_menu.insertAction(anchor, act)
        else:
            file_menu.addAction(act)
    return team
