"""Models page: the project's model versions with their figures, and which one the index uses.

The current model (marked ★) is what evaluation, indexing and search use when no model is named:
the version the curator picked here (or with ``culti model use``), else the newest fine-tuned one.
Evaluation, imports and downloads run on worker threads with progress and cancel.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.storage.project import Project
from culti_desktop.gui import names
from culti_desktop.gui.ml_training_panel import install as install_training
from culti_desktop.gui.ml_training_panel import models_menu
from culti_desktop.gui.workers import Worker, error_text, run_job

COLUMNS = ("", "id", "name", "kind", "arch", "parent", "valid MR", "test MR", "created")


def _mr(metrics: dict[str, Any], split: str) -> str:
    m = metrics.get(f"eval:{split}")
    if isinstance(m, dict) and isinstance(m.get("global"), dict):
        return f"{m['global']['mr']:.1f}"
    return ""


class ImportDialog(QDialog):
    """Choose a checkpoint file and its architecture."""

    def __init__(self, parent: QWidget, path: str) -> None:
        super().__init__(parent)
        from culti_desktop.core.ml.archs import ARCH_NAMES

        self.setWindowTitle(self.tr("Import a checkpoint"))
        self.path = path
        self.arch = QComboBox(self)
        self.arch.addItems(list(ARCH_NAMES))
        self.arch.setCurrentText("ViT-B-16")
        form = QFormLayout(self)
        form.addRow(self.tr("File"), QLabel(path, self))
        form.addRow(self.tr("Architecture"), self.arch)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)


class ModelsPage(QWidget):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("mlModelsPage")
        self.project: Project | None = None
        self.worker: Worker | None = None
        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([names.display(c) if c else "★" for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.use_button = QPushButton(self.tr("Use for index and search"), self)
        self.split = QComboBox(self)
        self.eval_button = QPushButton(self.tr("Evaluate"), self)
        self.import_button = QPushButton(self.tr("Import checkpoint…"), self)
        self.archs = QTableWidget(0, 2, self)
        self.archs.setHorizontalHeaderLabels([self.tr("architecture"), self.tr("weights")])
        self.archs.verticalHeader().setVisible(False)
        self.archs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.archs.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.download_button = QPushButton(self.tr("Download selected"), self)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.split)
        row.addWidget(self.eval_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.current_label)
        lay.addWidget(self.table, 2)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(QLabel(self.tr("Published Chinese-CLIP weights (user model folder)"), self))
        lay.addWidget(self.archs, 1)
        lay.addWidget(self.download_button)
        self.use_button.clicked.connect(self.use_selected)
        self.eval_button.clicked.connect(self.evaluate_selected)
        self.import_button.clicked.connect(self.import_dialog)
        self.download_button.clicked.connect(self.download_selected)
        self.set_project(getattr(window, "project", None))

    # -- data ------------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.refresh()

    def refresh(self) -> None:
        from culti_desktop.core.ml.data import list_splits
        from culti_desktop.core.ml.registry import current_model_version, list_archs, list_versions

        versions = list_versions(self.project) if self.project is not None else []
        self.table.setRowCount(len(versions))
        for r, v in enumerate(versions):
            cells = [
                "★" if v["current"] else "",
                str(v["id"]),
                names.version_name(v["name"]),
                names.display(v["kind"]),
                v["arch"],
                str(v["parent_id"] or ""),
                _mr(v["metrics"], "valid"),
                _mr(v["metrics"], "test"),
                v["created_at"].strftime("%Y-%m-%d %H:%M") if v["created_at"] else "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v["id"])
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        if self.project is None:
            self.current_label.setText(self.tr("No project open."))
        else:
            cur = current_model_version(self.project)
            self.current_label.setText(
                self.tr("Index and search use: {0}").format(f"v{cur.id} · {names.version_name(cur.name)}")
                if cur is not None
                else self.tr(
                    "Index and search use: ViT-B-16 (pretrained) until a model is trained or picked."
                )
            )
        keep = self.split.currentData()
        self.split.clear()
        if self.project is not None:
            for sp in sorted(list_splits(self.project)) or ["test"]:
                self.split.addItem(names.display(sp), sp)
        if keep and self.split.findData(keep) >= 0:
            self.split.setCurrentIndex(self.split.findData(keep))
        elif self.split.findData("test") >= 0:
            self.split.setCurrentIndex(self.split.findData("test"))
        archs = list_archs()
        self.archs.setRowCount(len(archs))
        for r, a in enumerate(archs):
            self.archs.setItem(r, 0, QTableWidgetItem(names.display(a["name"])))
            state = (
                self.tr("built in")
                if a["name"] == "tiny"
                else (self.tr("ready") if a["downloaded"] else self.tr("not downloaded"))
            )
            self.archs.setItem(r, 1, QTableWidgetItem(state))
        has = self.project is not None
        for b in (self.use_button, self.eval_button, self.import_button):
            b.setEnabled(has)

    def selected_version(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def select_version(self, version_id: int) -> None:
        for r in range(self.table.rowCount()):
            if int(self.table.item(r, 1).text()) == version_id:
                self.table.selectRow(r)
                return

    # -- actions ---------------------------------------------------------------------------------
    def use_selected(self) -> None:
        from culti_desktop.core.ml.registry import use_model

        vid = self.selected_version()
        if self.project is None or vid is None:
            return
        use_model(self.project, vid)
        self.refresh()

    def evaluate_selected(self) -> Worker | None:
        if self.project is None:
            return None
        from culti_desktop.core.ml.evaluate import evaluate
        from culti_desktop.core.ml.shared import shared_encoder
        from culti_desktop.gui.prepare_job import prepare_splits

        project, vid, split = self.project, self.selected_version(), self.split.currentData() or "test"
        prepare_splits(self, project)

        def work(job: Any) -> Any:
            job.start(5, "evaluating")
            enc = shared_encoder(project, vid, job=job.child(1))  # loading (or downloading) fills 1/5
            return evaluate(project, enc, split=split, job=job.child(4))

        self.worker = run_job(
            self,
            work,
            self.tr("Evaluating"),
            on_finished=self._evaluated,
            on_failed=lambda e: self.message.setText(error_text(e)),
        )
        return self.worker

    def _evaluated(self, result: dict) -> None:
        g = result["global"]
        self.message.setText(
            self.tr("{0} on {1}: T2I R@1 {2:.1f} · I2T R@1 {3:.1f} · MR {4:.1f}").format(
                result["model"], result["split"], g["t2i"]["r1"], g["i2t"]["r1"], g["mr"]
            )
        )
        self.refresh()

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a checkpoint"),
            "",
            self.tr("PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)"),
        )
        if not path:
            return
        dlg = ImportDialog(self, path)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.import_file(path, dlg.arch.currentText())

    def import_file(self, path: str, arch: str) -> Worker | None:
        if self.project is None:
            return None
        from culti_desktop.core.ml.registry import import_checkpoint

        project = self.project
        self.worker = run_job(
            self,
            lambda job: import_checkpoint(path, arch, project=project),
            self.tr("Importing checkpoint"),
            on_finished=lambda _r: self.refresh(),
            on_failed=lambda e: self.message.setText(error_text(e)),
        )
        return self.worker

    def download_selected(self) -> Worker | None:
        rows = self.archs.selectionModel().selectedRows() if self.archs.selectionModel() else []
        items = self.archs.selectedItems()
        if not items and not rows:
            return None
        arch = self.archs.item(items[0].row() if items else rows[0].row(), 0).text()
        if arch == "tiny":
            return None
        from culti_desktop.core.ml.downloads import ensure_weights

        self.worker = run_job(
            self,
            lambda job: ensure_weights(arch, job=job),
            self.tr("Downloading {0}").format(arch),
            on_finished=lambda _p: self.refresh(),
            on_failed=lambda e: self.message.setText(error_text(e)),
        )
        return self.worker


def install(window: QMainWindow) -> None:
    """Install the training panel and the models page, which refreshes when a training run ends."""
    training = install_training(window)
    page = install_page(window)
    training.trainingFinished.connect(lambda _r: page.refresh())


def install_page(window: QMainWindow) -> ModelsPage:
    page = ModelsPage(window)
    dock = QDockWidget(window.tr("Models"), window)
    dock.setObjectName("mlModelsDock")
    dock.setWidget(page)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    window.projectChanged.connect(page.set_project)
    dock.visibilityChanged.connect(lambda visible: visible and page.refresh())
    action = dock.toggleViewAction()
    action.setText(window.tr("&Models and versions"))
    action.setObjectName("ml_show_models")
    models_menu(window).addAction(action)
    return page
