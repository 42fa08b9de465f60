"""The project glossary editor (Search ▸ Glossary…): EN→ZH terms used by English queries.

A thin layer over :mod:`culti_desktop.core.search.glossary`: every add, override or removal is
written to the project file at once (nothing to save); a bad entry is refused with one line in
the dialog and nothing else changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search import glossary as gl
from culti_desktop.core.storage.project import Project


class GlossaryDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle(self.tr("Project glossary (English → Chinese)"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "English queries use these terms before the general dictionary. "
                "Project terms win over shipped ones; removing a shipped term hides it in this project."
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filter…"))
        self.filter.textChanged.connect(self.refresh)
        layout.addWidget(self.filter)
        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("English"), self.tr("Chinese"), self.tr("Origin")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.en = QLineEdit(self)
        self.en.setPlaceholderText(self.tr("English term"))
        self.zh = QLineEdit(self)
        self.zh.setPlaceholderText(self.tr("Chinese rendering"))
        self.zh.returnPressed.connect(self.add)
        self.add_button = QPushButton(self.tr("Add / change"), self)
        self.add_button.clicked.connect(self.add)
        for w in (self.en, self.zh, self.add_button):
            row.addWidget(w)
        layout.addLayout(row)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Remove selected"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.clicked.connect(self._ask_export)
        close = QPushButton(self.tr("Close"), self)
        close.clicked.connect(self.accept)
        for b in (self.remove_button, self.import_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.refresh()

    def _origin(self, origin: str) -> str:
        return {
            "shipped": self.tr("shipped"),
            "project": self.tr("project"),
            "override": self.tr("override"),
        }[origin]

    def refresh(self) -> None:
        needle = self.filter.text().strip().lower()
        rows = [r for r in gl.entries(self.project) if not needle or needle in r[0] or needle in r[1]]
        self.table.setRowCount(len(rows))
        for i, (en, zh, origin) in enumerate(rows):
            for j, text in enumerate((en, zh, self._origin(origin))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, en)
                self.table.setItem(i, j, item)

    def _selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            r = items[0].row()
            self.en.setText(self.table.item(r, 0).text())
            self.zh.setText(self.table.item(r, 1).text())

    def add(self) -> None:
        try:
            key = gl.add_term(self.project, self.en.text(), self.zh.text())
        except CultiError as exc:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=exc.args[0]))
            return
        self.status.setText(self.tr("Saved: {en} → {zh}").format(en=key, zh=self.zh.text().strip()))
        self.refresh()

    def remove_selected(self) -> None:
        keys = sorted({it.data(Qt.ItemDataRole.UserRole) for it in self.table.selectedItems()})
        removed = [k for k in keys if gl.remove_term(self.project, k)]
        self.status.setText(self.tr("Removed {n} terms").format(n=len(removed)))
        self.refresh()

    def import_file(self, path: Path) -> tuple[int, list[str]]:
        try:
            added, errors = gl.import_terms(self.project, path)
        except CultiError as exc:
            self.status.setText(self.tr("Not imported: {reason}").format(reason=exc.one_line()))
            return 0, [exc.one_line()]
        msg = self.tr("Imported {n} terms").format(n=added)
        if errors:
            msg += " · " + self.tr("skipped {n}: {first}").format(n=len(errors), first=errors[0])
        self.status.setText(msg)
        self.refresh()
        return added, errors

    def export_file(self, path: Path) -> int:
        n = gl.export_terms(self.project, path)
        self.status.setText(self.tr("Exported {n} terms to {file}").format(n=n, file=path.name))
        return n

    def _ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import glossary"), "", self.tr("Glossary (*.json *.tsv *.csv *.txt)")
        )
        if name:
            self.import_file(Path(name))

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export glossary"), "glossary.json", self.tr("Glossary (*.json)")
        )
        if name:
            self.export_file(Path(name))


def open_glossary_dialog(window: Any) -> GlossaryDialog | None:
    project = getattr(window, "project", None)
    if project is None:
        return None
    dlg = GlossaryDialog(project, window)
    dlg.open()
    return dlg


def _search_menu(window: Any):
    for act in window.menuBar().actions():
        menu = act.menu()
        if menu is not None and any(a.objectName() == "search_focus" for a in menu.actions()):
            return menu
    return window.menuBar().addMenu(window.tr("&Search"))


def install(window: Any) -> None:
    """Search ▸ Glossary…, enabled while a project is open."""
    action = QAction(window.tr("&Glossary…"), window)
    action.setObjectName("glossary_editor")
    action.triggered.connect(lambda _checked=False: open_glossary_dialog(window))
    menu = _search_menu(window)
    menu.addSeparator()
    menu.addAction(action)
    action.setEnabled(getattr(window, "project", None) is not None)
    window.projectChanged.connect(lambda project: action.setEnabled(project is not None))
    actions = getattr(window, "actions_by_name", None)
    if isinstance(actions, dict):
        actions["glossary_editor"] = action
