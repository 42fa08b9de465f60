"""In link mode the page's text lines (OCR or PDF) show as an overlay with their words.

Outside link mode they stay faint dotted boxes, so they do not clutter the page while boxes are
edited; when the curator links a figure to a caption line they are what to click, so each one
gets a tinted box and its recognised text above it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from culti_desktop.gui.page_viewer import LineItem

_TAG = "_culti_line_label"


def set_overlay(viewer: Any, on: bool) -> int:
    """Show (``on``) or hide the overlay on the viewer's current page; returns the lines shown."""
    scene = viewer.scene()
    if scene is None:
        return 0
    shown = 0
    for item in scene.items():
        if not isinstance(item, LineItem):
            continue
        label = getattr(item, _TAG, None)
        if on:
            pen = QPen(QColor(30, 110, 200, 220), 1)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setBrush(QBrush(QColor(30, 110, 200, 40)))
            if label is None:
                label = QGraphicsSimpleTextItem(item.info.text, item)
                font = QFont()
                font.setPixelSize(max(6, int(item.rect().height() * 0.8)))
                label.setFont(font)
                label.setBrush(QBrush(QColor(20, 70, 150)))
                label.setPos(item.rect().left(), item.rect().top() - label.boundingRect().height())
                setattr(item, _TAG, label)
            label.setVisible(True)
            shown += 1
        else:
            pen = QPen(QColor(120, 120, 120, 140), 1)
            pen.setCosmetic(True)
            pen.setStyle(Qt.PenStyle.DotLine)
            item.setPen(pen)
            item.setBrush(QBrush())
            if label is not None:
                label.setVisible(False)
    return shown


def install(viewer: Any) -> None:
    """Follow the viewer's mode: overlay on in link mode, off otherwise (and on each new page)."""
    viewer.modeChanged.connect(lambda mode: set_overlay(viewer, mode == "link"))
    viewer.pageShown.connect(lambda _pid: set_overlay(viewer, viewer.mode == "link"))
