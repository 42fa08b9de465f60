"""Moving around: pages, pairs, the queue's next/previous, field focus, and page prefetch."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from culti_desktop.core.views.pairs import locate_pair, pair_of_figure
from culti_desktop.gui.controllers import Controller
from culti_desktop.gui.workers import Worker

log = logging.getLogger(__name__)


class NavigationController(Controller):
    """Keeps the viewer, the document tree, the pair panel and the queue showing the same thing."""

    _prefetcher: Worker | None = None

    def show_page(self, page_id: int, select_region: int | None = None) -> None:
        self.w.viewer.show_page(page_id, select_region)
        self.w.documents.select_page(page_id)
        self._prefetch_neighbours(page_id)

    def _prefetch_neighbours(self, page_id: int) -> None:
        """Render and decode the next page in the background (one prefetch at a time).

        The previous page was usually just seen, so it is still decoded in the viewer's memory.
        """
        w = self.w
        if w.project is None or (self._prefetcher is not None and self._prefetcher.is_running()):
            return
        wanted = [
            p
            for p in (w.documents.neighbour(page_id, 1), w.documents.neighbour(page_id, -1))[:1]
            if p is not None and not w.viewer.has_pixmap(p)
        ]
        if not wanted:
            return
        project = w.project
        from PySide6.QtGui import QImage

        from culti_desktop.core.curation import render_cache

        def work(job: Any) -> list[tuple[int, QImage]]:
            out = []
            for pid in wanted:
                job.check_cancelled()
                out.append((pid, QImage(str(render_cache.render_page(project, pid)))))
            return out

        def done(images: list[tuple[int, Any]]) -> None:
            if w.project is project:
                for pid, image in images:
                    w.viewer.add_prefetched(pid, image)

        self._prefetcher = Worker(work, name="prefetch pages")
        self._prefetcher.finished.connect(done)
        self._prefetcher.failed.connect(lambda exc: log.debug("prefetch failed: %s", exc))
        self._prefetcher.start()

    def step_page(self, delta: int) -> None:
        target = self.w.documents.neighbour(self.w.viewer.page_id, delta)
        if target is not None:
            self.show_page(target)

    def show_pair(self, pair_id: int) -> None:
        """Show a pair: its page in the viewer with the figure selected, its fields in the panel."""
        w = self.w
        if w.project is None:
            return
        if w.current_pair_id != pair_id:
            w.pair_panel.commit_pending()
        where = locate_pair(w.project, pair_id)
        if where is None:
            return
        w.current_pair_id = pair_id
        self.show_page(where.page_id, select_region=where.figure_region_id)  # first: the preview crops it
        w.pair_panel.show_pair(pair_id)
        w.queue.select_pair(pair_id, emit=False)
        w.update_enabled()

    def region_selected(self, region_id: int) -> None:
        w = self.w
        if w.project is None or region_id < 0:
            w.update_enabled()
            return
        pid = pair_of_figure(w.project, region_id)
        if pid is not None and pid != w.current_pair_id:
            w.pair_panel.commit_pending()
            w.current_pair_id = pid
            w.pair_panel.show_pair(pid)
            w.queue.select_pair(pid, emit=False)
        w.update_enabled()

    def next_pair(self) -> None:
        self.w.pair_panel.commit_pending()
        self.w.queue.next()

    def previous_pair(self) -> None:
        self.w.pair_panel.commit_pending()
        self.w.queue.previous()

    def focus(self, widget: QWidget) -> None:
        if self.w.current_pair_id is not None:
            self.w.pair_dock.show()
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            if hasattr(widget, "selectAll"):
                widget.selectAll()

    def leave_field(self) -> None:
        w = self.w
        w.pair_panel.commit_pending()
        if w.viewer.mode != "select":
            w.viewer.cancel_mode()
        w.viewer.setFocus(Qt.FocusReason.ShortcutFocusReason)
