"""The project's current model, as a storage rule (no torch), so ``culti info`` can show it cheaply."""

from __future__ import annotations

from sqlalchemy import select

from culti_desktop.core.storage.models import ModelVersion
from culti_desktop.core.storage.project import Project

CURRENT_MODEL_KEY = "current_model"


def current_model_version(project: Project) -> ModelVersion | None:
    """The version the curator picked (``culti model use``), else the newest fine-tuned one."""
    with project.read_session() as s:
        picked = project.get_meta(CURRENT_MODEL_KEY)
        if picked and picked.isdigit():
            mv = s.get(ModelVersion, int(picked))
            if mv is not None:
                return mv
        return s.scalar(
            select(ModelVersion)
            .where(ModelVersion.kind == "finetuned")
            .order_by(ModelVersion.id.desc())
            .limit(1)
        )
