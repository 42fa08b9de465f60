"""Model assist: rank a page's text lines and paragraphs as captions of a figure, by CLIP similarity.

The figure crop and every candidate text are encoded with the project's current Chinese-CLIP
model (or the one named); candidates are sorted by cosine similarity. Encoders are cached per
project and model version, so ranking the next figure costs two small encoder passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from culti_desktop.core.curation import render_cache
from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.models import Pair, Region, TextLine
from culti_desktop.core.storage.project import Project

MAX_CANDIDATES = 200


@dataclass(frozen=True)
class Candidate:
    kind: str  # line | paragraph | region
    ids: tuple[int, ...]  # text line ids (line, paragraph) or the region id
    text: str
    score: float = 0.0


def candidates_for(project: Project, figure_region_id: int) -> list[Candidate]:
    """Text lines, paragraphs (lines sharing a block) and text/caption regions of the figure's page."""
    with project.read_session() as s:
        fig = s.get(Region, figure_region_id)
        if fig is None:
            raise CultiError(f"region {figure_region_id} no longer exists")
        lines = s.execute(
            select(TextLine.id, TextLine.text, TextLine.block)
            .where(TextLine.page_id == fig.page_id)
            .order_by(TextLine.reading_order, TextLine.id)
        ).all()
        regions = s.execute(
            select(Region.id, Region.text).where(
                Region.page_id == fig.page_id, Region.kind.in_(("caption", "text")), Region.text.is_not(None)
            )
        ).all()
    out: list[Candidate] = []
    seen: set[str] = set()

    def add(c: Candidate) -> None:
        key = " ".join(c.text.split())
        if key and key not in seen:
            seen.add(key)
            out.append(c)

    for rid, text in regions:
        add(Candidate("region", (rid,), (text or "").strip()))
    blocks: dict[int, list[tuple[int, str]]] = {}
    for lid, text, block in lines:
        add(Candidate("line", (lid,), (text or "").strip()))
        if block is not None:
            blocks.setdefault(block, []).append((lid, text or ""))
    for members in blocks.values():
        if len(members) > 1:
            add(Candidate("paragraph", tuple(i for i, _ in members), " ".join(t.strip() for _, t in members)))
    return out[:MAX_CANDIDATES]


def _encoder(project: Project, model: str | None, job: Job) -> Any:
    from culti_desktop.core.ml.registry import current_model_version
    from culti_desktop.core.ml.shared import shared_encoder

    mv = current_model_version(project) if model is None else None
    if model is None and mv is None:
        raise CultiError(
            "no model yet: train or import one (culti model ...) to rank caption candidates", project.path
        )
    return shared_encoder(project, model, job=job)  # the one search and the index use too


def rank_caption_candidates(
    project: Project, pair_id: int, job: Job | None = None, model: str | None = None
) -> list[Candidate]:
    """Candidates of the pair's page, best first, each with its cosine similarity to the figure."""
    job = ensure_job(job)
    with project.read_session() as s:
        pair = s.get(Pair, pair_id)
        if pair is None:
            raise CultiError(f"pair {pair_id} no longer exists")
        figure_id = pair.figure_region_id
    cands = candidates_for(project, figure_id)
    if not cands:
        return []
    job.start(3, "loading model")
    encoder = _encoder(project, model, job.child(1))  # a download fills this step, not the whole bar
    job.message = "encoding figure"
    image = encoder.encode_images([render_cache.region_crop(project, figure_id)])[0]
    job.advance(1, "encoding texts")
    texts = encoder.encode_texts([c.text for c in cands])
    job.advance(1)
    scores = texts @ image
    ranked = [Candidate(c.kind, c.ids, c.text, float(sc)) for c, sc in zip(cands, scores)]
    return sorted(ranked, key=lambda c: -c.score)
