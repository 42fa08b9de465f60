"""The pair panel: crop preview, caption fields, status, split, tags and note of one pair.

The panel never writes to the project. When a field is finished (Enter, or focus leaving a
multi-line field) it emits ``fieldsEdited(pair_id, {field: value})`` with only what changed;
the main window applies it as an undoable edit, committed at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from culti_desktop.core.curation import render_cache
from culti_desktop.core.storage.project import Project
from culti_desktop.core.views.pairs import pair_detail

PREVIEW_MAX = 300


def pil_to_pixmap(img: Any) -> QPixmap:
    img = img.convert("RGB")
    data = img.tobytes("raw", "RGB")
    qimg = QImage(data, img.width, img.height, img.width * 3, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(qimg.copy())


class PairPanel(QWidget):
    fieldsEdited = Signal(int, dict)
    statusRequested = Signal(int, str)
    rankRequested = Signal(int)
    candidateChosen = Signal(int, object)  # pair id, Candidate (double-click links it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pairPanel")
        self.project: Project | None = None
        self.pair_id: int | None = None
        self.figure_region_id: int | None = None
        self._loaded: dict[str, Any] = {}
        # Optional fast path: crop from a page already decoded by the viewer (set by the main window).
        self.crop_provider: Callable[[int], QPixmap | None] | None = None

        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(1, 160)
        # Ignored: the pixmap's width must never force the dock wider (no horizontal scrolling).
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview.setStyleSheet("background:#2b2b2b; border-radius:4px;")
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.ocr = QLabel(self)
        self.ocr.setWordWrap(True)
        self.ocr.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ocr.setStyleSheet("color:#555;")

        self.caption_zh = QLineEdit(self)
        self.caption_zh.setObjectName("captionZh")
        self.caption_en = QLineEdit(self)
        self.caption_en.setObjectName("captionEn")
        self.caption = QPlainTextEdit(self)
        self.caption.setObjectName("captionFull")
        self.caption.setMaximumHeight(70)
        self.tags = QLineEdit(self)
        self.tags.setObjectName("tags")
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. 锦, 团花"))
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("note")
        self.note.setMaximumHeight(60)
        self.split = QComboBox(self)
        self.split.setObjectName("split")
        for value, text in (
            (None, "—"),
            ("train", self.tr("train")),
            ("valid", self.tr("valid")),
            ("test", self.tr("test")),
        ):
            self.split.addItem(text, value)

        self.status_buttons = QButtonGroup(self)
        status_row = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("Accept"), self)
        self.reject_button = QPushButton(self.tr("Reject"), self)
        self.review_button = QPushButton(self.tr("Needs review"), self)
        for b, status in (
            (self.accept_button, "accepted"),
            (self.reject_button, "rejected"),
            (self.review_button, "needs_review"),
        ):
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.status_buttons.addButton(b)
            status_row.addWidget(b)
            b.clicked.connect(lambda _=False, st=status: self._request_status(st))
        self.status_buttons.setExclusive(False)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # labels above fields in a narrow dock
        form.addRow(self.tr("Chinese caption"), self.caption_zh)
        form.addRow(self.tr("English caption"), self.caption_en)
        form.addRow(self.tr("Full caption"), self.caption)
        separate = self.tr(
            "The full caption is the text as printed; the Chinese and English captions are kept "
            "separately and editing one does not change the others."
        )
        for field in (self.caption_zh, self.caption_en, self.caption):
            field.setToolTip(separate)
        form.addRow(self.tr("Status"), status_row)
        form.addRow(self.tr("Split"), self.split)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Note"), self.note)

        self.candidates_box = QGroupBox(self.tr("Caption candidates (model assist)"), self)
        cand_layout = QVBoxLayout(self.candidates_box)
        self.rank_button = QPushButton(self.tr("Rank this page's text lines"), self.candidates_box)
        self.rank_button.clicked.connect(
            lambda: self.pair_id is not None and self.rankRequested.emit(self.pair_id)
        )
        self.candidates = QListWidget(self.candidates_box)
        self.candidates.setMaximumHeight(130)
        self.candidates.setToolTip(self.tr("Double-click a candidate to link it as this figure's caption"))
        self.candidates.itemDoubleClicked.connect(self._candidate_chosen)
        self._candidates: list[Any] = []
        cand_layout.addWidget(self.rank_button)
        cand_layout.addWidget(self.candidates)

        layout = QVBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addWidget(self.title)
        layout.addWidget(self.ocr)
        layout.addLayout(form)
        layout.addWidget(self.candidates_box)
        layout.addStretch(1)

        for line in (self.caption_zh, self.caption_en, self.tags):
            line.editingFinished.connect(self.commit_pending)
        for text in (self.caption, self.note):
            text.installEventFilter(self)
        self.split.activated.connect(lambda _i: self.commit_pending())
        self.show_pair(None)

    # -- loading -------------------------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.show_pair(None)

    def show_pair(self, pair_id: int | None, reload_preview: bool = True) -> None:
        pair = None
        if self.project is not None and pair_id is not None:
            pair = pair_detail(self.project, pair_id)
        self.pair_id = pair.id if pair else None
        enabled = pair is not None
        for w in (
            self.caption_zh,
            self.caption_en,
            self.caption,
            self.tags,
            self.note,
            self.split,
            self.accept_button,
            self.reject_button,
            self.review_button,
            self.rank_button,
        ):
            w.setEnabled(enabled)
        if pair is None:
            self._loaded = {}
            self.figure_region_id = None
            for w in (self.caption_zh, self.caption_en, self.tags):
                w.setText("")
            for t in (self.caption, self.note):
                t.setPlainText("")
            self.preview.setText(self.tr("No pair selected"))
            self.preview.setPixmap(QPixmap())
            self.title.setText("")
            self.ocr.setText("")
            self._show_status(None)
            self.candidates.clear()
            return
        self._loaded = {
            "caption_zh": pair.caption_zh,
            "caption_en": pair.caption_en,
            "caption": pair.caption,
            "tags": list(pair.tags),
            "note": pair.note,
            "split": pair.split,
        }
        self.caption_zh.setText(self._loaded["caption_zh"])
        self.caption_en.setText(self._loaded["caption_en"])
        self.caption.setPlainText(self._loaded["caption"])
        self.tags.setText(", ".join(str(t) for t in self._loaded["tags"]))
        self.note.setPlainText(self._loaded["note"])
        idx = self.split.findData(pair.split)
        self.split.setCurrentIndex(idx if idx >= 0 else 0)
        self._show_status(pair.status)
        conf = f"{pair.ocr_confidence:.2f}" if pair.ocr_confidence is not None else "—"
        self.ocr.setText(
            self.tr("OCR text (confidence {conf}): {text}").format(conf=conf, text=pair.ocr_text or "—")
        )
        who = pair.curator or "—"
        self.title.setText(
            self.tr("Pair #{id} · {label} · proposal confidence {c:.2f} · curator {who}").format(
                id=pair.id, label=pair.label or "—", c=pair.confidence, who=who
            )
        )
        if reload_preview or pair.figure_region_id != self.figure_region_id:
            self.figure_region_id = pair.figure_region_id
            self._load_preview()

    def _load_preview(self) -> None:
        if self.project is None or self.figure_region_id is None:
            return
        pm = self.crop_provider(self.figure_region_id) if self.crop_provider is not None else None
        if pm is not None and not pm.isNull():
            self.preview.setPixmap(
                pm.scaled(
                    PREVIEW_MAX,
                    PREVIEW_MAX,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            return
        try:
            img = render_cache.region_crop(self.project, self.figure_region_id)
        except Exception as exc:  # noqa: BLE001 - a preview is a convenience, never a blocker
            self.preview.setText(str(exc))
            return
        img.thumbnail((PREVIEW_MAX, PREVIEW_MAX))
        self.preview.setPixmap(pil_to_pixmap(img))

    def _show_status(self, status: str | None) -> None:
        for b, st in (
            (self.accept_button, "accepted"),
            (self.reject_button, "rejected"),
            (self.review_button, "needs_review"),
        ):
            b.setChecked(st == status)

    # -- editing -------------------------------------------------------------------------------
    def current_values(self) -> dict[str, Any]:
        tags = [t.strip() for t in self.tags.text().replace("，", ",").split(",") if t.strip()]
        return {
            "caption_zh": self.caption_zh.text().strip(),
            "caption_en": self.caption_en.text().strip(),
            "caption": self.caption.toPlainText().strip(),
            "tags": tags,
            "note": self.note.toPlainText().strip(),
            "split": self.split.currentData(),
        }

    def pending_changes(self) -> dict[str, Any]:
        if self.pair_id is None:
            return {}
        now = self.current_values()
        return {k: v for k, v in now.items() if v != self._loaded.get(k)}

    def commit_pending(self) -> None:
        """Emit any field that differs from the stored pair (called on Enter/focus-out/switch)."""
        changes = self.pending_changes()
        if changes and self.pair_id is not None:
            self._loaded.update(changes)
            self.fieldsEdited.emit(self.pair_id, changes)

    def _request_status(self, status: str) -> None:
        if self.pair_id is None:
            return
        self.commit_pending()
        self.statusRequested.emit(self.pair_id, status)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.commit_pending()
        return super().eventFilter(watched, event)

    def show_candidates(self, ranked: list[Any]) -> None:
        """Show ranked :class:`~culti_desktop.core.curation.assist.Candidate` objects, best first."""
        self.candidates.clear()
        self._candidates = list(ranked)
        kinds = {"line": self.tr("line"), "paragraph": self.tr("paragraph"), "region": self.tr("region")}
        for c in ranked:
            self.candidates.addItem(f"{c.score:+.3f}  [{kinds.get(c.kind, c.kind)}]  {c.text}")

    def show_candidates_message(self, text: str) -> None:
        self.candidates.clear()
        self._candidates = []
        self.candidates.addItem(text)

    def _candidate_chosen(self, item: Any) -> None:
        row = self.candidates.row(item)
        if self.pair_id is not None and 0 <= row < len(self._candidates):
            self.candidateChosen.emit(self.pair_id, self._candidates[row])
