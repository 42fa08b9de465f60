"""Controllers of the main window: each owns one responsibility and talks to the window's widgets.

The window (:mod:`culti_desktop.gui.main_window`) builds the widgets, holds the shared state
(the open project, the current pair, the curator, the undo stack) and wires these together.
Strings go through ``window.tr`` so they resolve in the ``MainWindow`` translation context,
where the Chinese UI already has them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from culti_desktop.gui.main_window import MainWindow


class Controller:
    """A part of the main window's behaviour; ``w`` is the window it serves."""

    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def tr(self, text: str) -> str:
        return self.w.tr(text)
