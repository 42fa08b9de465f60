""" "Page x / N" of the shown document, in the status bar (pages count from 1 for people)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel


class PageIndicator(QLabel):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("pageIndicator")
        self.window_ = window
        window.viewer.pageShown.connect(self.page_shown)

    def page_shown(self, page_id: int) -> None:
        item = self.window_.documents._page_items.get(page_id)
        parent = item.parent() if item is not None else None
        if parent is None:
            self.setText("")
            return
        self.setText(self.tr("Page {x} / {n}").format(x=parent.indexOfChild(item) + 1, n=parent.childCount()))


def install(window: Any) -> PageIndicator:
    label = PageIndicator(window)
    window.statusBar().addPermanentWidget(label)
    return label
