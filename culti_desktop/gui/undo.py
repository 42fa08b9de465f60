"""QUndoStack commands over the Qt-free edit operations of :mod:`culti_desktop.core.curation.edits`.

A command holds two plain :class:`Op` values, the one to (re)do and its inverse. Each redo or
undo applies one of them (one committed transaction) and swaps in the inverse that came back,
so the project file is always current and the stack holds no copy of project data.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from culti_desktop.core.curation.edits import Applied, Op, apply_op
from culti_desktop.core.storage.project import Project


class OpCommand(QUndoCommand):
    """An edit already applied once (by :func:`push_op`); redo/undo re-apply op/inverse."""

    def __init__(
        self,
        project: Project,
        done: Op,
        inverse: Op,
        text: str,
        curator: Callable[[], str | None],
        on_applied: Callable[[Applied], None],
    ) -> None:
        super().__init__(text)
        self.project = project
        self._redo_op, self._undo_op = done, inverse
        self._curator = curator
        self._on_applied = on_applied
        self._first = True

    def redo(self) -> None:
        if self._first:  # already applied by push_op, which needed the result before pushing
            self._first = False
            return
        applied = apply_op(self.project, self._redo_op, self._curator(), via="redo")
        self._undo_op = applied.inverse
        self._on_applied(applied)

    def undo(self) -> None:
        applied = apply_op(self.project, self._undo_op, self._curator(), via="undo")
        self._redo_op = applied.inverse
        self._on_applied(applied)
