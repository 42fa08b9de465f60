"""Job functions the GUI runs in a child process (see ``culti_desktop.gui.workers.ProcessWorker``).

They take paths, not open projects, so they can be pickled to the child; and this module
imports no Qt, so the child starts without loading PySide6.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from culti_desktop.core.jobs import Job


def import_into_project(project_path: str, paths: list[str], ocr: str, job: Job) -> Any:
    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import open_project

    with open_project(project_path) as project:
        return import_paths(project, [Path(p) for p in paths], job, ocr=ocr)


def make_sample_project(project_path: str, job: Job) -> str:
    from culti_desktop.core.sample import create_sample_project

    create_sample_project(Path(project_path), job=job).close()
    return project_path


def repropose_in_project(
    project_path: str, document_ids: list[int] | None, ocr: str, job: Job
) -> dict[str, int]:
    from culti_desktop.core.ingest.reproposal import repropose
    from culti_desktop.core.storage import open_project

    with open_project(project_path) as project:
        return repropose(project, document_ids, ocr=ocr, job=job)
