"""Datasets out and in: File ▸ Export dataset… and File ▸ Import Chinese-CLIP dataset….

Export: choose format and filters, preview the counts, export with progress.
Import: pick a Chinese-CLIP/CulTi folder; it is imported in the background and the window reloads.

The dialog only gathers :class:`~culti_desktop.core.export.ExportOptions`; the preview is the
core's pixel-free plan, and the export itself runs in a child process
(:func:`culti_desktop.gui.workers.run_job` with ``in_process=True``) so the window stays
responsive even while PyMuPDF renders figures, and Cancel works.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.datasets.cnclip_import import import_dataset_file
from culti_desktop.core.errors import CultiError
from culti_desktop.core.export import FORMATS, ExportOptions, ExportResult, build_plan, export_project_file
from culti_desktop.core.export.options import LANGS, SPLIT_MODES
from culti_desktop.core.jobs import Progress
from culti_desktop.core.storage.project import Project
from culti_desktop.core.views import PAIR_STATUSES
from culti_desktop.gui import names
from culti_desktop.gui.workers import Worker, error_text, format_progress, run_job


def format_labels() -> dict[str, str]:
    """Export format names in the UI language (literal calls, so lupdate collects them)."""
    return {
        "cnclip": QCoreApplication.translate("ExportDialog", "Chinese-CLIP (TSV + JSONL)"),
        "hf": QCoreApplication.translate("ExportDialog", "Hugging Face imagefolder"),
        "openclip": QCoreApplication.translate("ExportDialog", "OpenCLIP CSV"),
        "wds": QCoreApplication.translate("ExportDialog", "WebDataset shards"),
        "jsonl": QCoreApplication.translate("ExportDialog", "JSONL manifest"),
    }


class ExportDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.worker: Worker | None = None
        self.result: ExportResult | None = None
        self.setWindowTitle(self.tr("Export dataset"))
        self.setObjectName("exportDialog")

        self.format = QComboBox(self)
        for key in FORMATS:
            self.format.addItem(format_labels()[key], key)
        self.statuses = {s: QCheckBox(names.display(s), self) for s in PAIR_STATUSES}
        self.statuses["accepted"].setChecked(True)
        status_row = QHBoxLayout()
        for box in self.statuses.values():
            status_row.addWidget(box)
        self.split_by = QComboBox(self)
        split_labels = {
            "document": self.tr("By document (pages never straddle splits)"),
            "random": self.tr("Random (by text)"),
            "keep": self.tr("Stored split (pairs without one get one by document)"),
        }
        for mode in SPLIT_MODES:
            self.split_by.addItem(split_labels.get(mode, mode), mode)
        self.split_by.setCurrentIndex(self.split_by.findData("keep"))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 2**31 - 1)
        self.lang = QComboBox(self)
        lang_labels = {
            "zh": self.tr("Chinese"),
            "en": self.tr("English"),
            "both": self.tr("Chinese + English"),
        }
        for lang in LANGS:
            self.lang.addItem(lang_labels.get(lang, lang), lang)
        self.license = QLineEdit(self)
        self.license.setPlaceholderText("CC-BY-4.0, …")
        self.out = QLineEdit(self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out)
        out_row.addWidget(browse)
        self.overwrite = QCheckBox(self.tr("Replace an existing folder"), self)

        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Pair status"), status_row)
        form.addRow(self.tr("Split by"), self.split_by)
        form.addRow(self.tr("Seed"), self.seed)
        form.addRow(self.tr("Captions"), self.lang)
        form.addRow(self.tr("Licence"), self.license)
        form.addRow(self.tr("Output folder"), out_row)
        form.addRow("", self.overwrite)

        self.preview = QTableWidget(0, 4, self)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("pairs"), self.tr("texts"), self.tr("images"), self.tr("documents")]
        )
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.preview.setMaximumHeight(170)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setObjectName("openExportFolder")
        self.open_button.hide()
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_button.clicked.connect(self.open_folder)

        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Preview"), self))
        lay.addWidget(self.preview)
        lay.addWidget(self.summary)
        lay.addWidget(self.progress)
        lay.addWidget(self.buttons)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(150)
        self._preview_timer.timeout.connect(self.refresh_preview)
        for combo in (self.format, self.split_by, self.lang):
            combo.currentIndexChanged.connect(self._preview_timer.start)
        for box in self.statuses.values():
            box.toggled.connect(self._preview_timer.start)
        self.seed.valueChanged.connect(self._preview_timer.start)
        self.refresh_preview()

    # -- options and preview ---------------------------------------------------------------
    def options(self) -> ExportOptions:
        return ExportOptions(
            format=self.format.currentData(),
            statuses=tuple(s for s, box in self.statuses.items() if box.isChecked()),
            split_by=self.split_by.currentData(),
            seed=int(self.seed.value()),
            lang=self.lang.currentData(),
            license=self.license.text().strip() or None,
            overwrite=self.overwrite.isChecked(),
        )

    def refresh_preview(self) -> dict[str, Any]:
        opts = self.options()
        if not opts.statuses:
            self._show_counts({"pairs": 0, "texts": 0, "images": 0, "documents": 0, "splits": {}})
            self.summary.setText(self.tr("Choose at least one pair status."))
            return {}
        try:
            counts = build_plan(self.project, opts).counts()
        except CultiError as exc:
            self.summary.setText(error_text(exc))
            return {}
        self._show_counts(counts)
        text = self.tr("{pairs} pairs, {texts} texts, {images} images from {docs} documents").format(
            pairs=counts["pairs"], texts=counts["texts"], images=counts["images"], docs=counts["documents"]
        )
        if counts["skipped_without_text"]:
            text += " · " + self.tr("{n} left out (no caption in this language)").format(
                n=counts["skipped_without_text"]
            )
        self.summary.setText(text)
        self.export_button.setEnabled(counts["pairs"] > 0 and self.worker is None)
        return counts

    def _show_counts(self, counts: dict[str, Any]) -> None:
        rows = list(counts["splits"].items()) + [("all", counts)]
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels([name for name, _ in rows])
        for r, (_, c) in enumerate(rows):
            for col, key in enumerate(("pairs", "texts", "images", "documents")):
                self.preview.setItem(r, col, QTableWidgetItem(str(c[key])))

    def _browse(self) -> None:
        folder = QFileDialog.getSaveFileName(
            self, self.tr("Export to folder"), self.out.text() or str(Path.home())
        )[0]
        if folder:
            self.out.setText(folder)

    # -- running -------------------------------------------------------------------------------
    def start_export(self) -> Worker | None:
        if self.worker is not None:
            return None
        target = self.out.text().strip()
        if not target:
            self.summary.setText(self.tr("Choose an output folder first."))
            return None
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        # In a child process: PyMuPDF renders hold the GIL and would freeze the window in a thread.
        fn = functools.partial(export_project_file, self.project.locator, target, self.options())
        self.worker = run_job(
            self,
            fn,
            self.tr("Exporting dataset"),
            in_process=True,
            on_finished=self._finished,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
        )
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._done)
        return self.worker

    def _on_progress(self, p: Progress) -> None:
        if p.total:
            self.progress.setRange(0, int(p.total))
            self.progress.setValue(int(min(p.done, p.total)))
        self.progress.setFormat(format_progress(p))

    def _finished(self, result: ExportResult) -> None:
        self.result = result
        c = result.counts
        text = self.tr("Exported {pairs} pairs to {out}").format(pairs=c["pairs"], out=result.out)
        if result.failed:
            text += " · " + self.tr("{n} figure(s) could not be rendered").format(n=len(result.failed))
        self.summary.setText(text)
        # finished: offer the folder, and Cancel becomes Close
        self.open_button.show()
        self.cancel_button.setText(self.tr("Close"))

    def open_folder(self) -> bool:
        """Show the exported folder in the system file manager."""
        from PySide6.QtGui import QDesktopServices

        if self.result is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.out)))

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("Export failed: {error}").format(error=error_text(exc)))

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("Export cancelled; nothing was written."))

    def _done(self) -> None:
        self.worker = None
        self.progress.hide()
        self.export_button.setEnabled(True)

    def _cancel_or_close(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
        else:
            self.reject()


def open_export_dialog(window: QMainWindow) -> ExportDialog | None:
    project = getattr(window, "project", None)
    if project is None:
        return None
    dialog = ExportDialog(project, window)
    dialog.setModal(False)
    dialog.show()
    window._culti_export_dialog = dialog  # type: ignore[attr-defined]  # keep it alive
    return dialog


def import_dataset_folder(window: QMainWindow, folder: str | Path) -> Worker | None:
    """Import a Chinese-CLIP folder into the open project in a child process, then reload panels."""
    project = getattr(window, "project", None)
    if project is None:
        return None

    def finished(summary: dict[str, Any]) -> None:
        if getattr(window, "project", None) is project and hasattr(window, "set_project"):
            window.set_project(project)  # reload every panel with the new documents and pairs
        window.statusBar().showMessage(
            window.tr("Imported {pairs} pairs ({images} images) from {name}").format(
                pairs=summary["pairs"], images=summary["images"], name=summary["dataset"]
            ),
            8000,
        )

    fn = functools.partial(import_dataset_file, project.locator, str(folder))
    return run_job(
        window, fn, window.tr("Importing dataset"), in_process=True, dialog=True, on_finished=finished
    )


def _ask_dataset_folder(window: QMainWindow) -> Worker | None:
    folder = QFileDialog.getExistingDirectory(
        window, window.tr("Chinese-CLIP dataset folder"), str(Path.home())
    )
    return import_dataset_folder(window, folder) if folder else None


def _file_menu(window: QMainWindow) -> QMenu:
    """The window's File menu (the one holding its project actions), or a new Export menu."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and any(
            a.objectName() in ("save_copy", "import", "open") for a in menu.actions()
        ):
            return menu
    return window.menuBar().addMenu(window.tr("E&xport"))


def install(window: QMainWindow) -> None:
    action = QAction(window.tr("E&xport dataset…"), window)
    action.setObjectName("export_dataset")
    action.setShortcut("Ctrl+Shift+E")
    action.triggered.connect(lambda _checked=False: open_export_dialog(window))
    menu = _file_menu(window)
    anchor = next((a for a in menu.actions() if a.objectName() == "save_copy"), None)
    if anchor is not None:
        after = menu.actions()[menu.actions().index(anchor) + 1] if anchor is not menu.actions()[-1] else None
        menu.insertAction(after, action) if after is not None else menu.addAction(action)
    else:
        menu.addAction(action)
    importer = QAction(window.tr("Import Chinese-CLIP &dataset…"), window)
    importer.setObjectName("import_dataset")
    importer.triggered.connect(lambda _checked=False: _ask_dataset_folder(window))
    menu.insertAction(action, importer)
    for act in (action, importer):
        act.setEnabled(getattr(window, "project", None) is not None)
    window.projectChanged.connect(
        lambda project: [a.setEnabled(project is not None) for a in (action, importer)]
    )
    actions = getattr(window, "actions_by_name", None)
    if isinstance(actions, dict):
        actions["export_dataset"] = action
        actions["import_dataset"] = importer
