"""The search dock inside the real main window (pytest-qt, offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from culti_desktop.testing import motifs

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory, qapp):
    from PySide6.QtCore import QSettings

    from culti_desktop.gui import settings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    settings.set_curator_name("测试员")


@pytest.fixture
def filled(project, add_pair):
    items = motifs.singles(6, size=96, seed=1, combos=motifs.COMBOS[::7])
    return [
        add_pair(it.image, it.caption_zh, it.caption_en, filename=f"m{i}.png")[0]
        for i, it in enumerate(items)
    ]


def _window(qtbot, project):
    from culti_desktop.gui.main_window import MainWindow

    path = project.path
    project.close()
    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    w.open_project_file(path, interactive=False)
    return w


def _search(qtbot, panel, timeout=60000):
    with qtbot.waitSignal(panel.resultsShown, timeout=timeout):
        assert panel.run_search() is not None
    return panel.response


def test_panel_installs_and_keyword_search_works_without_a_model(qtbot, project, filled):
    w = _window(qtbot, project)
    assert "culti_desktop.gui.search_panel" not in w.panel_errors
    panel = w.search_panel
    assert w.search_dock.widget() is panel
    assert "keyword" in panel.status.text().lower()
    panel.query.setText("red circle")
    assert panel.lang_label.text() == "English"
    panel.query.setText("红色")
    assert panel.lang_label.text() == "中文"
    resp = _search(qtbot, panel)
    assert [r.pair_id for r in resp.results] == [filled[0]]
    assert panel.results.count() == 1 and not panel.results.item(0).icon().isNull()
    w.close()


def test_indexed_search_heatmaps_viewer_and_region_query(qtbot, project, filled):
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder, use_model
    from culti_desktop.core.search.indexer import update_index

    mv = ensure_base_version(project, "tiny")
    use_model(project, mv)
    update_index(project, load_encoder(project, mv, device="cpu"))
    w = _window(qtbot, project)
    panel = w.search_panel
    qtbot.waitUntil(lambda: "up to date" in panel.status.text(), timeout=30000)
    panel.mode.setCurrentIndex(0)  # CLIP
    panel.query.setText("蓝色方形")
    resp = _search(qtbot, panel)
    assert len(resp.results) == 6 and resp.results[0].global_score is not None
    pid = resp.results[0].pair_id
    with_heat = np.asarray(panel.thumbnail_image(pid), np.int32)
    panel.heat_toggle.setChecked(False)
    without = np.asarray(panel.thumbnail_image(pid), np.int32)
    assert np.abs(with_heat - without).sum() > 0
    panel.heat_toggle.setChecked(True)
    panel.opacity.setValue(0)
    assert np.array_equal(np.asarray(panel.thumbnail_image(pid), np.int32), without)
    panel.opacity.setValue(60)

    panel.open_result(pid)
    assert w.current_pair_id == pid
    item = panel.viewer_heat_item
    assert item is not None and item.scene() is w.viewer.scene()
    r = resp.results[0]
    rect = item.sceneBoundingRect()
    assert rect.left() == pytest.approx(r.figure_box[0], abs=0.5)
    assert rect.right() == pytest.approx(r.figure_box[2], abs=0.5)

    # "Search with this region": the figure selected in the viewer is the query.
    assert w.viewer.selected_region_ids() == [r.region_id]
    with qtbot.waitSignal(panel.resultsShown, timeout=60000):
        panel.search_selected_region()
    top = panel.response.results[0]
    assert top.region_id == r.region_id and top.global_score == pytest.approx(1.0, abs=5e-3)
    w.close()


def test_paste_image_sets_the_query(qtbot, project, filled):
    from PySide6.QtWidgets import QApplication

    from culti_desktop.gui.search_panel import pil_to_qimage

    w = _window(qtbot, project)
    panel = w.search_panel
    QApplication.clipboard().setImage(pil_to_qimage(Image.new("RGB", (30, 20), "red")))
    assert panel.paste_image()
    assert panel.query_image.size == (30, 20) and panel.clear_image_button.isEnabled()
    q = panel.build_query()
    assert q.image is not None and q.text is None and q.mode == "clip"
    panel.set_query_image(None)
    assert panel.build_query() is None
    w.close()


def test_model_change_rebuilds_the_index_in_the_background(qtbot, project, filled):
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder, use_model
    from culti_desktop.core.search.index_store import IndexState, index_dir
    from culti_desktop.core.search.indexer import update_index

    old = ensure_base_version(project, "tiny")
    update_index(project, load_encoder(project, old, device="cpu"))
    new = ensure_base_version(project, "tiny", seed=7)
    use_model(project, new)  # the curator switched models since the last index
    w = _window(qtbot, project)
    panel = w.search_panel
    qtbot.waitUntil(lambda: "Index updated" in panel.status.text(), timeout=120000)
    assert IndexState.load(index_dir(w.project, new)) is not None
    w.close()


def test_drop_an_image_file(qtbot, project, filled, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    w = _window(qtbot, project)
    panel = w.search_panel
    f = tmp_path / "查询.png"
    Image.new("RGB", (33, 21), "blue").save(f)
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(f))])
    ev = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, md, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(ev)
    assert panel.query_image is not None and panel.query_image.size == (33, 21)
    w.close()
