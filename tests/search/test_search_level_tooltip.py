"""The search result list tells at which region level a hit matches, in Chinese too."""

from __future__ import annotations

import pytest

from culti_desktop.core.search.engine import SearchQuery, search
from culti_desktop.core.search.indexer import update_index
from culti_desktop.testing import motifs

pytestmark = pytest.mark.gui

LEVEL_NAMES = {"part": "最佳局部", "object": "最佳物体", "whole": "整图"}


def test_result_tooltip_names_the_best_level_translated(qtbot, qapp, project, add_pair, tiny_encoder):
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from culti_desktop.gui.i18n import install_translators
    from culti_desktop.gui.score_display import level_text, result_tooltip

    for i, it in enumerate(motifs.composites(4, 2, cell=64, seed=11)):
        add_pair(it.image, it.caption_zh, it.caption_en, filename=f"c{i}.png")
    update_index(project, tiny_encoder)
    r = search(project, SearchQuery(text="红色圆形", k=3), encoder=tiny_encoder).results[0]
    assert [m.level for m in r.levels] == ["part", "object", "whole"]
    best = max(r.levels, key=lambda m: m.score).level
    english = level_text(r)
    assert english.startswith(
        "matches at: " + {"part": "best part", "object": "best object"}.get(best, "whole figure")
    )

    translators = install_translators(qapp, "zh")
    try:
        view = QListWidget()
        qtbot.addWidget(view)
        item = QListWidgetItem(r.caption)
        item.setToolTip(result_tooltip(r))
        view.addItem(item)
        tip = view.item(0).toolTip()
        assert tip.splitlines()[-1].startswith("匹配层级：" + LEVEL_NAMES[best])
        assert all(name in tip for name in LEVEL_NAMES.values())
        assert not any(w in tip for w in ("best part", "best object", "whole figure", "matches at"))
    finally:
        for t in translators:
            qapp.removeTranslator(t)
    assert level_text(type(r)(pair_id=1, score=0.0)) == ""  # a keyword hit has no levels
