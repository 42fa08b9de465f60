"""The UI language: the View ▸ Language menu and the saved choice, used from the next start."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from culti_desktop.gui import settings
from culti_desktop.gui.controllers import Controller


class LanguageController(Controller):
    """Offers system / 中文 / English; the app loads translations once, at start."""

    def fill_menu(self, menu: QMenu) -> None:
        group = QActionGroup(self.w)
        current = settings.language_override()
        for code, label in ((None, self.tr("Follow the system")), ("zh", "中文"), ("en", "English")):
            act = QAction(label, self.w, checkable=True)
            act.setChecked(code == current)
            act.setObjectName(f"lang_{code or 'system'}")
            act.triggered.connect(lambda _c=False, c=code: self.set_language(c))
            group.addAction(act)
            menu.addAction(act)

    def set_language(self, code: str | None) -> None:
        settings.set_language_override(code)
        QMessageBox.information(
            self.w,
            self.tr("Language"),
            self.tr("The new language is used from the next start of CulTi Desktop."),
        )
