"""Which region level the search heatmap is drawn from: all crops, or the parts, objects or whole alone.

A result's crop heatmap mixes every crop scale; a curator who wants to see *where* a query matches
as a small part (a 3×3 cell) or as an object (a 2×2 cell) picks that level here, and the heatmap
is redrawn from that level's crops only (``SearchResponse.heatmap(result, level=...)``, from the
crop scores the result already carries: no search, no encoder pass). Kept out of
``search_panel.py`` so that module stays small.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from culti_desktop.core.search.levels import LEVELS


def level_label(level: str | None) -> str:
    if level == "part":
        return QCoreApplication.translate("SearchPanel", "parts")
    if level == "object":
        return QCoreApplication.translate("SearchPanel", "objects")
    if level == "whole":
        return QCoreApplication.translate("SearchPanel", "whole figure")
    return QCoreApplication.translate("SearchPanel", "all levels")


class HeatLevelSelector(QComboBox):
    """A combo box (all levels / parts / objects / whole figure) placed in ``row``; calls
    ``on_change`` when the choice changes."""

    def __init__(self, parent: QWidget, row: QHBoxLayout, on_change: Callable[[], Any]) -> None:
        super().__init__(parent)
        for level in (None, *LEVELS):
            self.addItem(level_label(level), level)
        self.setToolTip(QCoreApplication.translate("SearchPanel", "Region level the heatmap shows"))
        row.addWidget(self)
        self.currentIndexChanged.connect(lambda _i: on_change())

    @property
    def level(self) -> str | None:
        return self.currentData()

    def set_level(self, level: str | None) -> None:
        self.setCurrentIndex(max(0, self.findData(level)))

    def heat(self, response: Any, thumb: Any) -> np.ndarray | None:
        """``thumb``'s crop heatmap, or the chosen level's alone (same size) when one is chosen."""
        if thumb is None or thumb.crop_heat is None or self.level is None or response is None:
            return None if thumb is None else thumb.crop_heat
        result = next((r for r in response.results if r.pair_id == thumb.pair_id), None)
        if result is None:
            return thumb.crop_heat
        heat = response.heatmap(result, size=int(thumb.crop_heat.shape[0]), level=self.level)
        return thumb.crop_heat if heat is None else heat
