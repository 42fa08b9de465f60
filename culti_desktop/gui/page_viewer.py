"""The page viewer: a rendered page with its figure/caption boxes and text lines.

Scene coordinates are the page's own units (PDF points or image pixels, origin top-left), the
same as the project file, so a box on screen maps to the database without conversion. The
viewer never writes to the project: it emits what the curator did (box moved, box drawn,
caption clicked) and the main window turns that into an undoable edit.

Modes: ``select`` (click selects, drag moves, handles resize, drag on paper pans), ``draw``
(drag draws a new figure) and ``link`` (click a caption box or a text line to link it to the
selected figure).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QWidget,
)

from culti_desktop.core.curation import render_cache
from culti_desktop.core.storage.project import Project
from culti_desktop.core.views.pages import LineInfo, RegionInfo, page_items, page_size, region_place

STATUS_COLORS = {
    "proposed": QColor("#1e88e5"),
    "needs_review": QColor("#fb8c00"),
    "accepted": QColor("#2e7d32"),
    "rejected": QColor("#c62828"),
}
KIND_COLORS = {"caption": QColor("#8e24aa"), "text": QColor("#757575"), "table": QColor("#00897b")}
HANDLE_PX = 9
PIXMAP_CACHE_PAGES = 12
ZOOM_STEP = 1.25


def box_of(rect: QRectF) -> tuple[float, float, float, float]:
    r = rect.normalized()
    return (round(r.left(), 2), round(r.top(), 2), round(r.right(), 2), round(r.bottom(), 2))


class HandleItem(QGraphicsRectItem):
    """A resize handle at a corner or edge middle; constant size on screen."""

    def __init__(self, owner: RegionItem, xs: int, ys: int) -> None:
        super().__init__(-HANDLE_PX / 2, -HANDLE_PX / 2, HANDLE_PX, HANDLE_PX, owner)
        self.owner, self.xs, self.ys = owner, xs, ys  # -1 left/top, 0 middle, 1 right/bottom
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setBrush(QBrush(QColor("white")))
        self.setPen(QPen(QColor("#111111"), 1))
        self.setZValue(10)
        cursors = {0: Qt.CursorShape.SizeFDiagCursor, 1: Qt.CursorShape.SizeBDiagCursor}
        if xs == 0:
            self.setCursor(Qt.CursorShape.SizeVerCursor)
        elif ys == 0:
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        else:
            self.setCursor(cursors[0 if xs == ys else 1])

    def place(self) -> None:
        r = self.owner.rect()
        x = {-1: r.left(), 0: r.center().x(), 1: r.right()}[self.xs]
        y = {-1: r.top(), 0: r.center().y(), 1: r.bottom()}[self.ys]
        self.setPos(x, y)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self.owner.begin_drag()
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        r = QRectF(self.owner.drag_start_rect)
        p = event.scenePos()
        if self.xs == -1:
            r.setLeft(p.x())
        elif self.xs == 1:
            r.setRight(p.x())
        if self.ys == -1:
            r.setTop(p.y())
        elif self.ys == 1:
            r.setBottom(p.y())
        self.owner.set_box_rect(r.normalized())

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.owner.end_drag()


class RegionItem(QGraphicsRectItem):
    """A figure/caption box: select, move by dragging, resize by its handles."""

    def __init__(self, viewer: PageViewer, info: RegionInfo) -> None:
        x0, y0, x1, y1 = info.box
        super().__init__(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.viewer, self.info = viewer, info
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(3 if info.kind == "figure" else 2)
        self.color = (
            STATUS_COLORS.get(info.status or "proposed")
            if info.kind == "figure"
            else KIND_COLORS.get(info.kind, QColor("#757575"))
        )
        self._apply_style(False)
        self.handles = [
            HandleItem(self, xs, ys) for xs in (-1, 0, 1) for ys in (-1, 0, 1) if (xs, ys) != (0, 0)
        ]
        for h in self.handles:
            h.place()
            h.setVisible(False)
        self.drag_start_rect = QRectF(self.rect())
        self._press_scene: QPointF | None = None
        self.setToolTip(
            f"{info.kind} #{info.id}"
            + (f" · {info.status}" if info.status else "")
            + (f"\n{info.text}" if info.text else "")
        )

    @property
    def region_id(self) -> int:
        return self.info.id

    def _apply_style(self, selected: bool) -> None:
        pen = QPen(self.color, 3 if selected else 2)
        pen.setCosmetic(True)
        if self.info.kind != "figure":
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        fill = QColor(self.color)
        fill.setAlpha(60 if selected else 25)
        self.setBrush(QBrush(fill))

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            selected = bool(value)
            self._apply_style(selected)
            for h in self.handles:
                h.setVisible(selected)
        return super().itemChange(change, value)

    def set_box_rect(self, rect: QRectF) -> None:
        self.setRect(rect)
        for h in self.handles:
            h.place()

    # -- dragging ------------------------------------------------------------------------------
    def begin_drag(self) -> None:
        self.drag_start_rect = QRectF(self.rect())

    def end_drag(self) -> None:
        old, new = box_of(self.drag_start_rect), box_of(self.rect())
        if old != new:
            self.viewer.regionBoxEdited.emit(self.info.id, old, new)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.viewer.mode == "link" and event.button() == Qt.MouseButton.LeftButton:
            self.viewer.link_target_clicked("region", self.info.id)
            event.accept()
            return
        if self.viewer.mode == "draw":
            event.ignore()
            return
        super().mousePressEvent(event)  # selection (Ctrl toggles)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press_scene = event.scenePos()
            self.begin_drag()
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._press_scene is None:
            return
        delta = event.scenePos() - self._press_scene
        self.set_box_rect(self.drag_start_rect.translated(delta))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._press_scene is not None:
            self._press_scene = None
            self.end_drag()


class LineItem(QGraphicsRectItem):
    """An OCR/PDF text line: faint, clickable only in link mode."""

    def __init__(self, viewer: PageViewer, info: LineInfo) -> None:
        x0, y0, x1, y1 = info.box
        super().__init__(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.viewer, self.info = viewer, info
        pen = QPen(QColor(120, 120, 120, 140), 1, Qt.PenStyle.DotLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(1)
        self.setToolTip(f"{info.text}\n({info.confidence:.2f})")

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.viewer.mode == "link" and event.button() == Qt.MouseButton.LeftButton:
            self.viewer.link_target_clicked("line", self.info.id)
            event.accept()
        else:
            event.ignore()


class PageViewer(QGraphicsView):
    """Shows one page at a time; emits the curator's gestures as signals."""

    regionBoxEdited = Signal(int, object, object)  # region id, old box, new box
    regionDrawn = Signal(int, object)  # page id, box
    regionSelected = Signal(int)  # region id, or -1 when nothing is selected
    linkRequested = Signal(int, str, int)  # figure region id, "region" | "line", target id
    modeChanged = Signal(str)
    pageShown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageViewer")
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QBrush(QColor("#3a3a3a")))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.project: Project | None = None
        self.page_id: int | None = None
        self.page_size = (0.0, 0.0)
        self.mode = "select"
        self.fit = "page"  # page | width | none: re-applied on resize
        self._pixmaps: OrderedDict[tuple[int, int], QPixmap] = OrderedDict()
        self._region_items: dict[int, RegionItem] = {}
        self._draw_start: QPointF | None = None
        self._draw_item: QGraphicsRectItem | None = None
        self._link_source: int | None = None
        self.scene().selectionChanged.connect(self._selection_changed)

    # -- project / page ------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.page_id = None
        self._pixmaps.clear()
        self.scene().clear()
        self._region_items = {}

    def pixmap_for(self, page_id: int) -> QPixmap:
        key = (id(self.project), page_id)
        pm = self._pixmaps.get(key)
        if pm is None:
            assert self.project is not None
            if render_cache.is_cached(self.project, page_id):
                pm = QPixmap.fromImage(QImage(str(render_cache.render_page(self.project, page_id))))
            else:  # show the fresh render now; encode and write the cache file off the GUI thread
                w, h, rgb = render_cache.render_rgb(self.project, page_id)
                image = QImage(rgb, w, h, 3 * w, QImage.Format.Format_RGB888)
                pm = QPixmap.fromImage(image.convertToFormat(QImage.Format.Format_RGB32))  # owns its pixels
                self._store_in_background(page_id, w, h, rgb)
            self._pixmaps[key] = pm
            while len(self._pixmaps) > PIXMAP_CACHE_PAGES:
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        return pm

    def _store_in_background(self, page_id: int, w: int, h: int, rgb: bytes) -> None:
        from culti_desktop.gui.workers import Worker

        project = self.project
        Worker(
            lambda job: render_cache.store_render(project, page_id, w, h, rgb), name="cache render"
        ).start()

    def crop_pixmap(self, region_id: int) -> QPixmap | None:
        """The region cut from its page's decoded render, if that page is in memory (no decode)."""
        if self.project is None:
            return None
        place = region_place(self.project, region_id)
        if place is None:
            return None
        page_id, box, size = place.page_id, place.box, place.page_size
        pm = self._pixmaps.get((id(self.project), page_id))
        if pm is None or not size[0] or not size[1]:
            return None
        sx, sy = pm.width() / size[0], pm.height() / size[1]
        x0, y0, x1, y1 = box
        return pm.copy(int(x0 * sx), int(y0 * sy), max(1, int((x1 - x0) * sx)), max(1, int((y1 - y0) * sy)))

    def has_pixmap(self, page_id: int) -> bool:
        return (id(self.project), page_id) in self._pixmaps

    def add_prefetched(self, page_id: int, image: QImage) -> None:
        """Keep a page decoded in a background thread, so switching to it is instant."""
        key = (id(self.project), page_id)
        if key not in self._pixmaps and not image.isNull():
            self._pixmaps[key] = QPixmap.fromImage(image)
            self._pixmaps.move_to_end(key, last=False)  # prefetched pages are evicted first

    def show_page(self, page_id: int, select_region: int | None = None) -> None:
        if self.project is None:
            return
        if page_id != self.page_id:
            size = page_size(self.project, page_id)
            if size is None:
                return
            self.page_size = size
            pm = self.pixmap_for(page_id)
            self.page_id = page_id
            self._build_scene(pm)
            self._apply_fit()
            self.pageShown.emit(page_id)
        else:
            self.refresh_items()
        if select_region is not None:
            self.select_region(select_region)

    def _build_scene(self, pm: QPixmap) -> None:
        scene = self.scene()
        scene.blockSignals(True)
        scene.clear()
        scene.blockSignals(False)
        w, h = self.page_size
        item = QGraphicsPixmapItem(pm)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        if pm.width() and pm.height():
            item.setTransform(QTransform.fromScale(w / pm.width(), h / pm.height()))
        item.setZValue(0)
        scene.addItem(item)
        scene.setSceneRect(QRectF(0, 0, w, h))
        self._region_items = {}
        self._add_items()

    def _add_items(self) -> None:
        assert self.project is not None and self.page_id is not None
        regions, lines = page_items(self.project, self.page_id)
        for line in lines:
            self.scene().addItem(LineItem(self, line))
        for info in regions:
            item = RegionItem(self, info)
            self.scene().addItem(item)
            self._region_items[info.id] = item

    def refresh_items(self) -> None:
        """Re-read boxes of the shown page (after an edit or undo), keeping the selection."""
        if self.project is None or self.page_id is None:
            return
        selected = self.selected_region_ids()
        scene = self.scene()
        scene.blockSignals(True)
        for item in list(scene.items()):
            if isinstance(item, (RegionItem, LineItem)):
                scene.removeItem(item)
        self._region_items = {}
        self._add_items()
        for rid in selected:
            if rid in self._region_items:
                self._region_items[rid].setSelected(True)
        scene.blockSignals(False)
        self._selection_changed()

    def region_item(self, region_id: int) -> RegionItem | None:
        return self._region_items.get(region_id)

    # -- selection -----------------------------------------------------------------------------
    def selected_region_ids(self) -> list[int]:
        return [i.region_id for i in self.scene().selectedItems() if isinstance(i, RegionItem)]

    def select_region(self, region_id: int, center: bool = True) -> None:
        item = self._region_items.get(region_id)
        self.scene().clearSelection()
        if item is not None:
            item.setSelected(True)
            if center:
                self.ensureVisible(item, 40, 40)

    def _selection_changed(self) -> None:
        ids = self.selected_region_ids()
        self.regionSelected.emit(ids[-1] if ids else -1)

    # -- modes ---------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        if mode == "link":
            figs = [r for r in self.selected_region_ids() if self._region_items[r].info.kind == "figure"]
            if not figs:
                mode = "select"
            else:
                self._link_source = figs[-1]
        self.mode = mode
        self.setDragMode(
            QGraphicsView.DragMode.ScrollHandDrag if mode == "select" else QGraphicsView.DragMode.NoDrag
        )
        self.viewport().setCursor(
            Qt.CursorShape.CrossCursor if mode in ("draw", "link") else Qt.CursorShape.OpenHandCursor
        )
        self.modeChanged.emit(mode)

    def link_target_clicked(self, kind: str, target_id: int) -> None:
        source = self._link_source
        self.set_mode("select")
        if source is not None and not (kind == "region" and target_id == source):
            self.linkRequested.emit(source, kind, target_id)

    # -- drawing -------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        if self.mode == "draw" and event.button() == Qt.MouseButton.LeftButton and self.page_id is not None:
            self._draw_start = self.mapToScene(event.position().toPoint())
            self._draw_item = QGraphicsRectItem(QRectF(self._draw_start, self._draw_start))
            pen = QPen(STATUS_COLORS["needs_review"], 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self._draw_item.setPen(pen)
            self._draw_item.setZValue(20)
            self.scene().addItem(self._draw_item)
            event.accept()
            return
        if self.mode == "link" and event.button() == Qt.MouseButton.RightButton:
            self.set_mode("select")
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._draw_item is not None and self._draw_start is not None:
            self._draw_item.setRect(
                QRectF(self._draw_start, self.mapToScene(event.position().toPoint())).normalized()
            )
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._draw_item is not None:
            rect = self._draw_item.rect().intersected(self.sceneRect())
            self.scene().removeItem(self._draw_item)
            self._draw_item, self._draw_start = None, None
            self.set_mode("select")
            if rect.width() >= 4 and rect.height() >= 4 and self.page_id is not None:
                self.regionDrawn.emit(self.page_id, box_of(rect))
            return
        super().mouseReleaseEvent(event)

    # -- zoom ----------------------------------------------------------------------------------
    def zoom_factor(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = max(0.05, min(factor, 40.0))
        self.setTransform(QTransform.fromScale(factor, factor))

    def zoom_in(self) -> None:
        self.fit = "none"
        self.set_zoom(self.zoom_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.fit = "none"
        self.set_zoom(self.zoom_factor() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.fit = "width"
        self._apply_fit()

    def fit_page(self) -> None:
        self.fit = "page"
        self._apply_fit()

    def _apply_fit(self) -> None:
        w, h = self.page_size
        if not w or not h:
            return
        vw, vh = self.viewport().width() - 16, self.viewport().height() - 16
        if self.fit == "width":
            self.set_zoom(vw / w)
            self.verticalScrollBar().setValue(self.verticalScrollBar().minimum())
        elif self.fit == "page":
            self.set_zoom(min(vw / w, vh / h))

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit = "none"
            step = ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP
            self.set_zoom(self.zoom_factor() * step)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit != "none":
            self._apply_fit()

    def cancel_mode(self) -> None:
        """Leave draw/link mode, dropping a half-drawn box."""
        if self._draw_item is not None:
            self.scene().removeItem(self._draw_item)
            self._draw_item, self._draw_start = None, None
        self.set_mode("select")
