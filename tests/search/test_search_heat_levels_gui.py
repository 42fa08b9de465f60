"""The search heatmap drawn per region level (all / parts / objects / whole), in Chinese too."""

from __future__ import annotations

import numpy as np
import pytest

from culti_desktop.testing import motifs

pytestmark = pytest.mark.gui

ZH_LEVELS = ["全部层级", "局部", "物体", "整图"]


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, qapp):
    from PySide6.QtCore import QSettings

    from culti_desktop.gui import settings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    settings.set_curator_name("测试员")


def test_heatmap_per_level_selector(qtbot, qapp, project, add_pair):
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder, use_model
    from culti_desktop.core.search.indexer import update_index
    from culti_desktop.gui.main_window import MainWindow

    for i, it in enumerate(motifs.composites(4, 2, cell=64, seed=11)):
        add_pair(it.image, it.caption_zh, it.caption_en, filename=f"c{i}.png")
    mv = ensure_base_version(project, "tiny")
    use_model(project, mv)
    update_index(project, load_encoder(project, mv, device="cpu"))
    path = project.path
    project.close()
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.open_project_file(path, interactive=False)
    panel = w.search_panel
    qtbot.waitUntil(lambda: "up to date" in panel.status.text(), timeout=30000)
    panel.mode.setCurrentIndex(0)  # CLIP
    panel.laclip.setChecked(True)
    panel.query.setText("红色圆形")
    with qtbot.waitSignal(panel.resultsShown, timeout=60000):
        assert panel.run_search() is not None
    resp = panel.response
    result = resp.results[0]
    thumb = panel.thumbs[result.pair_id]
    sel = panel.heat_part
    assert [sel.itemData(i) for i in range(sel.count())] == [None, "part", "object", "whole"]
    assert sel.level is None and panel._heat_of(thumb) is thumb.crop_heat  # all crops by default
    mixed = np.asarray(panel.thumbnail_image(result.pair_id), np.int32)

    sel.set_level("part")
    part = panel._heat_of(thumb)
    assert part.shape == thumb.crop_heat.shape
    assert np.allclose(part, resp.heatmap(result, size=part.shape[0], level="part"))
    assert np.abs(part - thumb.crop_heat).max() > 0.05  # the parts alone draw a different map
    icon_part = np.asarray(panel.thumbnail_image(result.pair_id), np.int32)
    assert np.abs(icon_part - mixed).sum() > 0  # and the thumbnail is redrawn with it
    sel.set_level("whole")
    assert np.allclose(panel._heat_of(thumb), 0.5)  # one crop: no place stands out
    sel.set_level(None)
    assert np.array_equal(np.asarray(panel.thumbnail_image(result.pair_id), np.int32), mixed)
    w.close()


def test_heat_level_names_are_chinese(qtbot, qapp):
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    from culti_desktop.gui.heat_levels import HeatLevelSelector
    from culti_desktop.gui.i18n import install_translators

    translators = install_translators(qapp, "zh")
    try:
        host = QWidget()
        qtbot.addWidget(host)
        calls = []
        sel = HeatLevelSelector(host, QHBoxLayout(host), lambda: calls.append(1))
        assert [sel.itemText(i) for i in range(sel.count())] == ZH_LEVELS
        assert sel.toolTip() == "热力图显示的区域层级"
        sel.set_level("object")
        assert sel.level == "object" and calls == [1]
    finally:
        for t in translators:
            qapp.removeTranslator(t)
