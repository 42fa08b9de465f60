"""Errors the core raises on purpose: each carries a one-line message that names the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class CultiError(Exception):
    """A failure the user can act on. ``path`` names the file involved, when there is one.

    ``code`` and ``params`` let a user interface show the message in its own language (the GUI
    looks the code up in its translations and formats it with the params); the English
    ``message`` stays for the CLI and logs.
    """

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        *,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.code = code
        self.params = dict(params or {})
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = " ".join(self.message.split())
        return f"{self.path}: {text}" if self.path else text


class ProjectError(CultiError):
    """The project file cannot be opened or is not a CulTi project."""


class ProjectTooNewError(ProjectError):
    """The project file was written by a newer CulTi Desktop."""


class ProjectLockedError(ProjectError):
    """Another CulTi Desktop instance has the project open."""


class InputError(CultiError):
    """A document, image, dataset or checkpoint given to us is unusable."""
