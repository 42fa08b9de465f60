""" "Save a copy": a consistent snapshot of the open project with SQLite ``VACUUM INTO``.

On a PostgreSQL project the same call copies one REPEATABLE READ snapshot into a new file
(:func:`~culti_desktop.core.storage.transfer.copy_project`, as ``culti pull`` does).

``VACUUM INTO`` reads one transaction-consistent view of the database (WAL included) and writes
a compact new file, so it is safe while the app keeps editing and needs no file locking.
"""

from __future__ import annotations

import os
from pathlib import Path

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.project import Project


def save_copy(project: Project, dest: str | os.PathLike[str]) -> Path:
    target = Path(dest).expanduser().resolve()
    if target == project.path:
        raise CultiError("a copy cannot overwrite the open project", target)
    if target.exists():
        raise CultiError("file already exists; choose another name", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if project.is_server:  # a team project: the copy is a `culti pull` into a new file (ADR 0103)
        from culti_desktop.core.storage.transfer import copy_project

        copy_project(project, target)
        return target
    tmp = target.with_name(target.name + ".saving")
    tmp.unlink(missing_ok=True)
    try:
        with project.engine.connect() as con:
            con.exec_driver_sql("VACUUM INTO ?", (str(tmp),))
    except Exception as exc:
        tmp.unlink(missing_ok=True)
        raise CultiError(f"could not save a copy ({exc})", target) from exc
    os.replace(tmp, target)
    return target
