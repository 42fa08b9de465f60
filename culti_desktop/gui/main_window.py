"""The main window: owns the open project and lets every panel follow it.

Panels from other areas install themselves through :func:`culti_desktop.gui.plugins.install_panels`
and only rely on ``window.project`` (the open :class:`Project` or ``None``) and the
``projectChanged(object)`` signal, emitted with the new project (or ``None`` on close).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from culti_desktop.core.storage.project import Project, open_project
from culti_desktop.gui.plugins import install_panels


class MainWindow(QMainWindow):
    projectChanged = Signal(object)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.project: Optional[Project] = None
        self.panel_errors: dict[str, str] = {}
        self.setWindowTitle("CulTi Desktop")
        self.statusBar()
        install_panels(self)

    def set_project(self, project: Optional[Project]) -> None:
        old = self.project
        self.project = project
        self.projectChanged.emit(project)
        if old is not None and old is not project:
            old.close()

    def open_project_file(self, path: str | Path) -> Project:
        project = open_project(path)
        self.set_project(project)
        return project
