"""In the Chinese UI nothing is shown in English: every widget of every window and dialog.

The allow-list is one set, ``untranslated.ALLOWED`` (model and format names, units, keys).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

sys.path.insert(0, str(Path(__file__).parent))
from untranslated import english_words, untranslated


@pytest.fixture
def zh(qapp):
    from culti_desktop.gui.i18n import install_translators

    translators = install_translators(qapp, "zh")
    assert len(translators) == 2  # ours and Qt's own qtbase_zh_CN
    yield
    for t in translators:
        QApplication.removeTranslator(t)


def test_allow_list_catches_english():
    assert english_words("Accept selected") == ["Accept", "selected"]
    assert english_words("下载 ViT-B-16（753 MB）") == []
    assert english_words("纹样.pdf 第 3 页 · v2") == []


def test_every_window_and_dialog_in_chinese(zh, qtbot, gui_project_path, tmp_path, monkeypatch):
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path / "models"))
    from sqlalchemy import update

    from culti_desktop.core.ml.registry import ensure_base_version
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Pair, Region, TextLine
    from culti_desktop.gui.dialogs import FirstRunDialog
    from culti_desktop.gui.export_dialog import open_export_dialog
    from culti_desktop.gui.first_model_dialog import FirstModelDialog
    from culti_desktop.gui.main_window import MainWindow

    with open_project(gui_project_path) as p:  # the project's own texts are data: make them Chinese
        ensure_base_version(p, "tiny")
        with p.session() as s:
            s.execute(update(Pair).values(ocr_text="图1 丝绸纹样", caption="图1 丝绸纹样"))
            s.execute(update(Region).where(Region.text.is_not(None)).values(text="图1 丝绸纹样"))
            s.execute(update(TextLine).values(text="正文一行"))
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.open_project_file(gui_project_path, interactive=False)
    tops = [w, open_export_dialog(w), FirstModelDialog(w.project, w), w.show_shortcuts(), FirstRunDialog(w)]
    dashboard = w.show_dashboard()
    if dashboard is not None:
        tops.append(dashboard)
    bad = [(type(t).__name__, where, text) for t in tops for where, text in untranslated(t)]
    assert not bad, "\n".join(map(str, bad))
    for t in tops[1:]:
        t.close()
    w.close()


def test_core_errors_progress_and_qt_dialogs_in_chinese(zh, qtbot):
    from culti_desktop.core.curation.splits import parse_ratios
    from culti_desktop.core.errors import CultiError
    from culti_desktop.core.jobs import Progress
    from culti_desktop.gui.error_text import translate_code
    from culti_desktop.gui.workers import error_text, format_progress

    with pytest.raises(CultiError) as exc:
        parse_ratios("1,2")
    assert not english_words(error_text(exc.value))
    assert not english_words(translate_code("split.too_small", {"units": 1, "splits": 3}, "x"))
    assert not english_words(translate_code("train.too_few_pairs", {"split": "train", "found": 0}, "x"))
    for message in ("importing", "training ViT-B-16", "reading train pairs", "exporting cnclip"):
        text = format_progress(Progress(done=1, total=4, message=message))
        assert not english_words(text.replace("cnclip", "")), text
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    buttons = dialog.findChild(QDialogButtonBox)
    texts = [b.text() for b in buttons.buttons()]
    assert texts and all(not english_words(t) for t in texts), texts  # qtbase_zh_CN is loaded
