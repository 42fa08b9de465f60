"""Small dialogs: curator name, first run, keyboard shortcuts, progress dashboard."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.curation import stats
from culti_desktop.core.storage.project import Project


def ask_curator_name(parent: QWidget, current: str = "") -> str | None:
    name, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("CuratorDialog", "Curator"),
        QCoreApplication.translate("CuratorDialog", "Your name, recorded with every edit you make:"),
        text=current,
    )
    name = name.strip()
    return name if ok and name else None


class FirstRunDialog(QDialog):
    """Shown when no project was given and none was opened before."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to CulTi Desktop"))
        self.choice = "close"
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "CulTi Desktop turns scanned and born-digital heritage documents into checked "
                "image–text pairs for Chinese-CLIP."
            )
            + "\n\n"
            + self.tr("Start with the sample project, or create or open your own."),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        for key, label in (
            ("sample", self.tr("Open the sample project")),
            ("new", self.tr("New project…")),
            ("open", self.tr("Open project…")),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"firstRun_{key}")
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            layout.addWidget(button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()


class ShortcutsDialog(QDialog):
    """Every action with a shortcut, read from the window's actions so it can never go stale."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [
            (
                re.sub(r"\(&\w\)", "", a.text()).replace("&", ""),
                " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts()),
            )
            for a in actions
            if a.shortcuts()
        ]
        table = QTableWidget(len(rows), 2, self)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Shortcut")])
        table.verticalHeader().setVisible(False)
        for i, (name, keys) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(name))
            table.setItem(i, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        hint = QLabel(
            self.tr(
                "Single-letter keys work when no text field has the focus; press Esc to "
                "leave a field. Ctrl+Enter accepts from anywhere."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 560)
        self.rows = rows


def _fmt_seconds(s: float) -> str:
    m, sec = divmod(int(s), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{sec:02d}"


class DashboardDialog(QDialog):
    """Progress per document and per curator (all time and this session)."""

    def __init__(self, project: Project, session_start: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dashboard"))
        layout = QVBoxLayout(self)
        docs = stats.per_document(project)
        layout.addWidget(QLabel(self.tr("Per document"), self))
        t1 = QTableWidget(len(docs), 6, self)
        t1.setObjectName("dashboardDocuments")
        t1.setHorizontalHeaderLabels(
            [
                self.tr("Document"),
                self.tr("Pairs"),
                self.tr("Reviewed"),
                self.tr("Accepted"),
                self.tr("Rejected"),
                self.tr("Needs review"),
            ]
        )
        for i, d in enumerate(docs):
            for j, v in enumerate((d.filename, d.pairs, d.reviewed, d.accepted, d.rejected, d.needs_review)):
                item = QTableWidgetItem(str(v))
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t1.setItem(i, j, item)
        t1.resizeColumnsToContents()
        layout.addWidget(t1)
        for title, since in (
            (self.tr("Per curator, this session"), session_start),
            (self.tr("Per curator, all time"), None),
        ):
            cur = stats.per_curator(project, since=since)
            layout.addWidget(QLabel(title, self))
            t = QTableWidget(len(cur), 5, self)
            t.setHorizontalHeaderLabels(
                [
                    self.tr("Curator"),
                    self.tr("Edits"),
                    self.tr("Reviewed"),
                    self.tr("Accepted / rejected"),
                    self.tr("Time spent"),
                ]
            )
            for i, c in enumerate(cur):
                for j, v in enumerate(
                    (
                        c.curator or "—",
                        c.edits,
                        c.reviewed,
                        f"{c.accepted} / {c.rejected}",
                        _fmt_seconds(c.active_seconds),
                    )
                ):
                    t.setItem(i, j, QTableWidgetItem(str(v)))
            t.resizeColumnsToContents()
            layout.addWidget(t)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 560)
        self.documents = docs
