"""Search ▸ Glossary…: the editor dialog in the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import json

import pytest

from culti_desktop.core.search import glossary as gl

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, qapp):
    from PySide6.QtCore import QSettings

    from culti_desktop.gui import settings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    settings.set_curator_name("测试员")


def test_glossary_dialog_adds_removes_imports_and_exports(qtbot, project, tmp_path):
    from culti_desktop.gui.glossary_editor import open_glossary_dialog
    from culti_desktop.gui.main_window import MainWindow

    path = project.path
    project.close()
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.open_project_file(path, interactive=False)
    assert "culti_desktop.gui.glossary_editor" not in w.panel_errors
    action = w.actions_by_name["glossary_editor"]
    assert action.isEnabled()
    dlg = open_glossary_dialog(w)
    shipped = dlg.table.rowCount()
    assert shipped > 200
    dlg.en.setText("Zorblax")
    dlg.zh.setText("宝相花")
    dlg.add_button.click()
    assert gl.effective_glossary(w.project)["zorblax"] == "宝相花"  # written at once
    assert dlg.table.rowCount() == shipped + 1
    dlg.zh.setText("not chinese")
    dlg.add()
    assert gl.effective_glossary(w.project)["zorblax"] == "宝相花" and "zorblax" in dlg.status.text().lower()
    dlg.filter.setText("zorblax")
    assert dlg.table.rowCount() == 1 and dlg.table.item(0, 2).text() in ("project", "项目")
    dlg.table.selectRow(0)
    dlg.remove_selected()
    assert "zorblax" not in gl.effective_glossary(w.project) and dlg.table.rowCount() == 0
    src = tmp_path / "t.json"
    src.write_text(json.dumps({"terms": {"blorp": "联珠纹", "bad": "no"}}), "utf-8")
    added, errors = dlg.import_file(src)
    assert added == 1 and len(errors) == 1
    out = tmp_path / "out.json"
    assert dlg.export_file(out) == 1 and json.loads(out.read_text("utf-8"))["terms"] == {"blorp": "联珠纹"}
    dlg.close()
    w.close()


def test_glossary_editor_and_not_understood_are_translated():
    from PySide6.QtCore import QTranslator

    from culti_desktop.gui.i18n import I18N_DIR

    tr = QTranslator()
    assert tr.load(str(I18N_DIR / "culti_zh_CN.qm"))
    assert tr.translate("GlossaryDialog", "Project glossary (English → Chinese)") == "项目词表（英文 → 中文）"
    assert tr.translate("GlossaryDialog", "shipped") == "内置"
    assert tr.translate("MainWindow", "&Glossary…") == "词表(&G)…"
    assert tr.translate("SearchPanel", "not understood: {words}") == "未能理解：{words}"
