"""Walk a widget tree and collect every visible text a user reads that still looks English.

Used by the zh-UI string test. What may stay in Latin letters is listed once, in ``ALLOWED``:
model names, format names, the product name, units; file names and numbers are recognised.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QWidget,
)

#: The one allow-list: names that are not English words to translate.
ALLOWED = {
    "CulTi",
    "Desktop",
    "CLIP",
    "Chinese-CLIP",
    "LACLIP",
    "ViT",
    "RN50",
    "tiny",
    "MB",
    "GB",
    "KB",
    "MR",
    "R@1",
    "R@5",
    "R@10",
    "cnclip",
    "hf",
    "openclip",
    "wds",
    "jsonl",
    "JSONL",
    "WebDataset",
    "OpenCLIP",
    "Hugging",
    "Face",
    "ModelScope",
    "HF",
    "PDF",
    "TSV",
    "CSV",
    "OCR",
    "ID",
    "ETA",
    "GPU",
    "CPU",
    "cpu",
    "cuda",
    "mps",
    "auto",
    "English",
    "ANN",
    "RRF",
    "PyTorch",
    "pt",
    "px",
    "Ctrl",
    "Shift",
    "Alt",
    "Del",
    "Esc",
    "Backspace",
    "Return",
    "PgUp",
    "PgDown",
    "PgDn",
    "Up",
    "Down",
    "Left",
    "Right",
    "Space",
    "Tab",
    "Enter",
    "Home",
    "End",
    "Ins",
    "PostgreSQL",  # team server (issue 17): product, format and variable names
    "URL",
    "postgresql",
    "PGPASSWORD",
}
_FILE = re.compile(r"\S+\.(pdf|png|jpe?g|tiff?|culti|pt|pth|bin|json|jsonl|tsv|csv|webp|bmp)\b", re.I)
_PATH = re.compile(r"(/|[A-Za-z]:\\)\S+")
_NAMES = re.compile(r"\b(ViT-[BLH]-\d+(-\d+)?|CC-BY[\w.\-]*|R@\d+)")
_WORD = re.compile(r"[A-Za-z][A-Za-z@'\-]*[A-Za-z0-9]|[A-Za-z]")


def english_words(text: str) -> list[str]:
    """Latin-letter words of ``text`` not allowed (file names, paths and numbers removed)."""
    text = re.sub(r"<[^>]+>", " ", text)  # rich text: only what is drawn counts
    text = _NAMES.sub(" ", _PATH.sub(" ", _FILE.sub(" ", text.replace("&", ""))))
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    return [w for w in words if w not in ALLOWED and not re.fullmatch(r"[A-Z]-?\d*|v\d+|[A-Z]{1,2}\d+", w)]


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out: list[str] = []
    root = view.rootIndex() if view.rootIndex().isValid() else QModelIndex()
    cols = 0
    while model.index(0, cols, root).isValid() and cols < 50:
        cols += 1
    cols = max(cols, 1)
    for c in range(cols):
        head = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if head is not None:
            out.append(str(head))
    r = 0
    while model.index(r, 0, root).isValid() and r < 20:
        for c in range(cols):
            value = model.index(r, c, root).data(Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                out.append(value)
        r += 1
    return out


def visible_texts(top: QWidget) -> list[tuple[str, str]]:
    """(where, text) for labels, buttons, combo items, titles, headers, cells, menus, actions."""
    out: list[tuple[str, str]] = []

    def add(where: QWidget, text: str | None) -> None:
        if text:
            out.append((f"{type(where).__name__}#{where.objectName()}", text))

    for w in [top, *top.findChildren(QWidget)]:
        if isinstance(w, QLabel):
            add(w, w.text())
        elif isinstance(w, QAbstractButton):
            add(w, w.text())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add(w, w.itemText(i))
        elif isinstance(w, QGroupBox):
            add(w, w.title())
        elif isinstance(w, QLineEdit):
            add(w, w.placeholderText())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(w, w.tabText(i))
        elif isinstance(w, QAbstractItemView):
            for t in _model_texts(w):
                add(w, t)
        if isinstance(w, QDockWidget) or w.isWindow():
            add(w, w.windowTitle())
        if isinstance(w, QMenu):
            add(w, w.title())
        for a in w.actions():
            add(w, a.text())
            if a.menu() is not None:
                add(w, a.menu().title())
    return out


def untranslated(top: QWidget) -> list[tuple[str, str]]:
    """The (where, text) pairs that still contain English words."""
    seen, bad = set(), []
    for where, text in visible_texts(top):
        if (where, text) in seen:
            continue
        seen.add((where, text))
        if english_words(text):
            bad.append((where, text))
    return bad
