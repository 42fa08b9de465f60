"""Asked once per project that has no model and no ViT-B-16 weights here: which first model?

Three ways, as the CLI names them (ADR 0046): download ViT-B-16 (size shown, progress, resumes
after an interruption, from Hugging Face or ModelScope with fallback), import a checkpoint file
the user already has, or use the ``tiny`` demo model, labelled as knowing nothing. The choice
becomes the project's current model, so the question is not asked again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.ml.archs import ARCHS
from culti_desktop.core.storage.project import Project
from culti_desktop.gui import settings
from culti_desktop.gui.workers import Worker, error_text, run_job

ARCH = "ViT-B-16"


class FirstModelDialog(QDialog):
    """Download, import or demo; ``chosen`` is the arch made current (``None`` if closed)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstModelDialog")
        self.setWindowTitle(self.tr("Choose a first model"))
        self.project = project
        self.chosen: str | None = None
        self.worker: Worker | None = None
        size = (ARCHS[ARCH].approx_bytes or 0) / 1e6
        intro = QLabel(
            self.tr(
                "Search, training and caption suggestions need a Chinese-CLIP model. The {arch} weights "
                "are not on this computer yet. Choose one of three ways:"
            ).format(arch=ARCH),
            self,
        )
        intro.setWordWrap(True)
        self.download_button = QPushButton(
            self.tr("Download {arch} ({size:,.0f} MB, resumes if interrupted)").format(arch=ARCH, size=size),
            self,
        )
        self.download_button.setObjectName("downloadModel")
        self.source = QComboBox(self)
        self.source.addItem(self.tr("Hugging Face (then ModelScope)"), "huggingface")
        self.source.addItem(self.tr("ModelScope (then Hugging Face)"), "modelscope")
        self.source.setCurrentIndex(max(0, self.source.findData(settings.model_source())))
        self.import_button = QPushButton(self.tr("Import a checkpoint file I have…"), self)
        self.import_button.setObjectName("importModel")
        self.tiny_button = QPushButton(
            self.tr("Use the tiny demo model (a demo with no real knowledge: results are meaningless)"), self
        )
        self.tiny_button.setObjectName("tinyModel")
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        form = QFormLayout()
        form.addRow(self.tr("Download from"), self.source)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.download_button)
        layout.addLayout(form)
        layout.addWidget(self.import_button)
        layout.addWidget(self.tiny_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.cancel_button)
        self.download_button.clicked.connect(self.download)
        self.import_button.clicked.connect(self.import_file)
        self.tiny_button.clicked.connect(self.use_tiny)
        self.cancel_button.clicked.connect(self._cancel)
        self.source.currentIndexChanged.connect(
            lambda _i: settings.set_model_source(self.source.currentData())
        )

    # -- the three ways ------------------------------------------------------------------------
    def use_tiny(self) -> None:
        self._use("tiny")

    def download(self) -> Worker:
        from culti_desktop.core.ml.downloads import ensure_weights

        source = self.source.currentData()
        self._busy(self.tr("Downloading {arch}…").format(arch=ARCH))
        return self._run(lambda job: ensure_weights(ARCH, job=job, source=source))

    def import_file(self, path: str | None = None) -> Worker | None:
        from culti_desktop.core.ml.registry import import_checkpoint

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import a checkpoint"),
                "",
                self.tr("PyTorch checkpoints (*.pt *.pth *.bin);;All files (*)"),
            )
        if not path:
            return None
        self._busy(self.tr("Importing checkpoint"))
        return self._run(lambda _job: import_checkpoint(path, ARCH))

    # -- plumbing ------------------------------------------------------------------------------
    def _run(self, fn: Any) -> Worker:
        self.worker = run_job(
            self, fn, self.tr("First model"), on_finished=lambda _r: self._use(ARCH), on_failed=self._failed
        )
        self.worker.progress.connect(self._progress)
        self.worker.cancelled.connect(lambda: self._idle(self.tr("Cancelled; a new download resumes.")))
        return self.worker

    def _progress(self, p: Any) -> None:
        if p.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * p.done / p.total))
            self.status.setText(
                self.tr("{done:,.0f} of {total:,.0f} MB").format(done=p.done / 1e6, total=p.total / 1e6)
            )

    def _use(self, arch: str) -> None:
        from culti_desktop.core.ml.registry import use_arch

        use_arch(self.project, arch)
        self.chosen = arch
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._idle(error_text(exc))

    def _busy(self, text: str) -> None:
        for b in (self.download_button, self.import_button, self.tiny_button):
            b.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(text)

    def _idle(self, text: str) -> None:
        for b in (self.download_button, self.import_button, self.tiny_button):
            b.setEnabled(True)
        self.progress.setVisible(False)
        self.status.setText(text)

    def _cancel(self) -> None:
        if self.worker is not None and self.worker.is_running():
            self.status.setText(self.tr("Cancelling…"))
            self.worker.cancel()
            return
        self.reject()


def ask_first_model(parent: QWidget, project: Project | None) -> bool:
    """True when a model is ready (already chosen, weights here, or chosen now in the dialog)."""
    from culti_desktop.core.ml.registry import needs_model_choice

    if project is None or not needs_model_choice(project):
        return project is not None
    dlg = FirstModelDialog(project, parent)
    dlg.exec()
    return dlg.chosen is not None
