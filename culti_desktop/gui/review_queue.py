"""The review queue: every pair in a table, lowest confidence first, with filters and counters.

Rows come from :func:`culti_desktop.core.curation.queue.list_queue`. After an edit only the
touched rows are re-read, and they stay where they are (an accepted pair does not jump out of
a "left" filter under the curator's hands) until the filter is changed or the list refreshed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.curation.queue import QueueFilter, QueueRow, counters, list_queue, queue_row
from culti_desktop.core.storage.project import Project
from culti_desktop.core.views.documents import document_choices
from culti_desktop.gui.page_viewer import STATUS_COLORS

Index = QModelIndex | QPersistentModelIndex


class QueueModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QueueRow] = []
        self._row_of: dict[int, int] = {}
        self.headers = [
            self.tr("Conf."),
            self.tr("Status"),
            self.tr("Document"),
            self.tr("Page"),
            self.tr("Caption"),
        ]
        self.status_names = {
            "proposed": self.tr("proposed"),
            "needs_review": self.tr("needs review"),
            "accepted": self.tr("accepted"),
            "rejected": self.tr("rejected"),
        }

    def set_rows(self, rows: list[QueueRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self._row_of = {r.pair_id: i for i, r in enumerate(rows)}
        self.endResetModel()

    def row_of(self, pair_id: int) -> int | None:
        return self._row_of.get(pair_id)

    def update_row(self, row: QueueRow) -> None:
        i = self._row_of.get(row.pair_id)
        if i is None:
            return
        self.rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, self.columnCount() - 1))

    def remove_pair(self, pair_id: int) -> None:
        i = self._row_of.get(pair_id)
        if i is None:
            return
        self.beginRemoveRows(QModelIndex(), i, i)
        del self.rows[i]
        self._row_of = {r.pair_id: k for k, r in enumerate(self.rows)}
        self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{r.confidence:.2f}",
                self.status_names.get(r.status, r.status),
                r.filename,
                str(r.page_index + 1),
                r.title,
            )[col]
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(STATUS_COLORS.get(r.status, QColor("black")))
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(t for t in (r.caption_zh, r.caption_en, r.caption) if t)
        if role == Qt.ItemDataRole.UserRole:
            return r.pair_id
        return None


class ReviewQueue(QWidget):
    """Filters + counters + table. ``pairActivated(pair_id)`` when the current row changes."""

    pairActivated = Signal(int)
    countersChanged = Signal(object)

    STATUS_FILTERS = (
        ("left", ("proposed", "needs_review")),
        ("all", ()),
        ("proposed", ("proposed",)),
        ("needs_review", ("needs_review",)),
        ("accepted", ("accepted",)),
        ("rejected", ("rejected",)),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.project: Project | None = None
        self.status = QComboBox(self)
        names = {
            "left": self.tr("Left to review"),
            "all": self.tr("All pairs"),
            "proposed": self.tr("Proposed"),
            "needs_review": self.tr("Needs review"),
            "accepted": self.tr("Accepted"),
            "rejected": self.tr("Rejected"),
        }
        for key, _ in self.STATUS_FILTERS:
            self.status.addItem(names[key], key)
        self.status.setCurrentIndex(1)
        self.document = QComboBox(self)
        self.min_conf = QDoubleSpinBox(self)
        self.max_conf = QDoubleSpinBox(self)
        for spin, value in ((self.min_conf, 0.0), (self.max_conf, 1.0)):
            spin.setRange(0.0, 1.0)
            spin.setSingleStep(0.05)
            spin.setDecimals(2)
            spin.setValue(value)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Search captions, OCR text, tags…"))
        self.text.setClearButtonEnabled(True)
        self.order = QComboBox(self)
        self.order.addItem(self.tr("Lowest confidence first"), "confidence")
        self.order.addItem(self.tr("Page order"), "page")
        self.counter_label = QLabel(self)
        self.counter_label.setObjectName("queueCounters")

        self.model = QueueModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # ResizeToContents reads every row
        header.setStretchLastSection(True)
        for c, width in enumerate((44, 84, 120, 36)):
            header.resizeSection(c, width)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        row1 = QHBoxLayout()
        row1.addWidget(self.status)
        row1.addWidget(self.document, 1)
        row1.addWidget(self.order)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel(self.tr("Confidence"), self))
        row2.addWidget(self.min_conf)
        row2.addWidget(QLabel("–", self))
        row2.addWidget(self.max_conf)
        row2.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.counter_label)
        layout.addWidget(self.table, 1)

        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.document.currentIndexChanged.connect(lambda _i: self.reload())
        self.min_conf.valueChanged.connect(lambda _v: self.reload())
        self.max_conf.valueChanged.connect(lambda _v: self.reload())
        self.text.textChanged.connect(lambda _t: self.reload())
        self.order.currentIndexChanged.connect(lambda _i: self.reload())

    # -- data ----------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.document.blockSignals(True)
        self.document.clear()
        self.document.addItem(self.tr("All documents"), None)
        if project is not None:
            for doc_id, name in document_choices(project):
                self.document.addItem(name, doc_id)
        self.document.blockSignals(False)
        self.reload()

    def current_filter(self) -> QueueFilter:
        statuses = dict(self.STATUS_FILTERS)[self.status.currentData()]
        return QueueFilter(
            statuses=statuses,
            document_id=self.document.currentData(),
            min_confidence=self.min_conf.value() if self.min_conf.value() > 0 else None,
            max_confidence=self.max_conf.value() if self.max_conf.value() < 1 else None,
            text=self.text.text(),
            order=self.order.currentData() or "confidence",
        )

    def reload(self) -> None:
        keep = self.current_pair_id()
        rows = list_queue(self.project, self.current_filter()) if self.project is not None else []
        self.model.set_rows(rows)
        if keep is not None and self.model.row_of(keep) is not None:
            self.select_pair(keep, emit=False)
        self.update_counters()

    def update_counters(self) -> None:
        if self.project is None:
            self.counter_label.setText("")
            return
        c = counters(self.project, self.document.currentData())
        self.counter_label.setText(
            self.tr("Accepted {a} · Rejected {r} · Left {l} · shown {n}").format(
                a=c.accepted, r=c.rejected, l=c.left, n=self.model.rowCount()
            )
        )
        self.countersChanged.emit(c)

    def pairs_changed(self, pair_ids: set[int]) -> None:
        """Re-read the touched rows in place (rows of deleted pairs disappear)."""
        if self.project is None:
            return
        for pid in pair_ids:
            row = queue_row(self.project, pid)
            if row is None:
                self.model.remove_pair(pid)
            elif self.model.row_of(pid) is None:
                if self._matches(row):
                    self.reload()
                    break
            else:
                self.model.update_row(row)
        self.update_counters()

    def _matches(self, row: QueueRow) -> bool:
        f = self.current_filter()
        return (not f.statuses or row.status in f.statuses) and (f.document_id in (None, row.document_id))

    # -- navigation ----------------------------------------------------------------------------
    def current_pair_id(self) -> int | None:
        idx = self.table.currentIndex()
        return (
            self.model.rows[idx.row()].pair_id if idx.isValid() and idx.row() < len(self.model.rows) else None
        )

    def select_pair(self, pair_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(pair_id)
        if row is None:
            return False
        if not emit:
            self.table.selectionModel().blockSignals(True)
        if self.table.currentIndex().row() != row:  # a Ctrl/Shift-click made it current already
            flags = QItemSelectionModel.SelectionFlag
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), flags.ClearAndSelect | flags.Rows
            )
        self.table.scrollTo(self.model.index(row, 0))
        if not emit:
            self.table.selectionModel().blockSignals(False)
            self.table.viewport().update()
        return True

    def step(self, delta: int) -> int | None:
        if not self.model.rows:
            return None
        idx = self.table.currentIndex()
        row = 0 if not idx.isValid() else max(0, min(len(self.model.rows) - 1, idx.row() + delta))
        if idx.isValid() and row == idx.row():
            return None
        self.table.setCurrentIndex(self.model.index(row, 0))
        return self.model.rows[row].pair_id

    def next(self) -> int | None:
        return self.step(1)

    def previous(self) -> int | None:
        return self.step(-1)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.pairActivated.emit(self.model.rows[current.row()].pair_id)
