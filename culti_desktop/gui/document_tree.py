"""The list of documents and their pages (left dock)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from culti_desktop.core.storage.project import Project
from culti_desktop.core.views.documents import document_rows

PAGE_ROLE = Qt.ItemDataRole.UserRole


class DocumentTree(QTreeWidget):
    """Documents with their pages; ``pageActivated(page_id)`` when a page (or document) is picked."""

    pageActivated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentTree")
        self.setHeaderLabels([self.tr("Document / page"), self.tr("Pairs")])
        self.setUniformRowHeights(True)
        self.page_ids: list[int] = []  # in display order, for next/previous page
        self._page_items: dict[int, QTreeWidgetItem] = {}
        self.currentItemChanged.connect(self._changed)

    def set_project(self, project: Project | None) -> None:
        self.blockSignals(True)
        self.clear()
        self.page_ids, self._page_items = [], {}
        if project is not None:
            docs = document_rows(project)
            for doc in docs:
                doc_item = QTreeWidgetItem([doc.filename, str(doc.pairs)])
                doc_item.setToolTip(0, doc.filename)
                children = []
                for page in doc.pages:
                    child = QTreeWidgetItem(
                        [self.tr("Page {n}").format(n=page.index + 1), str(page.pairs or "")]
                    )
                    child.setData(0, PAGE_ROLE, page.id)
                    children.append(child)
                    self.page_ids.append(page.id)
                    self._page_items[page.id] = child
                doc_item.addChildren(children)
                if children:
                    doc_item.setData(0, PAGE_ROLE, children[0].data(0, PAGE_ROLE))
                self.addTopLevelItem(doc_item)
            if len(docs) <= 5:
                self.expandAll()
        self.resizeColumnToContents(1)
        self.blockSignals(False)

    def refresh_counts(self, project: Project | None) -> None:
        """Re-read the pair counts after an edit that adds or removes figures, keeping the page."""
        item = self.currentItem()
        page = item.data(0, PAGE_ROLE) if item is not None else None
        expanded = {
            self.topLevelItem(i).text(0)
            for i in range(self.topLevelItemCount())
            if self.topLevelItem(i).isExpanded()
        }
        self.set_project(project)
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            top.setExpanded(top.isExpanded() or top.text(0) in expanded)
        if page is not None:
            self.select_page(int(page))

    def select_page(self, page_id: int) -> None:
        item = self._page_items.get(page_id)
        if item is not None and self.currentItem() is not item:
            self.blockSignals(True)
            self.setCurrentItem(item)
            self.blockSignals(False)

    def neighbour(self, page_id: int | None, delta: int) -> int | None:
        if not self.page_ids:
            return None
        if page_id not in self.page_ids:
            return self.page_ids[0]
        i = self.page_ids.index(page_id) + delta
        return self.page_ids[i] if 0 <= i < len(self.page_ids) else None

    def _changed(self, current: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        if current is not None and current.data(0, PAGE_ROLE) is not None:
            self.pageActivated.emit(int(current.data(0, PAGE_ROLE)))
