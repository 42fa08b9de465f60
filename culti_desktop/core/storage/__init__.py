"""The project file: one SQLite database (``.culti``) holding documents, pages, pairs, models and edits."""

from culti_desktop.core.storage.project import Project, create_project, open_project

__all__ = ["Project", "create_project", "open_project"]
