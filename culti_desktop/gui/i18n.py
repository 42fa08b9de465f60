"""Chinese and English UI: Qt translation files plus the bundled CJK font.

Sources are ``i18n/culti_zh_CN.ts`` (Qt Linguist format, made by ``pyside6-lupdate`` from the
``self.tr(...)`` strings); the compiled ``.qm`` beside it is what the app loads. English is the
source language, so it needs no file. See ``i18n/update_translations.py``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from culti_desktop.core.paths import cjk_font_path
from culti_desktop.gui import settings

log = logging.getLogger(__name__)
I18N_DIR = Path(__file__).with_name("i18n")
LANGUAGES = ("zh", "en")


def system_language() -> str:
    return "zh" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def effective_language(cli_choice: str | None = None) -> str:
    """``--lang`` beats the View > Language choice, which beats the system language."""
    return cli_choice or settings.language_override() or system_language()


def install_translators(app: QApplication, lang: str) -> list[QTranslator]:
    """Load our .qm (and Qt's own, for standard buttons) for ``lang``; keep the result alive."""
    translators: list[QTranslator] = []
    if lang != "zh":
        return translators
    ours = QTranslator(app)
    if ours.load(str(I18N_DIR / "culti_zh_CN.qm")):
        app.installTranslator(ours)
        translators.append(ours)
    else:
        log.warning("Chinese translation file missing in %s", I18N_DIR)
    qt = QTranslator(app)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        translators.append(qt)
    return translators


def install_cjk_font(app: QApplication) -> str | None:
    """Register the bundled WenQuanYi Micro Hei and use it as fallback for CJK glyphs.

    Machines without any CJK font otherwise draw Chinese as empty boxes.
    """
    path = cjk_font_path()
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
    if font_id < 0:
        log.warning("bundled CJK font not loaded from %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    cjk = families[0]
    font = QFont(app.font())
    base = font.family()
    font.setFamilies([base, cjk] if base and base != cjk else [cjk])
    app.setFont(font)
    return cjk
