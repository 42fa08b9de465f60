"""The main window: the open project, its documents and pages, the viewer, pair panel and queue.

Panels from other areas install themselves through :func:`culti_desktop.gui.plugins.install_panels`
and only rely on ``window.project`` (the open :class:`Project` or ``None``) and the
``projectChanged(object)`` signal, emitted with the new project (or ``None`` on close).

Every curator gesture becomes an :class:`~culti_desktop.core.curation.edits.Op`, applied at once
(one committed transaction) and pushed on a ``QUndoStack``: there is no Save button, and a
killed app loses at most its undo history.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QWidget,
)
from sqlalchemy import select

from culti_desktop.core.curation import backup, edits
from culti_desktop.core.curation.edits import Applied, Op
from culti_desktop.core.errors import CultiError, ProjectLockedError
from culti_desktop.core.storage.models import Pair, Region
from culti_desktop.core.storage.project import Project, create_project, open_project
from culti_desktop.gui import queue_bulk, settings
from culti_desktop.gui.dialogs import DashboardDialog, FirstRunDialog, ShortcutsDialog, ask_curator_name
from culti_desktop.gui.document_tree import DocumentTree
from culti_desktop.gui.page_viewer import PageViewer
from culti_desktop.gui.pair_panel import PairPanel
from culti_desktop.gui.plugins import install_panels
from culti_desktop.gui.process_jobs import import_into_project, make_sample_project
from culti_desktop.gui.review_queue import ReviewQueue
from culti_desktop.gui.undo import OpCommand
from culti_desktop.gui.workers import Worker, cancel_all_and_wait, error_text, run_job

log = logging.getLogger(__name__)
PROJECT_FILTER = "CulTi project (*.culti);;All files (*)"
IMPORT_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


class MainWindow(QMainWindow):
    projectChanged = Signal(object)
    editApplied = Signal(object)  # Applied, after every edit, undo and redo

    def __init__(self, parent: QWidget | None = None, *, ask_curator: bool = True) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.panel_errors: dict[str, str] = {}
        self.curator: str = settings.curator_name()
        self.ask_curator = ask_curator
        self.session_start = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.current_pair_id: int | None = None
        self._lock: Any = None
        self._prefetcher: Worker | None = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)

        self.viewer = PageViewer(self)
        self.setCentralWidget(self.viewer)
        self.documents = DocumentTree(self)
        self.queue = ReviewQueue(self)
        self.pair_panel = PairPanel(self)
        self.pair_panel.crop_provider = self.viewer.crop_pixmap
        self.docs_dock = self._dock(
            "documentsDock", self.tr("Documents"), self.documents, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.queue_dock = self._dock(
            "queueDock", self.tr("Review queue"), self.queue, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.pair_panel)
        self.pair_dock = self._dock(
            "pairDock", self.tr("Pair"), scroll, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.resizeDocks([self.docs_dock, self.queue_dock], [260, 440], Qt.Orientation.Vertical)
        self.resizeDocks([self.docs_dock, self.pair_dock], [380, 400], Qt.Orientation.Horizontal)

        self.counters_label = QLabel(self)
        self.curator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.counters_label)
        self.statusBar().addPermanentWidget(self.curator_label)
        self._update_curator_label()

        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()
        self._connect()
        self.bulk = queue_bulk.install(self)  # multi-select in the queue, bulk status/split
        self._update_title()
        install_panels(self)
        self._arrange_panel_docks()
        self._restore_window_state()

    # -- construction --------------------------------------------------------------------------
    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _arrange_panel_docks(self) -> None:
        """Docks that panels put beside the pair panel become tabs behind it, so it keeps its height."""
        mine = {self.docs_dock, self.queue_dock, self.pair_dock}
        for dock in self.findChildren(QDockWidget):
            if dock not in mine and self.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea:
                self.tabifyDockWidget(self.pair_dock, dock)
        self.pair_dock.raise_()

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: Any = None,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            seqs = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([s if isinstance(s, QKeySequence) else QKeySequence(s) for s in seqs])
            action.setShortcutContext(context)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even when the action is in no visible menu
        self.actions_by_name[name] = action
        return action

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        a = self._action
        bar = self.menuBar()
        m_file = bar.addMenu(self.tr("&File"))
        m_file.addAction(a("new", self.tr("&New project…"), self.new_project_dialog, SK.New))
        m_file.addAction(a("open", self.tr("&Open project…"), self.open_project_dialog, SK.Open))
        self.recent_menu = m_file.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        m_file.addAction(a("sample", self.tr("Open the &sample project"), self.open_sample))
        m_file.addSeparator()
        m_file.addAction(a("import", self.tr("&Import documents…"), self.import_dialog, "Ctrl+I"))
        m_file.addAction(a("save_copy", self.tr("Save a &copy…"), self.save_copy_dialog, "Ctrl+Shift+S"))
        m_file.addSeparator()
        m_file.addAction(a("close", self.tr("&Close project"), self.close_project, "Ctrl+W"))
        m_file.addAction(a("quit", self.tr("&Quit"), self.close, "Ctrl+Q"))

        m_edit = bar.addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcuts(QKeySequence.keyBindings(SK.Undo))
        undo.setObjectName("undo")
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        redo.setObjectName("redo")
        self.actions_by_name.update(undo=undo, redo=redo)
        m_edit.addAction(undo)
        m_edit.addAction(redo)
        m_edit.addSeparator()
        m_edit.addAction(
            a("draw", self.tr("&Draw a new figure box"), lambda: self.viewer.set_mode("draw"), "D")
        )
        m_edit.addAction(a("link", self.tr("&Link figure to a caption or text line"), self.start_link, "L"))
        m_edit.addAction(
            a(
                "delete",
                self.tr("De&lete selected box"),
                self.delete_selected,
                [QKeySequence.StandardKey.Delete, "Backspace"],
            )
        )
        m_edit.addAction(a("split", self.tr("&Split figure in two"), self.split_selected, "S"))
        m_edit.addAction(a("merge", self.tr("&Merge two selected figures"), self.merge_selected, "M"))
        m_edit.addSeparator()
        m_edit.addAction(a("curator", self.tr("Set &curator name…"), self.change_curator))

        m_review = bar.addMenu(self.tr("&Review"))
        m_review.addAction(
            a("accept", self.tr("&Accept"), lambda: self.set_status("accepted"), ["A", "Ctrl+Return"])
        )
        m_review.addAction(
            a("reject", self.tr("&Reject"), lambda: self.set_status("rejected"), ["R", "Ctrl+Backspace"])
        )
        m_review.addAction(
            a("needs_review", self.tr("Needs re&view"), lambda: self.set_status("needs_review"), "V")
        )
        m_review.addSeparator()
        m_review.addAction(a("next", self.tr("&Next pair"), self.next_pair, ["J", "Ctrl+Down"]))
        m_review.addAction(a("previous", self.tr("&Previous pair"), self.previous_pair, ["K", "Ctrl+Up"]))
        m_review.addAction(
            a(
                "edit_zh",
                self.tr("Edit &Chinese caption"),
                lambda: self._focus(self.pair_panel.caption_zh),
                ["C", "Ctrl+1"],
            )
        )
        m_review.addAction(
            a(
                "edit_en",
                self.tr("Edit &English caption"),
                lambda: self._focus(self.pair_panel.caption_en),
                ["E", "Ctrl+2"],
            )
        )
        m_review.addAction(
            a("edit_tags", self.tr("Edit &tags"), lambda: self._focus(self.pair_panel.tags), "T")
        )
        m_review.addAction(
            a("leave_field", self.tr("Leave the text field / cancel drawing"), self.leave_field, "Esc")
        )
        m_review.addSeparator()
        m_review.addAction(a("next_page", self.tr("Next page"), lambda: self.step_page(1), ["PgDown", "."]))
        m_review.addAction(
            a("previous_page", self.tr("Previous page"), lambda: self.step_page(-1), ["PgUp", ","])
        )
        m_review.addSeparator()
        m_review.addAction(a("dashboard", self.tr("&Dashboard…"), self.show_dashboard, "Ctrl+D"))

        m_view = bar.addMenu(self.tr("&View"))
        m_view.addAction(
            a(
                "zoom_in",
                self.tr("Zoom &in"),
                self.viewer.zoom_in,
                ["+", "=", QKeySequence.StandardKey.ZoomIn],
            )
        )
        m_view.addAction(
            a("zoom_out", self.tr("Zoom &out"), self.viewer.zoom_out, ["-", QKeySequence.StandardKey.ZoomOut])
        )
        m_view.addAction(a("fit_width", self.tr("Fit &width"), self.viewer.fit_width, "W"))
        m_view.addAction(a("fit_page", self.tr("Fit &page"), self.viewer.fit_page, "F"))
        m_view.addSeparator()
        for dock in (self.docs_dock, self.queue_dock, self.pair_dock):
            m_view.addAction(dock.toggleViewAction())
        m_view.addSeparator()
        m_lang = m_view.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        current = settings.language_override()
        for code, label in ((None, self.tr("Follow the system")), ("zh", "中文"), ("en", "English")):
            act = QAction(label, self, checkable=True)
            act.setChecked(code == current)
            act.setObjectName(f"lang_{code or 'system'}")
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(act)
            m_lang.addAction(act)
        self.view_menu = m_view

        m_help = bar.addMenu(self.tr("&Help"))
        m_help.addAction(a("shortcuts", self.tr("&Keyboard shortcuts"), self.show_shortcuts, ["F1", "?"]))
        m_help.addAction(a("about", self.tr("&About CulTi Desktop"), self.show_about))

        tools = QToolBar(self.tr("Curation"), self)
        tools.setObjectName("curationToolbar")
        for name in (
            "undo",
            "redo",
            None,
            "draw",
            "link",
            "split",
            "merge",
            "delete",
            None,
            "accept",
            "reject",
            "needs_review",
            None,
            "previous",
            "next",
            None,
            "zoom_out",
            "zoom_in",
            "fit_width",
            "fit_page",
        ):
            if name is None:
                tools.addSeparator()
            else:
                tools.addAction(self.actions_by_name[name])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        self._update_enabled()

    def _connect(self) -> None:
        self.documents.pageActivated.connect(lambda pid: self.show_page(pid))
        self.queue.pairActivated.connect(self.show_pair)
        self.queue.countersChanged.connect(self._show_counters)
        self.viewer.regionSelected.connect(self._region_selected)
        self.viewer.regionBoxEdited.connect(self._box_edited)
        self.viewer.regionDrawn.connect(self._box_drawn)
        self.viewer.linkRequested.connect(self._link_requested)
        self.viewer.modeChanged.connect(self._mode_changed)
        self.pair_panel.fieldsEdited.connect(
            lambda pid, fields: self.do_op(
                Op("set_pair_fields", {"pair_id": pid, "fields": fields}), self.tr("Edit caption fields")
            )
        )
        self.pair_panel.statusRequested.connect(lambda pid, st: self._set_status_of(pid, st, advance=False))
        self.pair_panel.rankRequested.connect(self.rank_candidates)
        self.pair_panel.candidateChosen.connect(self._link_candidate)

    # -- project lifecycle -----------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        """Make ``project`` the open project (``None`` closes) and tell every panel."""
        old = self.project
        if old is not None and old is not project:
            self.pair_panel.commit_pending()
        self.undo_stack.clear()
        self.project = project
        self.current_pair_id = None
        self.viewer.set_project(project)
        self.pair_panel.set_project(project)
        self.documents.set_project(project)
        self.queue.set_project(project)
        self._update_title()
        self._update_enabled()
        self.projectChanged.emit(project)
        if old is not None and old is not project:
            old.close()
            self._release_lock()
        if project is not None:
            settings.add_recent(project.path)
            if self.queue.model.rows:
                self.queue.select_pair(self.queue.model.rows[0].pair_id)
            elif self.documents.page_ids:
                self.show_page(self.documents.page_ids[0])

    def open_project_file(self, path: str | Path, *, interactive: bool = True) -> Project | None:
        """Open ``path``; a project open elsewhere is refused unless the user insists."""
        lock = self._acquire_lock(Path(path), interactive)
        if lock is False:
            return None
        try:
            project = open_project(path)
        except CultiError as exc:
            if lock:
                lock.release()
            if not interactive:
                raise
            QMessageBox.warning(self, self.tr("Cannot open project"), exc.one_line())
            settings.remove_recent(str(Path(path).resolve()))
            return None
        self.set_project(project)
        self._lock = lock or None
        if interactive:
            self.ensure_curator()  # asked once, before the first edit rather than in the middle of one
        return project

    def _acquire_lock(self, path: Path, interactive: bool) -> Any:
        try:
            from culti_desktop.core.storage.lock import ProjectLock
        except ImportError:
            return None
        if not path.is_file():
            return None
        try:
            return ProjectLock(path.resolve()).acquire(owner=self.curator)
        except ProjectLockedError as exc:
            if not interactive:
                raise
            answer = QMessageBox.question(
                self,
                self.tr("Project already open"),
                error_text(exc)
                + "\n\n"
                + self.tr("Open it anyway? Edits from two windows may overwrite each other."),
            )
            return None if answer == QMessageBox.StandardButton.Yes else False
        except OSError:
            return None

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def close_project(self) -> None:
        self.set_project(None)

    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New project"), str(Path.home() / "project.culti"), PROJECT_FILTER
        )
        if not path:
            return
        if not path.endswith(".culti"):
            path += ".culti"
        try:
            project = create_project(path)
        except CultiError as exc:
            QMessageBox.warning(self, self.tr("Cannot create project"), exc.one_line())
            return
        project.close()
        self.open_project_file(path)

    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), str(Path.home()), PROJECT_FILTER)
        if path:
            self.open_project_file(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_projects()
        if not recent:
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)
        for p in recent:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _c=False, path=p: self.open_project_file(path))

    def open_sample(self) -> Worker:
        """Create (first time) and open the bundled sample project, off the GUI thread."""
        from culti_desktop.core.sample import default_sample_path

        target = default_sample_path()
        if self.project is not None and self.project.path == target.resolve():
            self.set_project(None)
        return run_job(
            self,
            functools.partial(make_sample_project, str(target)),
            self.tr("Preparing the sample project"),
            dialog=True,
            in_process=True,
            on_finished=lambda path: self.open_project_file(path),
        )

    def first_run(self) -> None:
        dialog = FirstRunDialog(self)
        if dialog.exec():
            {"sample": self.open_sample, "new": self.new_project_dialog, "open": self.open_project_dialog}[
                dialog.choice
            ]()

    # -- import -------------------------------------------------------------------------------
    def import_dialog(self) -> None:
        if not self._need_project():
            return
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import documents"),
            str(Path.home()),
            self.tr("Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp);;All files (*)"),
        )
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> Worker | None:
        """Import in the background with progress and cancel; panels refresh when it ends."""
        if self.project is None:
            return None
        fn = functools.partial(import_into_project, str(self.project.path), [str(p) for p in paths], "auto")
        return run_job(
            self,
            fn,
            self.tr("Importing {n} file(s)").format(n=len(paths)),
            dialog=True,
            in_process=True,
            on_finished=self._import_finished,
            on_cancelled=self._refresh_all,
        )

    def _import_finished(self, summary: Any) -> None:
        self._refresh_all()
        failed = getattr(summary, "failed", [])
        done = len(getattr(summary, "imported", []))
        self.statusBar().showMessage(self.tr("Imported {n} document(s)").format(n=done), 6000)
        if failed:
            QMessageBox.warning(
                self,
                self.tr("Some files were not imported"),
                "\n".join(f"{f['file']}: {f['error']}" for f in failed),
            )

    def _refresh_all(self) -> None:
        page = self.viewer.page_id
        self.documents.set_project(self.project)
        self.queue.set_project(self.project)
        if page is not None:
            self.viewer.refresh_items()
        elif self.documents.page_ids:
            self.show_page(self.documents.page_ids[0])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.project is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_files(paths)

    def save_copy_dialog(self) -> None:
        if not self._need_project():
            return
        assert self.project is not None
        self.pair_panel.commit_pending()
        suggestion = self.project.path.with_name(
            f"{self.project.path.stem} {dt.datetime.now():%Y-%m-%d %H%M}.culti"
        )
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save a copy"), str(suggestion), PROJECT_FILTER)
        if path:
            try:
                target = backup.save_copy(self.project, path)
            except CultiError as exc:
                QMessageBox.warning(self, self.tr("Save a copy"), exc.one_line())
                return
            self.statusBar().showMessage(self.tr("Copy saved to {p}").format(p=target), 6000)

    # -- navigation -----------------------------------------------------------------------------
    def show_page(self, page_id: int, select_region: int | None = None) -> None:
        self.viewer.show_page(page_id, select_region)
        self.documents.select_page(page_id)
        self._prefetch_neighbours(page_id)

    def _prefetch_neighbours(self, page_id: int) -> None:
        """Render and decode the next page in the background (one prefetch at a time).

        The previous page was usually just seen, so it is still decoded in the viewer's memory.
        """
        if self.project is None or (self._prefetcher is not None and self._prefetcher.is_running()):
            return
        wanted = [
            p
            for p in (self.documents.neighbour(page_id, 1), self.documents.neighbour(page_id, -1))[:1]
            if p is not None and not self.viewer.has_pixmap(p)
        ]
        if not wanted:
            return
        project = self.project
        from PySide6.QtGui import QImage

        from culti_desktop.core.curation import render_cache

        def work(job: Any) -> list[tuple[int, QImage]]:
            out = []
            for pid in wanted:
                job.check_cancelled()
                out.append((pid, QImage(str(render_cache.render_page(project, pid)))))
            return out

        def done(images: list[tuple[int, Any]]) -> None:
            if self.project is project:
                for pid, image in images:
                    self.viewer.add_prefetched(pid, image)

        self._prefetcher = Worker(work, name="prefetch pages")
        self._prefetcher.finished.connect(done)
        self._prefetcher.failed.connect(lambda exc: log.debug("prefetch failed: %s", exc))
        self._prefetcher.start()

    def step_page(self, delta: int) -> None:
        target = self.documents.neighbour(self.viewer.page_id, delta)
        if target is not None:
            self.show_page(target)

    def show_pair(self, pair_id: int) -> None:
        """Show a pair: its page in the viewer with the figure selected, its fields in the panel."""
        if self.project is None:
            return
        if self.current_pair_id != pair_id:
            self.pair_panel.commit_pending()
        with self.project.read_session() as s:
            pair = s.get(Pair, pair_id)
            if pair is None:
                return
            region = s.get(Region, pair.figure_region_id)
            page_id, region_id = region.page_id, region.id
        self.current_pair_id = pair_id
        self.show_page(page_id, select_region=region_id)  # first, so the preview crops the decoded page
        self.pair_panel.show_pair(pair_id)
        self.queue.select_pair(pair_id, emit=False)
        self._update_enabled()

    def _region_selected(self, region_id: int) -> None:
        if self.project is None or region_id < 0:
            self._update_enabled()
            return
        with self.project.read_session() as s:
            pid = s.scalar(
                select(Pair.id).where(Pair.figure_region_id == region_id).order_by(Pair.id).limit(1)
            )
        if pid is not None and pid != self.current_pair_id:
            self.pair_panel.commit_pending()
            self.current_pair_id = pid
            self.pair_panel.show_pair(pid)
            self.queue.select_pair(pid, emit=False)
        self._update_enabled()

    def next_pair(self) -> None:
        self.pair_panel.commit_pending()
        self.queue.next()

    def previous_pair(self) -> None:
        self.pair_panel.commit_pending()
        self.queue.previous()

    def _focus(self, widget: QWidget) -> None:
        if self.current_pair_id is not None:
            self.pair_dock.show()
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if hasattr(widget, "selectAll"):
                widget.selectAll()

    def leave_field(self) -> None:
        self.pair_panel.commit_pending()
        if self.viewer.mode != "select":
            self.viewer.cancel_mode()
        self.viewer.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- edits ----------------------------------------------------------------------------------
    def ensure_curator(self) -> bool:
        if self.curator:
            return True
        if not self.ask_curator:
            return True
        name = ask_curator_name(self)
        if name:
            self.curator = name
            settings.set_curator_name(name)
            self._update_curator_label()
        return bool(self.curator)

    def change_curator(self) -> None:
        name = ask_curator_name(self, self.curator)
        if name:
            self.curator = name
            settings.set_curator_name(name)
            self._update_curator_label()

    def do_op(self, op: Op, text: str) -> Applied | None:
        """Apply an edit now (committed) and push it on the undo stack."""
        if self.project is None or not self.ensure_curator():
            return None
        try:
            applied = edits.apply_op(self.project, op, self.curator or None)
        except CultiError as exc:
            self.statusBar().showMessage(exc.one_line(), 6000)
            self.viewer.refresh_items()
            return None
        self.undo_stack.push(
            OpCommand(self.project, op, applied.inverse, text, lambda: self.curator or None, self._after_edit)
        )
        self._after_edit(applied)
        return applied

    def _after_edit(self, applied: Applied) -> None:
        pair_ids = {i for kind, i in applied.touched if kind == "pair"}
        region_ids = {i for kind, i in applied.touched if kind == "region"}
        if self.project is not None and region_ids:
            with self.project.read_session() as s:
                pair_ids |= set(s.scalars(select(Pair.id).where(Pair.figure_region_id.in_(region_ids))))
        self.viewer.refresh_items()
        if self.current_pair_id is not None and (self.current_pair_id in pair_ids):
            self.pair_panel.show_pair(self.current_pair_id, reload_preview=bool(region_ids))
            if self.pair_panel.pair_id is None:
                self.current_pair_id = None
        self.queue.pairs_changed(pair_ids)
        self._update_enabled()
        self.editApplied.emit(applied)

    def set_status(self, status: str, advance: bool = True) -> None:
        if self.bulk.has_many():  # several rows selected in the queue: one bulk, undoable step
            self.bulk.set_status(status)
            return
        if self.current_pair_id is None:
            return
        self._set_status_of(self.current_pair_id, status, advance)

    def _set_status_of(self, pair_id: int, status: str, advance: bool) -> None:
        self.pair_panel.commit_pending()
        names = {
            "accepted": self.tr("Accept pair"),
            "rejected": self.tr("Reject pair"),
            "needs_review": self.tr("Mark pair for review"),
        }
        if self.do_op(
            Op("set_pair_fields", {"pair_id": pair_id, "fields": {"status": status}}), names[status]
        ):
            if advance:
                self.queue.next()

    def _box_edited(self, region_id: int, _old: Any, new: Any) -> None:
        self.do_op(
            Op("set_region_box", {"region_id": region_id, "box": list(new)}), self.tr("Move/resize box")
        )

    def _box_drawn(self, page_id: int, box: Any) -> None:
        applied = self.do_op(
            Op("create_region", {"page_id": page_id, "box": list(box), "kind": "figure"}),
            self.tr("Draw figure box"),
        )
        if applied and applied.created.get("region_id"):
            self.queue.reload()
            self.viewer.select_region(applied.created["region_id"])

    def start_link(self) -> None:
        self.viewer.set_mode("link")
        if self.viewer.mode == "link":
            self.statusBar().showMessage(
                self.tr("Click the caption box or text line for the selected figure (Esc cancels)"), 8000
            )
        else:
            self.statusBar().showMessage(self.tr("Select a figure first"), 4000)

    def _link_requested(self, figure_region_id: int, kind: str, target_id: int) -> None:
        if self.project is None:
            return
        with self.project.read_session() as s:
            pid = s.scalar(
                select(Pair.id).where(Pair.figure_region_id == figure_region_id).order_by(Pair.id).limit(1)
            )
        if pid is None:
            self.statusBar().showMessage(self.tr("This box has no pair to link"), 4000)
            return
        params = {
            "pair_id": pid,
            "caption_region_id": target_id if kind == "region" else None,
            "text_line_id": target_id if kind == "line" else None,
        }
        self.do_op(Op("link_caption", params), self.tr("Link caption"))
        self.viewer.select_region(figure_region_id, center=False)

    def _selected_figures(self) -> list[int]:
        return [
            r
            for r in self.viewer.selected_region_ids()
            if (item := self.viewer.region_item(r)) is not None and item.info.kind == "figure"
        ]

    def delete_selected(self) -> None:
        ids = self.viewer.selected_region_ids()
        if not ids:
            return
        if len(ids) == 1:
            self.do_op(Op("delete_region", {"region_id": ids[0]}), self.tr("Delete box"))
        else:
            self.do_op(
                Op("batch", {"ops": [{"kind": "delete_region", "params": {"region_id": r}} for r in ids]}),
                self.tr("Delete boxes"),
            )
        self.queue.reload()

    def split_selected(self) -> None:
        figs = self._selected_figures()
        if len(figs) == 1:
            self.do_op(Op("split_figure", {"region_id": figs[0]}), self.tr("Split figure"))
            self.queue.reload()

    def merge_selected(self) -> None:
        figs = self._selected_figures()
        if len(figs) == 2:
            self.do_op(
                Op("merge_figures", {"region_id": figs[0], "other_id": figs[1]}), self.tr("Merge figures")
            )
            self.queue.reload()
        else:
            self.statusBar().showMessage(self.tr("Select exactly two figures (Ctrl+click) to merge"), 4000)

    # -- model assist ---------------------------------------------------------------------------
    def rank_candidates(self, pair_id: int, model: str | None = None) -> Worker | None:
        """Rank the page's text lines and paragraphs as captions of the pair's figure (CLIP similarity)."""
        if self.project is None:
            return None
        from culti_desktop.core.curation.assist import rank_caption_candidates

        project = self.project

        def finished(ranked: Any) -> None:
            if self.pair_panel.pair_id == pair_id:
                self.pair_panel.show_candidates(ranked)

        def failed(exc: BaseException) -> None:
            self.pair_panel.show_candidates_message(
                self.tr("Model assist unavailable: {e}").format(e=error_text(exc))
            )

        self.pair_panel.show_candidates_message(self.tr("Ranking caption candidates"))
        return run_job(
            self,
            lambda job: rank_caption_candidates(project, pair_id, job, model=model),
            self.tr("Ranking caption candidates"),
            on_finished=finished,
            on_failed=failed,
        )

    def _link_candidate(self, pair_id: int, candidate: Any) -> None:
        if candidate.kind == "region":
            params = {"pair_id": pair_id, "caption_region_id": candidate.ids[0]}
        else:
            params = {"pair_id": pair_id, "text_line_ids": list(candidate.ids)}
        self.do_op(Op("link_caption", params), self.tr("Link caption"))

    # -- dialogs --------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        dlg = ShortcutsDialog(list(self.actions_by_name.values()), self)
        dlg.show()
        return dlg

    def show_dashboard(self) -> DashboardDialog | None:
        if not self._need_project():
            return None
        assert self.project is not None
        dlg = DashboardDialog(self.project, self.session_start, self)
        dlg.show()
        return dlg

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About CulTi Desktop"),
            self.tr(
                "CulTi Desktop: curate image–text pairs from Chinese cultural-heritage documents, fine-tune "
                "Chinese-CLIP and search with LACLIP re-ranking."
            ),
        )

    def set_language(self, code: str | None) -> None:
        settings.set_language_override(code)
        QMessageBox.information(
            self,
            self.tr("Language"),
            self.tr("The new language is used from the next start of CulTi Desktop."),
        )

    # -- state ----------------------------------------------------------------------------------
    def _need_project(self) -> bool:
        if self.project is None:
            self.statusBar().showMessage(self.tr("Open or create a project first"), 4000)
            return False
        return True

    def _mode_changed(self, mode: str) -> None:
        names = {
            "draw": self.tr("Drag to draw a figure box"),
            "link": self.tr("Click a caption or text line"),
        }
        if mode in names:
            self.statusBar().showMessage(names[mode])
        else:
            self.statusBar().clearMessage()

    def _show_counters(self, c: Any) -> None:
        self.counters_label.setText(
            self.tr("✓ {a}  ✗ {r}  left {l}").format(a=c.accepted, r=c.rejected, l=c.left)
        )

    def _update_curator_label(self) -> None:
        self.curator_label.setText(self.tr("Curator: {name}").format(name=self.curator or "—"))

    def _update_title(self) -> None:
        name = self.project.path.name if self.project is not None else self.tr("no project")
        self.setWindowTitle(f"{name} — CulTi Desktop")

    def _update_enabled(self) -> None:
        has_project = self.project is not None
        bulk = getattr(self, "bulk", None)
        has_pair = self.current_pair_id is not None or (bulk is not None and bulk.has_many())
        for name in (
            "import",
            "save_copy",
            "close",
            "draw",
            "dashboard",
            "next",
            "previous",
            "next_page",
            "previous_page",
        ):
            self.actions_by_name[name].setEnabled(has_project)
        for name in ("accept", "reject", "needs_review", "edit_zh", "edit_en", "edit_tags"):
            self.actions_by_name[name].setEnabled(has_pair)

    def _restore_window_state(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_window_state(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pair_panel.commit_pending()
        self.save_window_state()
        cancel_all_and_wait()
        if self.project is not None:
            self.project.close()
            self.project = None
        self._release_lock()
        super().closeEvent(event)
