"""Project lifecycle: open, create, close, the sample project, recent files and the project lock."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from culti_desktop.core.curation import backup
from culti_desktop.core.errors import CultiError, ProjectLockedError
from culti_desktop.core.process_jobs import make_sample_project
from culti_desktop.core.storage.locator import is_server_locator
from culti_desktop.core.storage.project import Project, create_project, open_project
from culti_desktop.gui import settings
from culti_desktop.gui.controllers import Controller
from culti_desktop.gui.dialogs import FirstRunDialog
from culti_desktop.gui.password_prompt import dialog_provider
from culti_desktop.gui.workers import Worker, error_text, run_job

PROJECT_FILTER = "CulTi project (*.culti);;All files (*)"


class ProjectController(Controller):
    """Which project is open, and the lock that keeps a second window from editing it too."""

    _lock: Any = None

    def set_project(self, project: Project | None) -> None:
        """Make ``project`` the open project (``None`` closes) and tell every panel."""
        w = self.w
        old = w.project
        if old is not None and old is not project:
            w.pair_panel.commit_pending()
        w.undo_stack.clear()
        w.project = project
        w.current_pair_id = None
        w.viewer.set_project(project)
        w.pair_panel.set_project(project)
        w.documents.set_project(project)
        w.queue.set_project(project)
        w.update_title()
        w.update_enabled()
        w.projectChanged.emit(project)
        if old is not None and old is not project:
            old.close()
            self.release_lock()
        if project is not None:
            settings.add_recent(project.locator if project.is_server else project.path)
            if w.queue.model.rows:
                w.queue.select_pair(w.queue.model.rows[0].pair_id)
            elif w.documents.page_ids:
                w.navigation.show_page(w.documents.page_ids[0])

    def open_project_file(self, path: str | Path, *, interactive: bool = True) -> Project | None:
        """Open ``path``; a project open elsewhere is refused unless the user insists."""
        lock = self._acquire_lock(Path(path), interactive)
        if lock is False:
            return None
        server = is_server_locator(str(path))
        asker = dialog_provider(self.w) if interactive and server else None  # keyring prompt (ADR 0107)
        try:
            project = open_project(path, password_provider=asker)
        except CultiError as exc:
            if lock:
                lock.release()
            if not interactive:
                raise
            QMessageBox.warning(self.w, self.tr("Cannot open project"), error_text(exc))
            if not server:  # a server may be down or the password prompt cancelled: keep it listed
                settings.remove_recent(str(Path(path).resolve()))
            return None
        self.set_project(project)
        self._lock = lock or None
        if interactive:
            self.w.editor.ensure_curator()  # asked once, before the first edit rather than in the middle
        return project

    def _acquire_lock(self, path: Path, interactive: bool) -> Any:
        from culti_desktop.core.storage.lock import ProjectLock

        if not path.is_file():
            return None
        try:
            return ProjectLock(path.resolve()).acquire(owner=self.w.curator)
        except ProjectLockedError as exc:
            if not interactive:
                raise
            answer = QMessageBox.question(
                self.w,
                self.tr("Project already open"),
                error_text(exc)
                + "\n\n"
                + self.tr("Open it anyway? Edits from two windows may overwrite each other."),
            )
            return None if answer == QMessageBox.StandardButton.Yes else False
        except OSError:
            return None

    def release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close_project(self) -> None:
        self.set_project(None)

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.w, self.tr("New project"), str(Path.home() / "project.culti"), PROJECT_FILTER
        )
        if not path:
            return
        if not path.endswith(".culti"):
            path += ".culti"
        try:
            project = create_project(path)
        except CultiError as exc:
            QMessageBox.warning(self.w, self.tr("Cannot create project"), error_text(exc))
            return
        project.close()
        self.open_project_file(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Open project"), str(Path.home()), PROJECT_FILTER
        )
        if path:
            self.open_project_file(path)

    def fill_recent_menu(self) -> None:
        menu = self.w.recent_menu
        menu.clear()
        recent = settings.recent_projects()
        if not recent:
            menu.addAction(self.tr("(none)")).setEnabled(False)
        for p in recent:
            act = menu.addAction(p)
            act.triggered.connect(lambda _c=False, path=p: self.open_project_file(path))

    def open_sample(self) -> Worker:
        """Create (first time) and open the bundled sample project, off the GUI thread."""
        from culti_desktop.core.sample import default_sample_path

        target = default_sample_path()
        if self.w.project is not None and self.w.project.path == target.resolve():
            self.set_project(None)
        return run_job(
            self.w,
            functools.partial(make_sample_project, str(target)),
            self.tr("Preparing the sample project"),
            dialog=True,
            in_process=True,
            on_finished=lambda path: self.open_project_file(path),
        )

    def first_run(self) -> None:
        dialog = FirstRunDialog(self.w)
        if dialog.exec():
            {"sample": self.open_sample, "new": self.new_project_dialog, "open": self.open_project_dialog}[
                dialog.choice
            ]()

    def save_copy_dialog(self) -> None:
        w = self.w
        if not w.need_project():
            return
        assert w.project is not None
        w.pair_panel.commit_pending()
        suggestion = w.project.path.with_name(
            f"{w.project.path.stem} {dt.datetime.now():%Y-%m-%d %H%M}.culti"
        )
        path, _ = QFileDialog.getSaveFileName(w, self.tr("Save a copy"), str(suggestion), PROJECT_FILTER)
        if path:
            try:
                target = backup.save_copy(w.project, path)
            except CultiError as exc:
                QMessageBox.warning(w, self.tr("Save a copy"), error_text(exc))
                return
            w.statusBar().showMessage(self.tr("Copy saved to {p}").format(p=target), 6000)
