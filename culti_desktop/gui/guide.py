"""Help ▸ Guide: the user guide shipped in the package, in the UI language, offline.

The guide is Markdown with real screenshots (``culti_desktop/guide/``); a ``QTextBrowser``
renders it, so nothing needs a browser or the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QTextBrowser, QVBoxLayout, QWidget

GUIDE_DIR = Path(__file__).resolve().parent.parent / "guide"


def guide_path(lang: str) -> Path:
    """The guide in ``lang`` (``zh`` or ``en``), English when that language has none."""
    path = GUIDE_DIR / f"{lang}.md"
    return path if path.is_file() else GUIDE_DIR / "en.md"


class GuideDialog(QDialog):
    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(GUIDE_DIR)])
        self.browser.setSource(QUrl.fromLocalFile(str(guide_path(lang))))
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self.resize(900, 700)


def current_language() -> str:
    from PySide6.QtCore import QCoreApplication

    return "zh" if QCoreApplication.translate("MainWindow", "&File") != "&File" else "en"


def install(window: Any) -> QAction:
    """Add Help ▸ Guide (before About) to the window's Help menu."""
    action = QAction(window.tr("&Guide"), window)
    action.setObjectName("guide")
    action.triggered.connect(lambda: show_guide(window))
    anchor = window.actions_by_name.get("about")
    menu = next((m for m in (anchor.associatedObjects() if anchor else []) if isinstance(m, QMenu)), None)
    if menu is not None:
        menu.insertAction(anchor, action)
    window.actions_by_name["guide"] = action
    return action


def show_guide(window: Any) -> GuideDialog:
    dialog = GuideDialog(current_language(), window)
    dialog.show()
    return dialog
