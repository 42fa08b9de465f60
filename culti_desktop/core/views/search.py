"""The encoder a search needs: the one the project's index was built with, from the shared slot."""

from __future__ import annotations

from culti_desktop.core.errors import CultiError
from culti_desktop.core.ml.encoder import ClipEncoder
from culti_desktop.core.ml.shared import shared_encoder
from culti_desktop.core.search.indexer import latest_state
from culti_desktop.core.storage.project import Project


def index_encoder(project: Project) -> ClipEncoder | None:
    """The index's model (loaded once per process), or ``None`` without an index or its model."""
    state = latest_state(project)
    if state is None:
        return None
    try:
        return shared_encoder(project, state.model_version_id)
    except CultiError:
        return None
