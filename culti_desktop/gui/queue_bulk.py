"""Multi-select in the review queue, with bulk status and split changes as one undo step.

Shift/Ctrl-click and Ctrl+A select rows; the context menu, the Review menu's Accept / Reject /
Needs review (A, R, V) and Alt+1/2/3/0 (train / valid / test / no split) then act on every
selected pair. The change is one ``batch`` op built by :mod:`culti_desktop.core.curation.bulk`
and applied through the window's ``do_op``, so it is logged, committed and undone like any edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu, QWidget

from culti_desktop.core.curation import bulk
from culti_desktop.core.curation.edits import Applied, Op
from culti_desktop.core.curation.splits import plan_splits
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.project import Project
from culti_desktop.gui.review_queue import ReviewQueue

DoOp = Callable[[Op, str], Applied | None]


class QueueBulkActions(QObject):
    """Installs multi-select and the bulk actions on ``queue``; edits go through ``do_op``."""

    def __init__(
        self,
        queue: ReviewQueue,
        do_op: DoOp,
        project: Callable[[], Project | None],
        message: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(queue)
        self.queue, self.do_op, self.project, self.message = queue, do_op, project, message
        table = queue.table
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._menu)
        table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())
        self.on_selection: Callable[[], None] | None = None
        # with second review on, accept/reject of a selection are reviews (the window's editor)
        self.review: Callable[[list[int], str], bool] | None = None
        self.actions: dict[str, QAction] = {}
        status_names = {
            "accepted": self.tr("Accept selected"),
            "rejected": self.tr("Reject selected"),
            "needs_review": self.tr("Mark selected for review"),
        }
        for status, text in status_names.items():
            self._add(f"bulk_{status}", text, lambda _c=False, s=status: self.set_status(s))
        split_names = {
            "train": self.tr("Put in split: train"),
            "valid": self.tr("Put in split: valid"),
            "test": self.tr("Put in split: test"),
        }
        for n, (split, text) in enumerate(split_names.items(), start=1):
            self._add(f"split_{split}", text, lambda _c=False, s=split: self.set_split(s), f"Alt+{n}")
        self._add("split_none", self.tr("Clear the split"), lambda: self.set_split(None), "Alt+0")
        self._add("split_auto", self.tr("Split selected by document"), lambda: self.auto_split("document"))
        self._add("split_random", self.tr("Split selected at random"), lambda: self.auto_split("random"))
        self._add("select_all", self.tr("Select all"), table.selectAll, QKeySequence.StandardKey.SelectAll)

    def _add(self, name: str, text: str, slot: Callable[..., Any], key: Any = None) -> QAction:
        act = QAction(text, self.queue)
        act.setObjectName(name)
        if key is not None:
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.queue.addAction(act)
        act.triggered.connect(slot)
        self.actions[name] = act
        return act

    # -- selection -----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.queue.table.selectionModel().selectedRows()})
        return [self.queue.model.rows[r].pair_id for r in rows if r < len(self.queue.model.rows)]

    def has_many(self) -> bool:
        return len(self.selected_ids()) > 1

    def _selection_changed(self) -> None:
        if self.on_selection is not None:
            self.on_selection()

    def _menu(self, pos: QPoint) -> QMenu:
        menu = QMenu(self.queue.table)
        for name in ("bulk_accepted", "bulk_rejected", "bulk_needs_review"):
            menu.addAction(self.actions[name])
        menu.addSeparator()
        for name in ("split_train", "split_valid", "split_test", "split_none", "split_auto", "split_random"):
            menu.addAction(self.actions[name])
        menu.addSeparator()
        menu.addAction(self.actions["select_all"])
        for act in menu.actions():
            act.setEnabled(bool(self.selected_ids()) or act is self.actions["select_all"])
        if pos is not None and self.queue.table.isVisible():
            menu.popup(self.queue.table.viewport().mapToGlobal(pos))
        return menu

    # -- edits ---------------------------------------------------------------------------------
    def _apply(self, op: Op | None, text: str) -> Applied | None:
        if op is None:
            return None
        return self.do_op(op, text)

    def _guard(self, fn: Callable[[Project, list[int]], Op | None], text: str) -> Applied | None:
        project, ids = self.project(), self.selected_ids()
        if project is None or not ids:
            return None
        try:
            op = fn(project, ids)
        except CultiError as exc:
            if self.message is not None:
                from culti_desktop.gui.error_text import translate_error

                self.message(translate_error(exc))
            return None
        return self._apply(op, text)

    def set_status(self, status: str) -> Applied | None:
        texts = {
            "accepted": self.tr("Accept {n} pairs"),
            "rejected": self.tr("Reject {n} pairs"),
            "needs_review": self.tr("Mark {n} pairs for review"),
        }
        n = len(self.selected_ids())
        if self.review is not None and self.review(self.selected_ids(), status):
            return None
        return self._guard(lambda p, ids: bulk.set_many_op(p, ids, status=status), texts[status].format(n=n))

    def set_split(self, split: str | None) -> Applied | None:
        n = len(self.selected_ids())
        return self._guard(
            lambda p, ids: bulk.set_many_op(p, ids, split=split),
            self.tr("Change split of {n} pairs").format(n=n),
        )

    def auto_split(self, by: str) -> Applied | None:
        n = len(self.selected_ids())

        def op(p: Project, ids: list[int]) -> Op | None:
            result = plan_splits(p, by, ids=ids, replace=True)
            if result.warning is not None and self.message is not None:
                from culti_desktop.gui.error_text import translate_code

                self.message(translate_code(*result.warning))
            return result.op

        return self._guard(op, self.tr("Change split of {n} pairs").format(n=n))


def install(window: QWidget) -> QueueBulkActions:
    """Wire the bulk actions into a main window (it has ``queue``, ``do_op`` and ``project``)."""
    w: Any = window
    actions = QueueBulkActions(
        w.queue, w.do_op, lambda: w.project, lambda text: w.statusBar().showMessage(text, 8000)
    )
    actions.on_selection = w.update_enabled  # A / R / V work on a selection without a current pair
    actions.review = w.editor.record_reviews
    return actions
