"""Review ▸ Conflicts: the pairs two curators disagree on, and the second-review setting (issue 17).

The list comes from :func:`team_review.conflicts`, the same call as ``culti conflicts``; a
double-click shows the pair in the window so the curators' decisions can be settled there. On a
team server the list follows other curators live: it reloads on the window's LISTEN/NOTIFY
signal (``TeamSupport.changes``, the one listener the queue and counts use) when reviews or pairs
changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.curation import team_review
from culti_desktop.core.storage.project import Project

LIVE_TABLES = {"reviews", "pairs"}


class ConflictsDialog(QDialog):
    """One row per disputed pair: its id and each reviewer's decision; double-click opens it."""

    def __init__(self, project: Project, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.window = project, window
        self.setWindowTitle(self.tr("Review conflicts"))
        self.resize(560, 360)
        self.status_names = {
            "accepted": self.tr("accepted"),
            "rejected": self.tr("rejected"),
            "needs_review": self.tr("needs review"),
        }
        self.summary = QLabel(self)
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Pair"), self.tr("Reviewers' decisions")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_row(row))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        self.reload()
        changes = getattr(getattr(window, "team", None), "changes", None)
        if changes is not None:
            changes.connect(self._on_remote_change)
            self.finished.connect(lambda _r: changes.disconnect(self._on_remote_change))

    def _on_remote_change(self, tables: object) -> None:
        """Another curator committed: reload if reviews or pairs changed (and this project is still open)."""
        if getattr(self.window, "project", None) is not self.project:
            return
        if not isinstance(tables, set | frozenset) or tables & LIVE_TABLES:
            self.reload()

    def reload(self) -> None:
        current = self.table.currentRow()
        keep = self.rows[current]["pair_id"] if 0 <= current < len(getattr(self, "rows", [])) else None
        self.rows = team_review.conflicts(self.project)
        self.table.setRowCount(len(self.rows))
        for row, c in enumerate(self.rows):
            item = QTableWidgetItem(str(c["pair_id"]))
            item.setData(Qt.ItemDataRole.UserRole, c["pair_id"])
            self.table.setItem(row, 0, item)
            text = " · ".join(
                f"{r['curator']}: {self.status_names.get(r['status'], r['status'])}" for r in c["reviews"]
            )
            self.table.setItem(row, 1, QTableWidgetItem(text))
            if c["pair_id"] == keep:
                self.table.selectRow(row)
        on = team_review.second_review_enabled(self.project)
        self.summary.setText(
            self.tr("Second review is {state}; {n} pairs in conflict").format(
                state=self.tr("on") if on else self.tr("off"), n=len(self.rows)
            )
        )

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.window.show_pair(int(self.rows[row]["pair_id"]))


def show_conflicts(w: Any) -> ConflictsDialog | None:
    if not w.need_project():
        return None
    dlg = ConflictsDialog(w.project, w, w)
    dlg.show()
    return dlg


def set_second_review(w: Any, on: bool) -> None:
    if w.project is None:
        return
    team_review.set_second_review(w.project, on)
    w.statusBar().showMessage(
        w.tr("Second review on: accepting or rejecting waits for another curator")
        if on
        else w.tr("Second review off"),
        6000,
    )


def install_menu(w: Any, menu: QMenu, add_action: Callable[..., QAction]) -> None:
    """Adds Conflicts… and the checkable Second review setting to the Review menu.

    ``add_action`` is :func:`window_actions.add_action` bound to the window (passed in, so this
    module does not import the one that imports it)."""
    menu.addSeparator()
    menu.addAction(add_action("conflicts", w.tr("Review &conflicts…"), lambda: show_conflicts(w)))
    act = add_action("second_review", w.tr("&Second review"), lambda: None)
    act.setCheckable(True)
    act.toggled.connect(lambda on: set_second_review(w, on) if on != _current(w) else None)

    def sync() -> None:
        act.setEnabled(w.project is not None)
        act.blockSignals(True)
        act.setChecked(_current(w))
        act.blockSignals(False)

    menu.aboutToShow.connect(sync)
    sync()


def _current(w: Any) -> bool:
    return w.project is not None and team_review.second_review_enabled(w.project)
