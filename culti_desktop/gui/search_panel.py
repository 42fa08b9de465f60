"""The search dock: ask in Chinese or English, or with an image or a region; see where it matches.

Installs a "Search" dock and a Search menu. Queries, thumbnails and index rebuilds run in
:mod:`culti_desktop.gui.workers` workers; the core (:mod:`culti_desktop.core.search`) does the
work. A result opens in the page viewer (``window.show_pair``) with the heatmap laid over the
figure; the toggle and opacity apply to thumbnails and viewer alike. After a model change the
index is rebuilt in the background; until then keyword search keeps working.
"""

from __future__ import annotations

import logging
from typing import Any

from PIL import Image
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGraphicsPixmapItem,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.search.engine import SearchQuery, SearchResponse, search
from culti_desktop.core.search.heatmap import overlay
from culti_desktop.core.search.textnorm import detect_language
from culti_desktop.core.views import PAIR_SPLITS, PAIR_STATUSES
from culti_desktop.core.views.documents import document_choices
from culti_desktop.gui import names
from culti_desktop.gui.heat_levels import HeatLevelSelector
from culti_desktop.gui.qt_images import pil_to_qimage, qimage_to_pil
from culti_desktop.gui.score_display import relative_scores, result_tooltip, score_bar
from culti_desktop.gui.workers import Worker, error_text, run_job

log = logging.getLogger(__name__)
THUMB = 140


class SearchPanel(QWidget):
    """Query box, image drop/paste, filters, heatmap controls and a grid of results."""

    resultsShown = Signal(int)

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("searchPanel")
        self.setAcceptDrops(True)
        self.query_image: Image.Image | None = None
        self.response: SearchResponse | None = None
        self.thumbs: dict[int, Any] = {}
        self._worker: Worker | None = None
        self._index_worker: Worker | None = None
        self._viewer_item: QGraphicsPixmapItem | None = None
        self._viewer_pair: int | None = None

        self.query = QLineEdit(self)
        self.query.setPlaceholderText(self.tr("Search in Chinese or English…"))
        self.lang_label = QLabel("", self)
        self.search_button = QPushButton(self.tr("Search"), self)
        row1 = QHBoxLayout()
        row1.addWidget(self.query, 1)
        row1.addWidget(self.lang_label)
        row1.addWidget(self.search_button)

        self.mode = QComboBox(self)
        for label, key in (
            (self.tr("CLIP"), "clip"),
            (self.tr("Keyword"), "keyword"),
            (self.tr("Hybrid"), "hybrid"),
        ):
            self.mode.addItem(label, key)
        self.mode.setCurrentIndex(2)
        self.laclip = QCheckBox(self.tr("LACLIP"), self)
        self.laclip.setChecked(True)
        self.target = QComboBox(self)
        self.target.addItem(self.tr("→ figures"), "image")
        self.target.addItem(self.tr("→ captions"), "text")
        row2 = QHBoxLayout()
        row2.addWidget(self.mode)
        row2.addWidget(self.laclip)
        row2.addWidget(self.target)

        self.image_label = QLabel(self.tr("Drop or paste (Ctrl+V) an image to search with it"), self)
        self.image_label.setWordWrap(True)
        self.clear_image_button = QPushButton(self.tr("Clear image"), self)
        self.clear_image_button.setEnabled(False)
        row3 = QHBoxLayout()
        row3.addWidget(self.image_label, 1)
        row3.addWidget(self.clear_image_button)

        self.document_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.status_filter.addItem(self.tr("Any status"), None)
        for st in PAIR_STATUSES:
            if st != "rejected":
                self.status_filter.addItem(names.display(st), st)
        self.split_filter = QComboBox(self)
        self.split_filter.addItem(self.tr("Any split"), None)
        for sp in PAIR_SPLITS:
            self.split_filter.addItem(names.display(sp), sp)
        row4 = QHBoxLayout()
        row4.addWidget(self.document_filter, 1)
        row4.addWidget(self.status_filter)
        row4.addWidget(self.split_filter)

        self.heat_toggle = QCheckBox(self.tr("Heatmap"), self)
        self.heat_toggle.setChecked(True)
        self.heat_level = QComboBox(self)
        self.heat_level.addItem(self.tr("crops"), "crops")
        self.heat_level.addItem(self.tr("patches"), "patches")
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        row5 = QHBoxLayout()
        row5.addWidget(self.heat_toggle)
        row5.addWidget(self.heat_level)
        self.heat_part = HeatLevelSelector(self, row5, self._redraw)  # all crops, or one level's alone
        row5.addWidget(QLabel(self.tr("Opacity"), self))
        row5.addWidget(self.opacity, 1)

        self.results = QListWidget(self)
        self.results.setViewMode(QListWidget.ViewMode.IconMode)
        self.results.setIconSize(QSize(THUMB, THUMB))
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.setWordWrap(True)
        self.results.setGridSize(QSize(THUMB + 24, THUMB + 52))
        self.results.setMinimumHeight(THUMB + 60)  # at least one row of results beside the pair dock
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.index_button = QPushButton(self.tr("Update index"), self)
        row6 = QHBoxLayout()
        row6.addWidget(self.status, 1)
        row6.addWidget(self.index_button)

        lay = QVBoxLayout(self)
        for r in (row1, row2, row3, row4, row5):
            lay.addLayout(r)
        lay.addWidget(self.results, 1)
        lay.addLayout(row6)

        self.query.textChanged.connect(self._update_language)
        self.query.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.clear_image_button.clicked.connect(lambda: self.set_query_image(None))
        self.results.itemActivated.connect(self._open_item)
        self.results.itemDoubleClicked.connect(self._open_item)
        self.heat_toggle.toggled.connect(self._redraw)
        self.opacity.valueChanged.connect(self._redraw)
        self.heat_level.currentIndexChanged.connect(lambda _i: self._reload_thumbs())
        self.index_button.clicked.connect(lambda: self.update_index())
        paste = QShortcut(QKeySequence.StandardKey.Paste, self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste_image)
        window.projectChanged.connect(self.set_project)
        self.set_project(window.project)

    # -- project --------------------------------------------------------------------------------
    @property
    def project(self):
        return self.window_.project

    def set_project(self, project: Any) -> None:
        self.results.clear()
        self.response = None
        self.document_filter.clear()
        self.document_filter.addItem(self.tr("All documents"), None)
        self.setEnabled(project is not None)
        if project is None:
            self.status.setText("")
            return
        for did, name in document_choices(project):
            self.document_filter.addItem(name, did)
        self.check_index()

    def check_index(self) -> Worker | None:
        """Report the index state; rebuild in the background when the model changed."""
        project = self.project
        if project is None:
            return None
        from culti_desktop.core.search.indexer import index_status

        if not (project.side_dir / "index").is_dir():  # cheap: no worker (and no torch) for a new project
            self.status.setText(
                self.tr("No search index yet: keyword search only. Update the index to search by meaning.")
            )
            return None

        def done(st: dict) -> None:
            if self.project is not project:
                return
            if not st["exists"]:
                self.status.setText(
                    self.tr(
                        "No search index yet: keyword search only. Update the index to search by meaning."
                    )
                )
            elif st["stale"]:
                self.status.setText(self.tr("Index stale: {why}").format(why="; ".join(st["reasons"])))
                if any("current model" in r for r in st["reasons"]):
                    self.update_index()
            else:
                self.status.setText(self.tr("Index up to date: {n} figures").format(n=st["figures"]))

        return run_job(
            self,
            lambda job: index_status(project),
            self.tr("Checking the search index"),
            on_finished=done,
            on_failed=lambda exc: self.status.setText(error_text(exc)),
        )

    def update_index(self) -> Worker | None:
        project = self.project
        if project is None or (self._index_worker is not None and self._index_worker.is_running()):
            return self._index_worker
        from culti_desktop.gui.prepare_job import prepare_model

        if not prepare_model(self, project):
            return None

        def work(job):
            from culti_desktop.core.ml.shared import shared_encoder
            from culti_desktop.core.search.indexer import update_index

            return update_index(project, shared_encoder(project, job=job.child()), job)

        def done(summary: dict) -> None:
            self.status.setText(
                self.tr("Index updated: {f} figures, {c} captions").format(
                    f=summary["figures"], c=summary["captions"]
                )
            )

        self.status.setText(self.tr("Updating the index in the background…"))
        self._index_worker = run_job(
            self,
            work,
            self.tr("Updating the search index"),
            on_finished=done,
            on_failed=lambda exc: self.status.setText(str(exc)),
        )
        return self._index_worker

    # -- the query ------------------------------------------------------------------------------
    def _update_language(self, text: str) -> None:
        if not text.strip():
            self.lang_label.setText("")
        else:
            self.lang_label.setText("中文" if detect_language(text) == "zh" else "English")

    def set_query_image(self, image: Image.Image | None, label: str = "") -> None:
        self.query_image = image.convert("RGB") if image is not None else None
        self.clear_image_button.setEnabled(image is not None)
        if image is None:
            self.image_label.setText(self.tr("Drop or paste (Ctrl+V) an image to search with it"))
            self.image_label.setPixmap(QPixmap())
            return
        thumb = self.query_image.copy()
        thumb.thumbnail((64, 64))
        self.image_label.setPixmap(QPixmap.fromImage(pil_to_qimage(thumb)))
        self.image_label.setToolTip(label)

    def paste_image(self) -> bool:
        qimg = QApplication.clipboard().image()
        if qimg.isNull():
            return False
        self.set_query_image(qimage_to_pil(qimg), self.tr("pasted image"))
        return True

    def dragEnterEvent(self, event) -> None:
        md = event.mimeData()
        if md.hasImage() or any(u.isLocalFile() for u in md.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        md = event.mimeData()
        if md.hasImage():
            self.set_query_image(qimage_to_pil(QImage(md.imageData())), self.tr("dropped image"))
        else:
            for url in md.urls():
                if url.isLocalFile():
                    try:
                        with Image.open(url.toLocalFile()) as im:
                            self.set_query_image(im.convert("RGB"), url.toLocalFile())
                    except OSError as exc:
                        self.status.setText(str(exc))
                    break
        event.acceptProposedAction()

    def search_selected_region(self) -> Worker | None:
        """ "Search with this region": the figure selected in the page viewer becomes the query."""
        viewer = getattr(self.window_, "viewer", None)
        ids = viewer.selected_region_ids() if viewer is not None else []
        if self.project is None or not ids:
            self.window_.statusBar().showMessage(self.tr("Select a box in the page viewer first"), 4000)
            return None
        from culti_desktop.core.views.figures import region_image

        image = region_image(self.project, ids[0], max_side=448)
        self.set_query_image(image, self.tr("region {id}").format(id=ids[0]))
        self.query.clear()
        self.mode.setCurrentIndex(0)
        return self.run_search()

    def build_query(self) -> SearchQuery | None:
        text = self.query.text().strip()
        if not text and self.query_image is None:
            return None
        mode = self.mode.currentData()
        return SearchQuery(
            text=text or None,
            image=None if text else self.query_image,
            target=self.target.currentData(),
            mode="clip" if (not text and mode != "clip") else mode,
            laclip=self.laclip.isChecked(),
            k=24,
            documents=[self.document_filter.currentData()] if self.document_filter.currentData() else None,
            statuses=[self.status_filter.currentData()] if self.status_filter.currentData() else None,
            splits=[self.split_filter.currentData()] if self.split_filter.currentData() else None,
        )

    def run_search(self) -> Worker | None:
        project, q = self.project, self.build_query()
        if project is None or q is None:
            return None
        if self._worker is not None and self._worker.is_running():
            self._worker.cancel()
        patches = self.heat_level.currentData() == "patches"

        def work(job):
            from culti_desktop.core.search.thumbs import result_thumbnails
            from culti_desktop.core.views.search import index_encoder  # lazy: torch loads off the GUI thread

            encoder = index_encoder(project) if q.mode != "keyword" else None
            resp = (
                search(project, q, encoder=encoder)
                if encoder is not None or q.mode != "clip"
                else search(project, q)
            )
            thumbs = result_thumbnails(project, resp, THUMB, encoder, patches=patches, job=job)
            return resp, thumbs

        self.status.setText(self.tr("Searching…"))
        self._worker = run_job(
            self,
            work,
            self.tr("Searching"),
            on_finished=self._show,
            on_failed=lambda exc: self.status.setText(getattr(exc, "one_line", lambda: str(exc))()),
        )
        return self._worker

    # -- results --------------------------------------------------------------------------------
    def _show(self, payload: Any) -> None:
        resp, thumbs = payload
        self.response = resp
        self.thumbs = {t.pair_id: t for t in thumbs}
        self.results.clear()
        shares = relative_scores([r.score for r in resp.results])
        for r, share in zip(resp.results, shares, strict=True):
            # a person reads "how close to the best hit", not a raw cosine or RRF number (ADR 0047)
            item = QListWidgetItem(f"{score_bar(share)} {share:>4.0%}  {r.caption[:24]}")
            item.setData(Qt.ItemDataRole.UserRole, r.pair_id)
            item.setToolTip(result_tooltip(r))
            self.results.addItem(item)
        self._redraw()
        msg = self.tr("{n} results").format(n=len(resp.results))
        if resp.query.get("translation"):
            msg += f" · EN→ZH: {resp.query['translation']}"
        if resp.query.get("untranslated"):
            msg += " · " + self.tr("not understood: {words}").format(
                words=", ".join(resp.query["untranslated"])
            )
        if resp.warnings:
            msg += " · " + " ".join(resp.warnings)
        if any("current model" in w for w in resp.warnings):  # the model changed while we were open
            self.update_index()
        self.status.setText(msg)
        self.resultsShown.emit(len(resp.results))

    def _heat_of(self, thumb: Any):
        if not self.heat_toggle.isChecked() or thumb is None:
            return None
        if self.heat_level.currentData() == "patches" and thumb.patch_heat is not None:
            return thumb.patch_heat
        return self.heat_part.heat(self.response, thumb)

    def thumbnail_image(self, pair_id: int) -> Image.Image | None:
        """The thumbnail as shown: with the heatmap blended in when the toggle is on."""
        thumb = self.thumbs.get(pair_id)
        if thumb is None:
            return None
        heat = self._heat_of(thumb)
        return overlay(thumb.image, heat, self.opacity.value() / 100.0) if heat is not None else thumb.image

    def _redraw(self, *_args: Any) -> None:
        for i in range(self.results.count()):
            item = self.results.item(i)
            im = self.thumbnail_image(item.data(Qt.ItemDataRole.UserRole))
            if im is not None:
                item.setIcon(QIcon(QPixmap.fromImage(pil_to_qimage(im))))
        if self._viewer_pair is not None:
            self._show_viewer_heat(self._viewer_pair)

    def _reload_thumbs(self) -> None:
        if self.response is not None:
            self.run_search()

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_result(int(item.data(Qt.ItemDataRole.UserRole)))

    def open_result(self, pair_id: int) -> None:
        """Show the result's page in the viewer, figure selected, heatmap over it."""
        show_pair = getattr(self.window_, "show_pair", None)
        if show_pair is None:
            self.window_.statusBar().showMessage(self.tr("The main window cannot show pairs"), 4000)
            return
        show_pair(pair_id)
        self._viewer_pair = pair_id
        self._show_viewer_heat(pair_id)

    def _show_viewer_heat(self, pair_id: int) -> None:
        viewer = getattr(self.window_, "viewer", None)
        if viewer is None or self.response is None:
            return
        if self._viewer_item is not None:
            try:
                if self._viewer_item.scene() is not None:
                    self._viewer_item.scene().removeItem(self._viewer_item)
            except RuntimeError:  # the scene was cleared (page change) and deleted the item
                pass
            self._viewer_item = None
        result = next((r for r in self.response.results if r.pair_id == pair_id), None)
        thumb = self.thumbs.get(pair_id)
        heat = self._heat_of(thumb)
        if result is None or heat is None or result.figure_box is None:
            return
        from culti_desktop.core.search.heatmap import colormap

        x0, y0, x1, y1 = result.figure_box
        rgb = colormap(heat)
        alpha = (self.opacity.value() / 100.0 * (0.35 + 0.65 * heat) * 255).astype("uint8")
        rgba = Image.fromarray(rgb, "RGB").convert("RGBA")
        rgba.putalpha(Image.fromarray(alpha, "L"))
        pm = QPixmap.fromImage(pil_to_qimage(rgba))
        item = QGraphicsPixmapItem(pm)
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setPos(x0, y0)
        item.setScale(1.0)
        from PySide6.QtGui import QTransform

        item.setTransform(QTransform.fromScale((x1 - x0) / pm.width(), (y1 - y0) / pm.height()))
        item.setZValue(5)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        viewer.scene().addItem(item)
        self._viewer_item = item

    @property
    def viewer_heat_item(self) -> QGraphicsPixmapItem | None:
        return self._viewer_item


def install(window: Any) -> None:
    """Add the Search dock (right side) and a Search menu to the main window."""
    panel = SearchPanel(window)
    dock = QDockWidget(window.tr("Search"), window)
    dock.setObjectName("searchDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    menu = window.menuBar().addMenu(window.tr("&Search"))
    focus = QAction(window.tr("&Find figures…"), window)
    focus.setObjectName("search_focus")
    focus.setShortcut(QKeySequence("Ctrl+F"))
    focus.triggered.connect(lambda: (dock.show(), dock.raise_(), panel.query.setFocus()))
    region = QAction(window.tr("Search with the selected &region"), window)
    region.setObjectName("search_region")
    region.setShortcut(QKeySequence("Ctrl+Shift+F"))
    region.triggered.connect(panel.search_selected_region)
    index = QAction(window.tr("&Update the search index"), window)
    index.setObjectName("search_index")
    index.triggered.connect(panel.update_index)
    for act in (focus, region, index):
        menu.addAction(act)
        window.addAction(act)
    menu.addAction(dock.toggleViewAction())
    window.search_panel = panel
    window.search_dock = dock
