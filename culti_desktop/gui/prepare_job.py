"""What the GUI does before training, evaluating or indexing: a model, and splits.

Before a job that needs a model, a project with none asks once (:mod:`first_model_dialog`).
Before training or evaluation, accepted pairs without a split get one by document
(:func:`culti_desktop.core.curation.splits.plan_splits`), applied through the window's undo
stack when there is one, so the curator can undo it like any edit (ADR 0044).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from culti_desktop.core.curation.edits import apply_op
from culti_desktop.core.curation.splits import plan_splits
from culti_desktop.core.storage.project import Project
from culti_desktop.gui.error_text import translate_code


def prepare_splits(widget: QWidget, project: Project) -> str:
    """Give accepted pairs without a split one; returns a message for the user ('' if none)."""
    result = plan_splits(project)
    if result.op is not None:
        text = QCoreApplication.translate("PrepareJob", "Give accepted pairs a split")
        do_op: Any = getattr(widget.window(), "do_op", None)
        if do_op is None or do_op(result.op, text) is None:
            apply_op(project, result.op)
    if result.warning is not None:
        return translate_code(*result.warning)
    if result.changed:
        return QCoreApplication.translate(
            "PrepareJob", "{n} accepted pairs were given a split by document."
        ).format(n=len(result.changed))
    return ""


def prepare_model(widget: QWidget, project: Project, model: Any = None) -> bool:
    """True when the job can run: a model was named, or the project has one (asked now if not)."""
    if model is not None:
        return True
    from culti_desktop.gui.first_model_dialog import ask_first_model

    return ask_first_model(widget.window(), project)
