"""Where a model version's checkpoint file is: stored relative to the project's side folder.

Older projects stored ``NAME.culti.d/models/v3-tiny.pt`` (relative to the folder holding the
project), which breaks when the project and its side folder are renamed together. We convert on
read (ADR 0090): a first component ending in ``.d`` is the side folder under whatever name it had,
so both forms resolve against the *current* side folder, and new rows store ``models/v3-tiny.pt``.
"""

from __future__ import annotations

from pathlib import Path, PurePath


def side_dir_of(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".d")


def checkpoint_file(project_path: Path, stored: str) -> Path:
    """The absolute path of a stored checkpoint path, old or new form."""
    p = PurePath(stored.replace("\\", "/"))
    if p.is_absolute():
        return Path(p)
    parts = p.parts
    if len(parts) > 1 and parts[0].endswith(".d"):  # old form: the side folder's name first
        parts = parts[1:]
    return side_dir_of(project_path).joinpath(*parts)


def stored_checkpoint_path(project_path: Path, path: Path) -> str:
    """The form written to ``model_versions.checkpoint_path`` (POSIX separators on every OS)."""
    return Path(path).resolve().relative_to(side_dir_of(project_path).resolve()).as_posix()
