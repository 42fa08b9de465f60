"""Counts shown by ``culti info`` and the GUI dashboard."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from culti_desktop.core.storage.current_model import current_model_version
from culti_desktop.core.storage.models import PAIR_STATUSES, Document, ModelVersion, Page, Pair
from culti_desktop.core.storage.project import Project


def _current(project: Project) -> dict[str, Any] | None:
    mv = current_model_version(project)
    return None if mv is None else {"id": mv.id, "name": mv.name, "arch": mv.arch, "kind": mv.kind}


def project_info(project: Project) -> dict[str, Any]:
    with project.read_session() as s:
        by_status = dict(s.execute(select(Pair.status, func.count()).group_by(Pair.status)).all())
        by_split = dict(s.execute(select(Pair.split, func.count()).group_by(Pair.split)).all())
        info = {
            "project": project.locator,
            "name": project.get_meta("name"),
            "schema_version": project.schema_version,
            "documents": s.scalar(select(func.count()).select_from(Document)) or 0,
            "pages": s.scalar(select(func.count()).select_from(Page)) or 0,
            "pairs": sum(by_status.values()),
            "pairs_by_status": {k: int(by_status.get(k, 0)) for k in PAIR_STATUSES},
            "pairs_by_split": {str(k) if k is not None else "none": int(v) for k, v in by_split.items()},
            "model_versions": s.scalar(select(func.count()).select_from(ModelVersion)) or 0,
            "current_model": _current(project),
        }
    return info
