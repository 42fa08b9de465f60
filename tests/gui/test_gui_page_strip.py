"""The page strip: one thumbnail per page of the shown document; clicking one shows that page."""

from __future__ import annotations

import pytest

from culti_desktop.core.views.documents import document_of_page, document_page_ids

pytestmark = pytest.mark.gui


def test_strip_lists_pages_and_click_shows_page(window, qtbot):
    strip = window.page_strip
    assert window.panel_errors == {}
    qtbot.waitUntil(lambda: strip.list.count() == 2, timeout=10000)
    doc_id = document_of_page(window.project, window.viewer.page_id)[0]
    ids = document_page_ids(window.project, doc_id)
    assert len(ids) == 2 and strip.page_ids == ids
    assert strip.list.currentRow() == ids.index(window.viewer.page_id)  # highlights the shown page
    qtbot.waitUntil(lambda: strip.thumbnails_ready() == 2, timeout=20000)
    from PySide6.QtCore import Qt

    def click(row: int) -> None:
        rect = strip.list.visualItemRect(strip.list.item(row))
        qtbot.mouseClick(strip.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    click(0)
    assert window.viewer.page_id == ids[0] and strip.list.currentRow() == 0
    click(1)
    assert window.viewer.page_id == ids[1]
    assert strip.list.currentRow() == 1
    assert strip.label.text().replace(" ", "") in ("Page2/2", "第2/2页")


def test_strip_follows_page_changes_elsewhere(window, qtbot):
    strip = window.page_strip
    qtbot.waitUntil(lambda: strip.list.count() == 2, timeout=10000)
    window.show_page(strip.page_ids[0])
    assert strip.list.currentRow() == 0
    window.step_page(1)
    assert strip.list.currentRow() == 1
    assert strip.label.text().replace(" ", "") in ("Page2/2", "第2/2页")
    qtbot.waitUntil(lambda: strip.thumbnails_ready() == 2, timeout=20000)
