"""Result thumbnails with their heatmaps, computed off the GUI thread (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.search.engine import SearchResponse
from culti_desktop.core.search.heatmap import patch_heatmap
from culti_desktop.core.storage.models import Region
from culti_desktop.core.storage.project import Project


@dataclass
class Thumb:
    pair_id: int
    image: Image.Image
    crop_heat: np.ndarray | None  # None when the query's regions are not on this figure (I→T)
    patch_heat: np.ndarray | None = None


def result_thumbnails(
    project: Project,
    response: SearchResponse,
    max_side: int = 160,
    encoder=None,
    patches: bool = False,
    job: Job | None = None,
) -> list[Thumb]:
    """One thumbnail per result; patch-level heatmaps too when ``patches`` and an encoder are given."""
    from culti_desktop.core.storage.figures import FigureCache, figure_image

    job = ensure_job(job)
    job.start(len(response.results), "thumbnails")
    out: list[Thumb] = []
    vec = response.query_vector
    with project.read_session() as s, FigureCache(size=4) as cache:
        for r in response.results:
            region = s.get(Region, r.region_id)
            if region is None:
                job.advance(1)
                continue
            im = figure_image(s, region, max_side=max_side, cache=cache)
            on_figure = bool(r.regions) and r.regions[0].on == "figure"
            heat = response.heatmap(r) if on_figure else None
            ph = None
            if patches and encoder is not None and vec is not None and on_figure:
                ph = patch_heatmap(
                    encoder,
                    figure_image(s, region, max_side=max(encoder.image_size * 2, 224), cache=cache),
                    vec,
                )
            out.append(Thumb(r.pair_id, im, heat, ph))
            job.advance(1)
    return out
