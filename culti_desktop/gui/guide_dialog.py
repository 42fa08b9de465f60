"""Help ▸ Guide: the shipped user guide (Markdown) in a small non-modal browser window.

The guide is chosen by the language the UI is shown in, not by the system locale, so a
curator who picked View ▸ Language reads the guide in that language. Links to web pages open
in the system browser; images resolve from the guide folder.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from culti_desktop.guide import guide_dir, guide_path


def ui_language() -> str:
    """``zh`` when the Chinese translation is installed (our own ``tr`` says so), else ``en``."""
    probe = QCoreApplication.translate("MainWindow", "&File")
    return "zh" if probe != "&File" else "en"


class GuideDialog(QDialog):
    """Shows ``guide/<lang>.md`` rendered by :class:`QTextBrowser`."""

    def __init__(self, parent: QWidget | None = None, lang: str | None = None) -> None:
        super().__init__(parent)
        self.lang = lang or ui_language()
        self.setWindowTitle(self.tr("CulTi Desktop guide"))
        self.setObjectName("guideDialog")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide_dir())])
        self.path = guide_path(self.lang)
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(self.path)))
        self.browser.setMarkdown(self.path.read_text("utf-8"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(860, 640)
        if parent is not None:  # fit a small screen: never larger than the main window
            self.resize(min(860, parent.width()), min(640, parent.height()))


def show_guide(parent: QWidget) -> GuideDialog:
    """Open (non-modal) and return the guide; the window keeps one alive in ``_guide_dialog``."""
    dlg = GuideDialog(parent)
    parent._guide_dialog = dlg  # type: ignore[attr-defined]  # keep a reference while shown
    dlg.show()
    return dlg
