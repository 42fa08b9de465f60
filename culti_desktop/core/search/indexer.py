"""Build, update and check the search index of a project for one model version.

An update compares fingerprints (figure box/page/image, caption text) stored in the build's
manifest with the project, and embeds only what is new or edited; deleted or rejected pairs
leave the index (hnswlib ``mark_deleted``). A model change means a new index folder (vectors of
two models never mix); the old one is kept until the new one is ready, so search keeps working
while the rebuild runs in the background. Files are written only when the update finishes, so a
cancelled or failed update leaves the previous index untouched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select, text

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.search.ann import normalise
from culti_desktop.core.search.backends import (
    BackendSpec,
    MetaPlan,
    build_dir,
    new_indexes,
    project_backend,
    set_project_backend,
    stale_reasons,
)
from culti_desktop.core.search.bilingual import projection_for_version
from culti_desktop.core.search.crop_store import CropStore
from culti_desktop.core.search.crops import CropConfig, crop_boxes
from culti_desktop.core.search.index_store import FORMAT, IndexState
from culti_desktop.core.search.laclip import encode_crops
from culti_desktop.core.search.textnorm import fold
from culti_desktop.core.search.vocab import project_vocabulary
from culti_desktop.core.storage.models import IndexBuild, Region
from culti_desktop.core.storage.project import Project

CHUNK = 32


def _h(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[
        :16
    ]


def caption_for_index(caption: str, caption_zh: str, caption_en: str) -> str:
    """The text embedded for a pair: the Chinese caption, else the printed one, else English."""
    return fold(caption_zh or caption or caption_en)


def project_fingerprints(project: Project) -> tuple[dict[int, str], dict[int, str], dict[int, str]]:
    """({region id: fp}, {pair id: fp}, {pair id: text}) of what the index should hold now."""
    with project.read_session() as s:
        regions = s.execute(
            text(
                "SELECT DISTINCT r.id, r.page_id, r.x0, r.y0, r.x1, r.y1, r.image_sha256 FROM regions r "
                "JOIN pairs p ON p.figure_region_id = r.id WHERE p.status != 'rejected'"
            )
        ).all()
        pairs = s.execute(
            text("SELECT id, caption, caption_zh, caption_en FROM pairs WHERE status != 'rejected'")
        ).all()
    region_fp = {int(r[0]): _h(*r[1:]) for r in regions}
    texts = {int(p[0]): caption_for_index(p[1] or "", p[2] or "", p[3] or "") for p in pairs}
    pair_fp = {pid: _h(t) for pid, t in texts.items()}
    return region_fp, pair_fp, texts


@dataclass
class IndexDiff:
    regions_new: list[int] = field(default_factory=list)
    regions_changed: list[int] = field(default_factory=list)
    regions_deleted: list[int] = field(default_factory=list)
    pairs_new: list[int] = field(default_factory=list)
    pairs_changed: list[int] = field(default_factory=list)
    pairs_deleted: list[int] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(vars(self).values())

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in vars(self).items()}


def diff(
    old_regions: dict[str, str], old_pairs: dict[str, str], region_fp: dict[int, str], pair_fp: dict[int, str]
) -> IndexDiff:
    d = IndexDiff()
    for rid, fp in region_fp.items():
        old = old_regions.get(str(rid))
        if old is None:
            d.regions_new.append(rid)
        elif old != fp:
            d.regions_changed.append(rid)
    d.regions_deleted = [int(r) for r in old_regions if int(r) not in region_fp]
    for pid, fp in pair_fp.items():
        old = old_pairs.get(str(pid))
        if old is None:
            d.pairs_new.append(pid)
        elif old != fp:
            d.pairs_changed.append(pid)
    d.pairs_deleted = [int(p) for p in old_pairs if int(p) not in pair_fp]
    return d


# -- status -----------------------------------------------------------------------------------
def current_model_version_id(project: Project) -> int | None:
    """The project's current model version (the registry's rule: picked, else newest fine-tuned)."""
    from culti_desktop.core.ml.registry import current_model_version

    mv = current_model_version(project)
    return mv.id if mv is not None else None


def latest_state(
    project: Project, model_version_id: int | None = None, backend: BackendSpec | None = None
) -> IndexState | None:
    """The index of ``model_version_id`` (the newest ready one when not given) on ``backend``
    (default: the project's backend, then any other build of that model)."""
    spec = backend or project_backend(project)
    if model_version_id is not None:
        ids = [model_version_id]
    else:
        with project.read_session() as s:
            builds = s.scalars(
                select(IndexBuild)
                .where(IndexBuild.state.in_(("ready", "stale")))
                .order_by(IndexBuild.created_at.desc(), IndexBuild.id.desc())
            ).all()
            ids = list(dict.fromkeys(b.model_version_id for b in builds))
    specs = [spec] if backend is not None or spec.name == "hnswlib" else [spec, BackendSpec()]
    for sp in specs:
        for mv in ids:
            st = IndexState.load(build_dir(project, mv, sp))
            if st is not None:
                return st
    return None


def index_status(
    project: Project, model_version_id: int | None = None, backend: BackendSpec | None = None
) -> dict[str, Any]:
    """Is there an index, for which model, and is it stale (and why)?"""
    current = current_model_version_id(project)
    target = model_version_id if model_version_id is not None else current
    state = latest_state(project, target, backend) if target is not None else None
    if state is None:  # none for that model: report the newest other one (then stale: model changed)
        state = latest_state(project, None, backend)
    out: dict[str, Any] = {
        "current_model_version_id": current,
        "exists": state is not None,
        "stale": True,
        "reasons": [],
    }
    if state is None:
        out["reasons"].append("no index" + (f" for model version {target}" if target is not None else ""))
        return out
    region_fp, pair_fp, _ = project_fingerprints(project)
    d = diff(state.manifest["regions"], state.manifest["pairs"], region_fp, pair_fp)
    out.update(
        model_version_id=state.model_version_id,
        folder=str(state.folder),
        built_at=state.manifest["built_at"],
        figures=len(state.images),
        captions=len(state.texts),
        changes=d.counts(),
        backend=(state.manifest.get("backend") or {}).get("name", "hnswlib"),
    )
    if current is not None and state.model_version_id != current:
        out["reasons"].append(
            f"built for model version {state.model_version_id}; the current model is {current}"
        )
    if not d.empty:
        out["reasons"].append(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in d.counts().items() if n))
    out["reasons"] += stale_reasons(project, state)
    out["stale"] = bool(out["reasons"])
    return out


# -- update -----------------------------------------------------------------------------------
def _empty_state(
    project: Project, encoder, crops: CropConfig, backend: BackendSpec | None = None
) -> IndexState:
    boxes = crop_boxes(crops)
    mv = int(encoder.model_version_id or 0)
    backend = backend or BackendSpec()
    images, texts, crop_store, entry = new_indexes(project, backend, mv, encoder.embed_dim, len(boxes))
    return IndexState(
        folder=build_dir(project, mv, backend),
        manifest={
            "format": FORMAT,
            "model_version_id": mv,
            "embed_dim": encoder.embed_dim,
            "crop_config": crops.as_dict(),
            "crop_boxes": [list(b) for b in boxes],
            "regions": {},
            "pairs": {},
            "built_at": None,
            "failed": {},
            "backend": entry,
        },
        images=images,
        texts=texts,
        crops=crop_store,
    )


def _figure_side(encoder) -> int:
    # Crops are a third of the figure: render it ~3× the model input so crops keep their detail.
    return int(min(max(encoder.image_size * 3, 192), 672))


def update_index(
    project: Project,
    encoder,
    job: Job | None = None,
    *,
    full: bool = False,
    crops: CropConfig | None = None,
    backend: BackendSpec | None = None,
) -> dict[str, Any]:
    """Embed what changed since the last build of this model version (everything if ``full``).

    ``backend``: where the vectors go (default: the project's backend); given, it becomes the
    project's backend once the build succeeds.

    Returns a summary: counts of embedded/removed items, failures (figure id → message) and the
    folder. A figure that cannot be rendered is reported and skipped; the rest is indexed.
    """
    from culti_desktop.core.storage.figures import FigureCache, figure_image

    job = ensure_job(job)
    if encoder.model_version_id is None:
        raise CultiError("the encoder has no model version: register the model before indexing")
    mv = int(encoder.model_version_id)
    spec = backend or project_backend(project)
    state = (
        None if full else IndexState._read(build_dir(project, mv, spec))
    )  # a private copy: searches keep the cached one
    crops = crops or (CropConfig.from_dict(state.manifest["crop_config"]) if state else CropConfig())
    if state is not None and (
        state.manifest["crop_config"] != crops.as_dict() or state.manifest["embed_dim"] != encoder.embed_dim
    ):
        state = None  # other crops or another width: nothing can be reused
    if state is None:
        state = _empty_state(project, encoder, crops, spec)
    region_fp, pair_fp, texts = project_fingerprints(project)
    d = diff(state.manifest["regions"], state.manifest["pairs"], region_fp, pair_fp)
    _mark_build(project, mv, "building", state)

    regions_todo = d.regions_new + d.regions_changed
    pairs_todo = d.pairs_new + d.pairs_changed
    job.start(len(regions_todo) + len(pairs_todo), "indexing figures")
    failed: dict[str, str] = {}
    vanished: list[int] = []  # deleted by a curator after the fingerprints were read
    side = _figure_side(encoder)
    new_ids: list[int] = []
    new_global: list[np.ndarray] = []
    # Crop vectors stream into new chunk files as they come (bounded memory); they become visible
    # only when the journal is written at the end, so a cancelled update leaves the old index whole.
    state.folder.mkdir(parents=True, exist_ok=True)
    state.crops.bind(state.folder)
    with project.read_session() as s, FigureCache(size=4) as cache:
        for start in range(0, len(regions_todo), CHUNK):
            ids, images = [], []
            for rid in regions_todo[start : start + CHUNK]:
                region = s.get(Region, rid)
                if region is None:  # gone since the fingerprints: nothing to embed, drop it
                    vanished.append(rid)
                    continue
                try:
                    images.append(figure_image(s, region, max_side=side, cache=cache))
                    ids.append(rid)
                except CultiError as exc:
                    failed[str(rid)] = exc.one_line()
            if images:
                g_new = encoder.encode_images(images)
                new_global.append(g_new)
                # crop–image agreements stored beside the crops (query time skips a gemv per figure);
                # unit vectors as the image index keeps them. Milvus' store keeps none.
                extra = {"global_vecs": normalise(g_new)} if isinstance(state.crops, CropStore) else {}
                state.crops.append(ids, encode_crops(encoder, images, crops), **extra)
                new_ids += ids
            job.advance(len(regions_todo[start : start + CHUNK]), "indexing figures")
    job.message = "indexing captions"
    text_vecs: list[np.ndarray] = []
    for start in range(0, len(pairs_todo), 256):
        chunk = pairs_todo[start : start + 256]
        text_vecs.append(encoder.encode_texts([texts[p] for p in chunk]))
        job.advance(len(chunk), "indexing captions")

    # Everything is computed: apply to the in-memory state, then write it (manifest last).
    meta = MetaPlan(project, state)  # filter fields, for a backend that filters itself (Milvus)
    gone_regions = d.regions_deleted + vanished + [int(r) for r in failed]
    state.images.remove(gone_regions)
    state.texts.remove(d.pairs_deleted)
    if new_ids:
        g = np.concatenate(new_global)
        state.images.add(new_ids, g, meta=meta.for_regions(new_ids))
    state.crops.remove([r for r in gone_regions if r not in set(new_ids)])
    if pairs_todo:
        state.texts.add(pairs_todo, np.concatenate(text_vecs), meta=meta.for_pairs(pairs_todo))
    man = state.manifest
    for rid in gone_regions:
        man["regions"].pop(str(rid), None)
    for rid in new_ids:
        man["regions"][str(rid)] = region_fp[rid]
    for pid in d.pairs_deleted:
        man["pairs"].pop(str(pid), None)
    for pid in pairs_todo:
        man["pairs"][str(pid)] = pair_fp[pid]
    man["failed"] = failed
    meta.apply(new_ids, pairs_todo)
    man["built_at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
    if pairs_todo or d.pairs_deleted or state.projection is None:
        state.projection = projection_for_version(project, mv, encoder)  # the version's own, or fitted
    man["projection_pairs"] = state.projection.pairs_used if state.projection else 0
    state.save()
    project_vocabulary(project, store=True)  # English queries after opening need no rebuild (ADR 0084)
    _mark_build(project, mv, "ready", state)
    if backend is not None:
        set_project_backend(project, backend)
    return {
        "model_version_id": mv,
        "folder": str(state.folder),
        "figures_embedded": len(new_ids),
        "captions_embedded": len(pairs_todo),
        "removed": {"figures": len(d.regions_deleted), "captions": len(d.pairs_deleted)},
        "failed": failed,
        "figures": len(state.images),
        "captions": len(state.texts),
        "crops_per_figure": len(state.boxes),
        "projection_pairs": man["projection_pairs"],
        "full": full,
        "backend": man["backend"]["name"] if man.get("backend") else "hnswlib",
    }


def _mark_build(project: Project, mv: int, state_name: str, state: IndexState) -> None:
    rel = state.folder.relative_to(project.path.parent).as_posix()
    with project.session() as s:
        build = s.scalars(
            select(IndexBuild)
            .where(IndexBuild.model_version_id == mv, IndexBuild.path == rel)
            .order_by(IndexBuild.id.desc())
        ).first()
        if build is None:
            build = IndexBuild(model_version_id=mv, path=rel)
            s.add(build)
        build.state = state_name
        build.path = rel
        build.item_count = len(state.images)
        build.config = {
            "crops": state.manifest["crop_config"],
            "captions": len(state.texts),
            "built_at": state.manifest.get("built_at"),
            "backend": {
                k: v for k, v in (state.manifest.get("backend") or {}).items() if k != "index_params"
            },
        }
