"""Training panel: pick a model and options, start and cancel fine-tuning, watch loss and recall.

Training runs on a worker thread (:mod:`culti_desktop.gui.workers`); the loop's per-step and
per-epoch events cross to the GUI thread through a queued Qt signal and are drawn as two curves
(loss per step, valid MR per epoch). A cancelled run keeps its saved state: pressing Start again
with the same options resumes it.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDockWidget,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.storage.project import Project
from culti_desktop.gui import names
from culti_desktop.gui.workers import Worker, error_text, run_job

LOSS_COLOUR = QColor(200, 70, 40)
RECALL_COLOUR = QColor(40, 110, 200)


def models_menu(window: QMainWindow) -> QMenu:
    """The shared "Models" menu of the two ml modules (created by whichever installs first)."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if menu is not None and menu.objectName() == "modelsMenu":
            return menu
    menu = window.menuBar().addMenu(window.tr("&Models"))
    menu.setObjectName("modelsMenu")
    return menu


class CurvePlot(QWidget):
    """Loss per step (left scale) and valid MR per epoch (right scale, 0-100 %), drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.loss: list[tuple[int, float]] = []
        self.recall: list[tuple[float, float]] = []  # (step at epoch end, MR)
        self.total_steps = 1
        self.setMinimumHeight(160)

    def clear(self) -> None:
        self.loss, self.recall, self.total_steps = [], [], 1
        self.update()

    def add_loss(self, step: int, loss: float, total: int) -> None:
        if math.isfinite(loss):
            self.loss.append((step, loss))
        self.total_steps = max(1, total)
        self.update()

    def add_recall(self, step: float, mr: float) -> None:
        self.recall.append((step, mr))
        self.update()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(36, 8, -36, -20)
        p.fillRect(self.rect(), self.palette().base())
        p.setPen(QPen(self.palette().mid().color()))
        p.drawRect(area)
        p.setPen(self.palette().text().color())
        p.drawText(
            QRectF(0, area.bottom() + 2, self.width(), 18),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("step") + f" (0–{self.total_steps})",
        )
        if self.loss:
            top = max(v for _, v in self.loss) * 1.05 or 1.0
            p.setPen(LOSS_COLOUR)
            p.drawText(QRectF(0, area.top(), 34, 16), Qt.AlignmentFlag.AlignRight, f"{top:.2g}")
            p.drawText(QRectF(0, area.bottom() - 16, 34, 16), Qt.AlignmentFlag.AlignRight, "0")
            self._polyline(p, [(s, v / top) for s, v in self.loss], area, LOSS_COLOUR)
        if self.recall:
            p.setPen(RECALL_COLOUR)
            p.drawText(QRectF(area.right() + 2, area.top(), 34, 16), Qt.AlignmentFlag.AlignLeft, "100%")
            p.drawText(QRectF(area.right() + 2, area.bottom() - 16, 34, 16), Qt.AlignmentFlag.AlignLeft, "0")
            pts = [(s, v / 100.0) for s, v in self.recall]
            self._polyline(p, pts, area, RECALL_COLOUR)
            for s, v in pts:
                p.drawEllipse(self._point(s, v, area), 3, 3)
        p.end()

    def _point(self, step: float, frac: float, area: QRectF) -> QPointF:
        x = area.left() + area.width() * min(1.0, step / self.total_steps)
        return QPointF(x, area.bottom() - area.height() * max(0.0, min(1.0, frac)))

    def _polyline(self, p: QPainter, pts: list[tuple[float, float]], area: QRectF, colour: QColor) -> None:
        path = QPainterPath()
        for i, (s, v) in enumerate(pts):
            pt = self._point(s, v, area)
            path.moveTo(pt) if i == 0 else path.lineTo(pt)
        p.setPen(QPen(colour, 1.6))
        p.drawPath(path)


class _EventBridge(QObject):
    """Carries training events from the worker thread to the GUI thread (queued signal)."""

    event = Signal(object)


class TrainingPanel(QWidget):
    trainingFinished = Signal(object)  # TrainResult

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("mlTrainingPanel")
        self.window_ = window
        self.project: Project | None = None
        self.worker: Worker | None = None
        self.bridge = _EventBridge(self)
        self.bridge.event.connect(self._on_event)

        self.model = QComboBox(self)
        self.epochs = QSpinBox(self, minimum=1, maximum=1000, value=10)
        self.lr = QDoubleSpinBox(self, decimals=6, minimum=0.0, maximum=1.0, singleStep=1e-5, value=0.0)
        self.lr.setSpecialValueText(self.tr("default"))
        self.batch = QSpinBox(self, minimum=0, maximum=4096, value=0)
        self.batch.setSpecialValueText(self.tr("fit to memory"))
        self.freeze = QComboBox(self)
        for key, label in (
            ("none", self.tr("nothing")),
            ("vision", self.tr("vision tower")),
            ("text", self.tr("text tower")),
        ):
            self.freeze.addItem(label, key)
        self.hard = QCheckBox(self.tr("hard negatives (same document, similar captions)"), self)
        self.device = QComboBox(self)
        for d in ("auto", "cpu", "cuda", "mps"):
            self.device.addItem(d, d)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setEnabled(False)
        self.status = QLabel(self.tr("Open a project with accepted pairs in the train split."), self)
        self.status.setWordWrap(True)
        self.eta = QLabel("", self)
        self.plot = CurvePlot(self)

        form = QFormLayout()
        form.addRow(self.tr("Start from"), self.model)
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Learning rate"), self.lr)
        form.addRow(self.tr("Batch"), self.batch)
        form.addRow(self.tr("Freeze"), self.freeze)
        form.addRow("", self.hard)
        form.addRow(self.tr("Device"), self.device)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        loss_name, recall_name = self.tr("loss"), self.tr("valid MR")  # literal calls: lupdate sees them
        legend = QLabel(
            f"<span style='color:{LOSS_COLOUR.name()}'>■ {loss_name}</span>  "
            f"<span style='color:{RECALL_COLOUR.name()}'>■ {recall_name}</span>",
            self,
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.status)
        lay.addWidget(self.eta)
        lay.addWidget(legend)
        lay.addWidget(self.plot, 1)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.set_project(getattr(window, "project", None))

    # -- project -----------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        if self.worker is not None and self.worker.is_running():
            self.worker.cancel()
        self.project = project
        self.refresh_models()
        self.start_button.setEnabled(project is not None)

    def refresh_models(self) -> None:
        from culti_desktop.core.ml.archs import ARCH_NAMES
        from culti_desktop.core.ml.registry import list_versions

        keep = self.model.currentData()
        self.model.clear()
        self.model.addItem(self.tr("current model"), None)
        if self.project is not None:
            for v in list_versions(self.project):
                self.model.addItem(f"v{v['id']} · {names.version_name(v['name'])}", str(v["id"]))
        for arch in ARCH_NAMES:
            self.model.addItem(names.display(arch) if arch == "tiny" else arch, arch)
        i = self.model.findData(keep)
        self.model.setCurrentIndex(max(0, i))

    def options(self) -> Any:
        from culti_desktop.core.ml.train import TrainOptions

        return TrainOptions(
            model=self.model.currentData(),
            epochs=self.epochs.value(),
            lr=self.lr.value() or None,
            batch_size=self.batch.value() or None,
            freeze=self.freeze.currentData(),
            hard_negatives=self.hard.isChecked(),
            device=self.device.currentData(),
        )

    # -- running -------------------------------------------------------------------------------
    def start(self) -> Worker | None:
        if self.project is None or (self.worker is not None and self.worker.is_running()):
            return None
        from culti_desktop.core.ml.train import train
        from culti_desktop.gui.prepare_job import prepare_model, prepare_splits

        project, opts, bridge = self.project, self.options(), self.bridge
        if not prepare_model(self, project, opts.model):
            return None
        note = prepare_splits(self, project)
        self.plot.clear()
        self.status.setText(note or self.tr("Preparing data and model…"))
        self.eta.setText("")

        def work(job: Any) -> Any:
            job.on_event = bridge.event.emit  # training reports steps and epochs as job events
            return train(project, opts, job=job)

        self.worker = run_job(
            self,
            work,
            self.tr("Training"),
            on_finished=self._finished,
            on_failed=self._failed,
            on_cancelled=self._cancelled,
        )
        self.worker.progress.connect(self._on_progress)
        self.worker.done.connect(self._done)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        return self.worker

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText(self.tr("Cancelling… the run is saved and resumes on the next Start."))

    def _on_event(self, e: dict[str, Any]) -> None:
        if e.get("type") == "step":
            self.plot.add_loss(int(e["step"]), float(e["loss"]), int(e["total_steps"]))
            self.status.setText(
                self.tr("epoch {0} · step {1}/{2} · loss {3:.3f}").format(
                    e["epoch"], e["step"], e["total_steps"], e["loss"]
                )
            )
        elif e.get("type") == "epoch" and e.get("valid_mr") is not None:
            step = self.plot.loss[-1][0] if self.plot.loss else 0
            self.plot.add_recall(step, float(e["valid_mr"]))

    def _on_progress(self, p: Any) -> None:
        eta = p.eta_seconds
        if eta is not None:
            m, s = divmod(int(eta), 60)
            self.eta.setText(self.tr("ETA {0}:{1:02d}").format(m, s))

    def _finished(self, result: Any) -> None:
        best = result.best["global"]["mr"] if result.best else None
        base = result.baseline["global"]["mr"] if result.baseline else None
        text = self.tr("New model version {0} (best epoch {1}).").format(result.version_id, result.best_epoch)
        if best is not None and base is not None:
            text += " " + self.tr("Valid MR {0:.1f} → {1:.1f}.").format(base, best)
        if not result.made_current:
            text += " " + self.tr(
                "Not made current: it scores below its starting model on valid "
                "(pick it on the Models page if you want it anyway)."
            )
        self.status.setText(text)
        self.eta.setText("")
        self.refresh_models()
        self.trainingFinished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc))

    def _cancelled(self) -> None:
        self.status.setText(self.tr("Cancelled. Start again with the same options to resume."))

    def _done(self) -> None:
        self.start_button.setEnabled(self.project is not None)
        self.cancel_button.setEnabled(False)


def install(window: QMainWindow) -> TrainingPanel:
    """Add the training dock; returns the panel so the models page can follow its runs."""
    panel = TrainingPanel(window)
    dock = QDockWidget(window.tr("Training"), window)
    dock.setObjectName("mlTrainingDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    window.projectChanged.connect(panel.set_project)
    action = dock.toggleViewAction()
    action.setText(window.tr("&Training panel"))
    action.setObjectName("ml_show_training")
    models_menu(window).addAction(action)
    return panel
