"""Undo/Redo on the toolbar with a fixed label, so the toolbar does not jump.

The Edit menu keeps Qt's descriptive actions ("Undo Change split"); on the toolbar a changing
label would resize the button and shift every tool after it, so there the buttons say only
Undo / Redo and the tooltip names what they undo or redo.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar


def install(window: Any) -> tuple[QAction, QAction] | None:
    stack = window.undo_stack
    bar = window.findChild(QToolBar, "curationToolbar")
    undo, redo = window.actions_by_name.get("undo"), window.actions_by_name.get("redo")
    if bar is None or undo is None or redo is None or undo not in bar.actions():
        return None
    fixed_undo = QAction(window.tr("Undo"), window)
    fixed_undo.setObjectName("undo_toolbar")
    fixed_undo.triggered.connect(stack.undo)
    fixed_redo = QAction(window.tr("Redo"), window)
    fixed_redo.setObjectName("redo_toolbar")
    fixed_redo.triggered.connect(stack.redo)

    def sync() -> None:
        # the stack signals while the window is being destroyed (its C++ side may be gone already)
        if not all(shiboken6.isValid(o) for o in (stack, fixed_undo, fixed_redo, undo, redo)):
            return
        fixed_undo.setEnabled(stack.canUndo())
        fixed_redo.setEnabled(stack.canRedo())
        fixed_undo.setToolTip(undo.text().replace("&", ""))
        fixed_redo.setToolTip(redo.text().replace("&", ""))

    stack.indexChanged.connect(lambda _i: sync())
    stack.cleanChanged.connect(lambda _c: sync())
    bar.insertAction(undo, fixed_undo)
    bar.insertAction(redo, fixed_redo)
    bar.removeAction(undo)
    bar.removeAction(redo)
    sync()
    return fixed_undo, fixed_redo
