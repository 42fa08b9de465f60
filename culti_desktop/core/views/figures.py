"""A figure box as an image, for a search by example."""

from __future__ import annotations

from PIL import Image

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.figures import figure_image
from culti_desktop.core.storage.models import Region
from culti_desktop.core.storage.project import Project


def region_image(project: Project, region_id: int, max_side: int | None = None) -> Image.Image:
    """The RGB image of a box (longest side at most ``max_side``); a clear error if it is gone."""
    with project.read_session() as s:
        region = s.get(Region, region_id)
        if region is None:
            raise CultiError(f"region {region_id} no longer exists")
        return figure_image(s, region, max_side=max_side)
