"""The main window's menus, shortcuts and toolbar: one named ``QAction`` per curator command.

Actions only call into the window's controllers; ``window.actions_by_name`` lets the window
enable them and the shortcuts dialog list them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from culti_desktop.gui import conflicts_dialog

if TYPE_CHECKING:
    from culti_desktop.gui.main_window import MainWindow

TOOLBAR = (
    "undo",
    "redo",
    None,
    "draw",
    "link",
    "split",
    "merge",
    "delete",
    None,
    "accept",
    "reject",
    "needs_review",
    None,
    "previous",
    "next",
    None,
    "zoom_out",
    "zoom_in",
    "fit_width",
    "fit_page",
)


def add_action(  # a named action with shortcuts, also used by panels that add to the menus
    w: MainWindow,
    name: str,
    text: str,
    slot: Callable[[], Any],
    shortcut: Any = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QAction:
    action = QAction(text, w)
    action.setObjectName(name)
    if shortcut is not None:
        seqs = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([s if isinstance(s, QKeySequence) else QKeySequence(s) for s in seqs])
        action.setShortcutContext(context)
    action.triggered.connect(lambda _checked=False: slot())
    w.addAction(action)  # shortcuts work even when the action is in no visible menu
    w.actions_by_name[name] = action
    return action


def build_actions(w: MainWindow) -> None:
    """Fill the menu bar and the curation toolbar of ``w``."""
    SK = QKeySequence.StandardKey
    projects, importer, nav, editor = w.projects, w.importer, w.navigation, w.editor

    def a(*args: Any) -> QAction:
        return add_action(w, *args)

    bar = w.menuBar()
    m_file = bar.addMenu(w.tr("&File"))
    m_file.addAction(a("new", w.tr("&New project…"), projects.new_project_dialog, SK.New))
    m_file.addAction(a("open", w.tr("&Open project…"), projects.open_project_dialog, SK.Open))
    w.recent_menu = m_file.addMenu(w.tr("Open &recent"))
    w.recent_menu.aboutToShow.connect(projects.fill_recent_menu)
    m_file.addAction(a("sample", w.tr("Open the &sample project"), projects.open_sample))
    m_file.addSeparator()
    m_file.addAction(a("import", w.tr("&Import documents…"), importer.import_dialog, "Ctrl+I"))
    m_file.addAction(
        a("repropose", w.tr("&Propose pairs again (this document)…"), importer.repropose_current)
    )
    m_file.addAction(a("save_copy", w.tr("Save a &copy…"), projects.save_copy_dialog, "Ctrl+Shift+S"))
    m_file.addSeparator()
    m_file.addAction(a("close", w.tr("&Close project"), projects.close_project, "Ctrl+W"))
    m_file.addAction(a("quit", w.tr("&Quit"), w.close, "Ctrl+Q"))

    m_edit = bar.addMenu(w.tr("&Edit"))
    undo = w.undo_stack.createUndoAction(w, w.tr("&Undo"))
    undo.setShortcuts(QKeySequence.keyBindings(SK.Undo))
    undo.setObjectName("undo")
    redo = w.undo_stack.createRedoAction(w, w.tr("&Redo"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setObjectName("redo")
    w.actions_by_name.update(undo=undo, redo=redo)
    m_edit.addAction(undo)
    m_edit.addAction(redo)
    m_edit.addSeparator()
    m_edit.addAction(a("draw", w.tr("&Draw a new figure box"), lambda: w.viewer.set_mode("draw"), "D"))
    m_edit.addAction(a("link", w.tr("&Link figure to a caption or text line"), editor.start_link, "L"))
    m_edit.addAction(
        a(
            "delete",
            w.tr("De&lete selected box"),
            editor.delete_selected,
            [QKeySequence.StandardKey.Delete, "Backspace"],
        )
    )
    m_edit.addAction(a("split", w.tr("&Split figure in two"), editor.split_selected, "S"))
    m_edit.addAction(a("merge", w.tr("&Merge two selected figures"), editor.merge_selected, "M"))
    m_edit.addSeparator()
    m_edit.addAction(a("curator", w.tr("Set &curator name…"), editor.change_curator))

    m_review = bar.addMenu(w.tr("&Review"))
    m_review.addAction(a("accept", w.tr("&Accept"), lambda: w.set_status("accepted"), ["A", "Ctrl+Return"]))
    m_review.addAction(
        a("reject", w.tr("&Reject"), lambda: w.set_status("rejected"), ["R", "Ctrl+Backspace"])
    )
    m_review.addAction(a("needs_review", w.tr("Needs re&view"), lambda: w.set_status("needs_review"), "V"))
    m_review.addSeparator()
    m_review.addAction(a("next", w.tr("&Next pair"), nav.next_pair, ["J", "Ctrl+Down"]))
    m_review.addAction(a("previous", w.tr("&Previous pair"), nav.previous_pair, ["K", "Ctrl+Up"]))
    panel = w.pair_panel
    m_review.addAction(
        a("edit_zh", w.tr("Edit &Chinese caption"), lambda: nav.focus(panel.caption_zh), ["C", "Ctrl+1"])
    )
    m_review.addAction(
        a("edit_en", w.tr("Edit &English caption"), lambda: nav.focus(panel.caption_en), ["E", "Ctrl+2"])
    )
    m_review.addAction(a("edit_tags", w.tr("Edit &tags"), lambda: nav.focus(panel.tags), "T"))
    m_review.addAction(
        a("leave_field", w.tr("Leave the text field / cancel drawing"), nav.leave_field, "Esc")
    )
    m_review.addSeparator()
    m_review.addAction(a("next_page", w.tr("Next page"), lambda: nav.step_page(1), ["PgDown", "."]))
    m_review.addAction(a("previous_page", w.tr("Previous page"), lambda: nav.step_page(-1), ["PgUp", ","]))
    m_review.addSeparator()
    m_review.addAction(a("dashboard", w.tr("&Dashboard…"), w.show_dashboard, "Ctrl+D"))
    conflicts_dialog.install_menu(w, m_review, a)  # conflicts list + second-review setting (issue 17)

    m_view = bar.addMenu(w.tr("&View"))
    viewer = w.viewer
    m_view.addAction(
        a("zoom_in", w.tr("Zoom &in"), viewer.zoom_in, ["+", "=", QKeySequence.StandardKey.ZoomIn])
    )
    m_view.addAction(
        a("zoom_out", w.tr("Zoom &out"), viewer.zoom_out, ["-", QKeySequence.StandardKey.ZoomOut])
    )
    m_view.addAction(a("fit_width", w.tr("Fit &width"), viewer.fit_width, "W"))
    m_view.addAction(a("fit_page", w.tr("Fit &page"), viewer.fit_page, "F"))
    m_view.addSeparator()
    for dock in (w.docs_dock, w.queue_dock, w.pair_dock):
        m_view.addAction(dock.toggleViewAction())
    m_view.addSeparator()
    w.language.fill_menu(m_view.addMenu(w.tr("&Language")))
    w.view_menu = m_view

    m_help = bar.addMenu(w.tr("&Help"))
    w.help_menu = m_help
    m_help.addAction(a("shortcuts", w.tr("&Keyboard shortcuts"), w.show_shortcuts, ["F1", "?"]))
    m_help.addAction(a("about", w.tr("&About CulTi Desktop"), w.show_about))

    tools = QToolBar(w.tr("Curation"), w)
    tools.setObjectName("curationToolbar")
    for name in TOOLBAR:
        if name is None:
            tools.addSeparator()
        else:
            tools.addAction(w.actions_by_name[name])
    w.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)


def help_menu_last(w: MainWindow) -> None:
    """Panels add their menus (Search, Models, ...) after the window's own: Help goes back to the end,
    where a desktop user looks for it."""
    bar = w.menuBar()
    bar.removeAction(w.help_menu.menuAction())
    bar.addAction(w.help_menu.menuAction())
