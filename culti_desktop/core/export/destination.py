"""Where an export may go: never over the project's own files, never over a folder of yours.

``--overwrite`` replaces a folder wholesale, so it is only allowed on a previous export, which
its dataset card marks (``Exported by: CulTi Desktop``), and never on the project's side folder
(fine-tuned checkpoints live there) or any folder that holds the project file.
"""

from __future__ import annotations

from pathlib import Path

from culti_desktop.core.errors import CultiError

#: The line every dataset card carries (see :mod:`card`); it marks a folder as an export.
CARD_MARK = "Exported by: CulTi Desktop"


def is_previous_export(folder: Path) -> bool:
    card = folder / "README.md"
    try:
        return card.is_file() and CARD_MARK in card.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def guard_destination(out: Path, project_path: Path, overwrite: bool) -> None:
    """Raise a :class:`CultiError` naming ``out`` when exporting there could destroy something."""
    target = Path(out).expanduser().absolute()
    real = target.resolve()
    project = Path(project_path).resolve()
    side = project.with_name(project.name + ".d")
    if _inside(side, real) or _inside(project, real):
        raise CultiError("this folder holds the project or its side folder; choose another folder", target)
    if _inside(real, side):
        raise CultiError("inside the project's side folder; choose a folder outside it", target)
    if overwrite and real.is_dir() and any(real.iterdir()) and not is_previous_export(real):
        raise CultiError(
            "--overwrite refused: not a previous export (it has no CulTi dataset card README.md); "
            "choose a new folder",
            target,
        )
