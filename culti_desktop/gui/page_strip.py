"""A strip of page thumbnails for the shown document, with "Page x / N" above it.

Thumbnails are scaled down from the viewer's page render cache on a worker thread (the GUI
shows a numbered placeholder until each is ready); clicking one shows that page, and the strip
follows pages shown from anywhere else (document tree, page keys, pair navigation).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.curation import render_cache
from culti_desktop.core.jobs import Job
from culti_desktop.core.views.documents import document_of_page, document_page_ids
from culti_desktop.gui.workers import Worker

THUMB_PX = 64  # longest side of a thumbnail (the strip must leave a 1366×768 window room to work)
_READY = Qt.ItemDataRole.UserRole + 1  # item flag: its icon is the real thumbnail


class _Relay(QObject):
    """Carries finished thumbnails from the worker thread to the GUI thread (queued signal)."""

    ready = Signal(int, int, int, bytes)  # page_id, width, height, RGB bytes


def thumbnail_rgb(project: Any, page_id: int, side: int = THUMB_PX) -> tuple[int, int, bytes]:
    """(width, height, RGB) of a small copy of the cached page render (made if missing)."""
    from PIL import Image

    with Image.open(render_cache.render_page(project, page_id)) as im:
        im.draft("RGB", (side, side))  # JPEG: decode at reduced scale, much faster
        img = im.convert("RGB")
    img.thumbnail((side, side))
    return img.width, img.height, img.tobytes()


def _placeholder(number: int) -> QIcon:
    pm = QPixmap(THUMB_PX * 3 // 4, THUMB_PX)
    pm.fill(QColor("#e8e4dc"))
    p = QPainter(pm)
    p.setPen(QColor("#8a8478"))
    p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, str(number))
    p.end()
    return QIcon(pm)


class PageStrip(QWidget):
    """The list of thumbnails; ``page_ids`` are those of the document of the shown page."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("pageStrip")
        self.window_ = window
        self.document_id: int | None = None
        self.page_ids: list[int] = []
        self._worker: Worker | None = None
        self._relay = _Relay(self)
        self._relay.ready.connect(self._thumb_ready)
        self.label = QLabel(self)
        self.label.setObjectName("pageStripLabel")
        self.list = QListWidget(self)
        self.list.setObjectName("pageStripList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.list.setFixedHeight(THUMB_PX + 36)
        self.list.itemClicked.connect(self._clicked)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 2, 4, 2)
        lay.addWidget(self.label)
        lay.addWidget(self.list)
        window.viewer.pageShown.connect(self.page_shown)
        window.projectChanged.connect(lambda _p: self.clear())

    def title(self) -> str:
        return self.tr("Pages")

    def clear(self) -> None:
        self._stop()
        self.document_id, self.page_ids = None, []
        self.list.clear()
        self.label.setText("")

    def page_shown(self, page_id: int) -> None:
        project = self.window_.project
        if project is None:
            return self.clear()
        if page_id not in self.page_ids:
            doc = document_of_page(project, page_id)
            if doc is None:
                return self.clear()
            self._load(project, doc[0])
        row = self.page_ids.index(page_id) if page_id in self.page_ids else -1
        self.list.blockSignals(True)
        self.list.setCurrentRow(row)
        self.list.blockSignals(False)
        if row >= 0:
            self.list.scrollToItem(self.list.item(row))
            self.label.setText(self.tr("Page {x} / {n}").format(x=row + 1, n=len(self.page_ids)))

    def _load(self, project: Any, document_id: int) -> None:
        self._stop()
        self.document_id = document_id
        self.page_ids = document_page_ids(project, document_id)
        self.list.clear()
        n = len(self.page_ids)
        for i, pid in enumerate(self.page_ids):
            item = QListWidgetItem(_placeholder(i + 1), str(i + 1))
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setToolTip(self.tr("Page {x} / {n}").format(x=i + 1, n=n))
            self.list.addItem(item)
        ids, relay = list(self.page_ids), self._relay

        def run(job: Job) -> int:
            job.start(len(ids))
            for pid in ids:
                job.check_cancelled()
                relay.ready.emit(pid, *thumbnail_rgb(project, pid))
                job.advance()
            return len(ids)

        self._worker = Worker(run, name="page thumbnails").start()

    def _stop(self) -> None:
        if self._worker is not None and self._worker.is_running():
            self._worker.cancel()
        self._worker = None

    def _thumb_ready(self, page_id: int, w: int, h: int, rgb: bytes) -> None:
        if page_id not in self.page_ids:
            return  # a document that is no longer shown
        img = QImage(rgb, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        item = self.list.item(self.page_ids.index(page_id))
        item.setIcon(QIcon(QPixmap.fromImage(img)))
        item.setData(_READY, True)

    def thumbnails_ready(self) -> int:
        """How many thumbnails are real renders (tests wait on this)."""
        return sum(1 for i in range(self.list.count()) if self.list.item(i).data(_READY))

    def _clicked(self, item: QListWidgetItem) -> None:
        self.window_.show_page(int(item.data(Qt.ItemDataRole.UserRole)))


def install(window: Any) -> PageStrip:
    strip = PageStrip(window)
    dock = QDockWidget(strip.title(), window)
    dock.setObjectName("pageStripDock")
    dock.setWidget(strip)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.page_strip = strip
    return strip
