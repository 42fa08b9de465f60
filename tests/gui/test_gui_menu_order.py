"""The menu bar keeps Help last, after the menus that panels add (Search, Models, ...)."""

from __future__ import annotations


def test_help_menu_stays_last_after_panels_install(qtbot):
    from culti_desktop.gui.main_window import MainWindow

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    menus = [a.menu() for a in w.menuBar().actions() if a.menu() is not None]
    assert len(menus) > 5  # File, Edit, Review, View and the panels' own menus
    assert menus[-1] is w.help_menu
    names = [a.objectName() for a in w.help_menu.actions()]
    assert "shortcuts" in names and "about" in names
