"""The main window: the open project, its documents and pages, the viewer, pair panel and queue.

The window builds the widgets and docks, holds the shared state (``project``, ``current_pair_id``,
``curator``, ``undo_stack``) and wires the controllers of :mod:`culti_desktop.gui.controllers`:
project lifecycle and locking, import, edit dispatch, navigation and language. Its menus are in
:mod:`culti_desktop.gui.window_actions`.

Panels from other areas install themselves through :func:`culti_desktop.gui.plugins.install_panels`
and only rely on ``window.project`` (the open :class:`Project` or ``None``) and the
``projectChanged(object)`` signal, emitted with the new project (or ``None`` on close).

Every curator gesture becomes an :class:`~culti_desktop.core.curation.edits.Op`, applied at once
(one committed transaction) and pushed on a ``QUndoStack``: there is no Save button, and a
killed app loses at most its undo history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QScrollArea, QWidget

from culti_desktop.core.curation.edits import Applied, Op
from culti_desktop.core.storage.project import Project
from culti_desktop.gui import (
    guide,
    line_overlay,
    page_indicator,
    queue_bulk,
    settings,
    team_project,
    undo_toolbar,
)
from culti_desktop.gui.controllers.editing import EditController
from culti_desktop.gui.controllers.importing import ImportController
from culti_desktop.gui.controllers.language import LanguageController
from culti_desktop.gui.controllers.navigation import NavigationController
from culti_desktop.gui.controllers.project import ProjectController
from culti_desktop.gui.dialogs import DashboardDialog, ShortcutsDialog
from culti_desktop.gui.document_tree import DocumentTree
from culti_desktop.gui.page_viewer import PageViewer
from culti_desktop.gui.pair_panel import PairPanel
from culti_desktop.gui.plugins import install_panels
from culti_desktop.gui.review_queue import ReviewQueue
from culti_desktop.gui.window_actions import build_actions, help_menu_last
from culti_desktop.gui.workers import Worker, cancel_all_and_wait

ENABLED_WITH_PROJECT = (
    "import",
    "save_copy",
    "repropose",
    "close",
    "draw",
    "dashboard",
    "next",
    "previous",
    "next_page",
    "previous_page",
)
ENABLED_WITH_PAIR = ("accept", "reject", "needs_review", "edit_zh", "edit_en", "edit_tags")


def first_start_size(available: Any) -> tuple[int, int]:
    """1400×900, clamped to the screen's available area so a 1366×768 laptop shows the whole window."""
    if available is None:
        return 1400, 900
    return min(1400, max(640, available.width())), min(900, max(480, available.height()))


class MainWindow(QMainWindow):
    projectChanged = Signal(object)
    editApplied = Signal(object)  # Applied, after every edit, undo and redo

    recent_menu: QMenu
    view_menu: QMenu

    def __init__(self, parent: QWidget | None = None, *, ask_curator: bool = True) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.panel_errors: dict[str, str] = {}
        self.curator: str = settings.curator_name()
        self.ask_curator = ask_curator
        self.session_start = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        self.current_pair_id: int | None = None
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.undo_stack = QUndoStack(self)

        self.viewer = PageViewer(self)
        self.setCentralWidget(self.viewer)
        self.documents = DocumentTree(self)
        self.queue = ReviewQueue(self)
        self.pair_panel = PairPanel(self)
        self.pair_panel.crop_provider = self.viewer.crop_pixmap
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.docs_dock = self._dock("documentsDock", self.tr("Documents"), self.documents, left)
        self.queue_dock = self._dock("queueDock", self.tr("Review queue"), self.queue, left)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.pair_panel)
        self.pair_dock = self._dock("pairDock", self.tr("Pair"), scroll, right)
        self.resizeDocks([self.docs_dock, self.queue_dock], [260, 440], Qt.Orientation.Vertical)
        self.resizeDocks([self.docs_dock, self.pair_dock], [380, 400], Qt.Orientation.Horizontal)

        self.counters_label = QLabel(self)
        self.curator_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.counters_label)
        self.statusBar().addPermanentWidget(self.curator_label)
        self.update_curator_label()

        self.projects = ProjectController(self)
        self.importer = ImportController(self)
        self.navigation = NavigationController(self)
        self.editor = EditController(self)
        self.language = LanguageController(self)
        self.actions_by_name: dict[str, QAction] = {}
        build_actions(self)
        self.team = team_project.install(self)  # team projects: open by URL, live updates (issue 17)
        self.update_enabled()
        self._connect()
        self.bulk = queue_bulk.install(self)  # multi-select in the queue, bulk status/split
        self.editApplied.connect(self._refresh_tree_counts)
        guide.install(self)  # Help > Guide
        self.page_indicator = page_indicator.install(self)  # "page x / N" in the status bar
        line_overlay.install(self.viewer)  # text lines with their words in link mode
        undo_toolbar.install(self)  # fixed Undo/Redo labels on the toolbar
        self.update_title()
        install_panels(self)
        help_menu_last(self)
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
        """Docks that panels put beside the pair panel become tabs behind it, so it keeps its height.

        Opening any dock from a menu brings its tab to the front.
        """
        for dock in self.findChildren(QDockWidget):
            dock.toggleViewAction().triggered.connect(lambda on, d=dock: d.raise_() if on else None)
        mine = {self.docs_dock, self.queue_dock, self.pair_dock}
        for dock in self.findChildren(QDockWidget):
            if dock not in mine and self.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea:
                self.tabifyDockWidget(self.pair_dock, dock)
        self.pair_dock.raise_()

    def _connect(self) -> None:
        nav, editor = self.navigation, self.editor
        self.documents.pageActivated.connect(lambda pid: nav.show_page(pid))
        self.queue.pairActivated.connect(nav.show_pair)
        self.queue.countersChanged.connect(self._show_counters)
        self.viewer.regionSelected.connect(nav.region_selected)
        self.viewer.regionBoxEdited.connect(editor.box_edited)
        self.viewer.regionDrawn.connect(editor.box_drawn)
        self.viewer.linkRequested.connect(editor.link_requested)
        self.viewer.modeChanged.connect(self._mode_changed)
        self.pair_panel.fieldsEdited.connect(editor.set_fields)
        self.pair_panel.statusRequested.connect(lambda pid, st: editor.set_status_of(pid, st, advance=False))
        self.pair_panel.rankRequested.connect(editor.rank_candidates)
        self.pair_panel.candidateChosen.connect(editor.link_candidate)

    # -- the window's public commands (panels, tests and the app use these) --------------------
    def set_project(self, project: Project | None) -> None:
        self.projects.set_project(project)

    def open_project_file(self, path: str | Path, *, interactive: bool = True) -> Project | None:
        return self.projects.open_project_file(path, interactive=interactive)

    def close_project(self) -> None:
        self.projects.close_project()

    def open_sample(self) -> Worker:
        return self.projects.open_sample()

    def first_run(self) -> None:
        self.projects.first_run()

    def import_files(self, paths: list[Path]) -> Worker | None:
        return self.importer.import_files(paths)

    def show_page(self, page_id: int, select_region: int | None = None) -> None:
        self.navigation.show_page(page_id, select_region)

    def step_page(self, delta: int) -> None:
        self.navigation.step_page(delta)

    def show_pair(self, pair_id: int) -> None:
        self.navigation.show_pair(pair_id)

    def do_op(self, op: Op, text: str) -> Applied | None:
        return self.editor.do_op(op, text)

    def set_status(self, status: str, advance: bool = True) -> None:
        self.editor.set_status(status, advance)

    def rank_candidates(self, pair_id: int, model: str | None = None) -> Worker | None:
        return self.editor.rank_candidates(pair_id, model)

    def ensure_curator(self) -> bool:
        return self.editor.ensure_curator()

    # -- dialogs --------------------------------------------------------------------------------
    def show_shortcuts(self) -> ShortcutsDialog:
        dlg = ShortcutsDialog(list(self.actions_by_name.values()), self)
        dlg.show()
        return dlg

    def show_dashboard(self) -> DashboardDialog | None:
        if not self.need_project():
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

    # -- state ----------------------------------------------------------------------------------
    def need_project(self) -> bool:
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

    def _refresh_tree_counts(self, applied: Any) -> None:
        """Figures drawn, deleted, split or merged change the document tree's pair counts."""
        if any(kind == "region" for kind, _ in getattr(applied, "touched", [])):
            self.documents.refresh_counts(self.project)

    def update_curator_label(self) -> None:
        self.curator_label.setText(self.tr("Curator: {name}").format(name=self.curator or "—"))

    def update_title(self) -> None:
        name = self.project.path.name if self.project is not None else self.tr("no project")
        self.setWindowTitle(f"{name} — CulTi Desktop")

    def update_enabled(self) -> None:
        for name in ENABLED_WITH_PROJECT:
            self.actions_by_name[name].setEnabled(self.project is not None)
        bulk = getattr(self, "bulk", None)
        has_pair = self.current_pair_id is not None or (bulk is not None and bulk.has_many())
        for name in ENABLED_WITH_PAIR:
            self.actions_by_name[name].setEnabled(has_pair)

    def _restore_window_state(self) -> None:
        s = settings.settings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(
                *first_start_size(self.screen().availableGeometry().size() if self.screen() else None)
            )
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_window_state(self) -> None:
        s = settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    # -- Qt events ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.importer.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.pair_panel.commit_pending()
        self.team.stop()
        self.save_window_state()
        cancel_all_and_wait()
        if self.project is not None:
            self.project.close()
            self.project = None
        self.projects.release_lock()
        super().closeEvent(event)
