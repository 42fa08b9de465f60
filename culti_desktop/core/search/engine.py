"""One entry point for every search: text→image, image→text, image→image, region queries,
keyword and hybrid, with LACLIP re-ranking of the top candidates.

The CLI and the GUI both call :func:`search`; results are plain dataclasses (JSON-ready with
:meth:`SearchResult.as_dict`). With no model or no index, ``keyword`` and ``hybrid`` still
work (hybrid degrades to keywords and says so in ``warnings``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from PIL import Image
from sqlalchemy import text as sql

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.ann import ScalarFilter
from culti_desktop.core.search.bilingual import english_query_vector
from culti_desktop.core.search.crop_store import candidate_similarities
from culti_desktop.core.search.crops import Box, crop_boxes, crop_images, to_absolute
from culti_desktop.core.search.expand import expand_en
from culti_desktop.core.search.fusion import reciprocal_rank_fusion
from culti_desktop.core.search.glossary import english_context
from culti_desktop.core.search.index_store import IndexState
from culti_desktop.core.search.keyword import keyword_search
from culti_desktop.core.search.laclip import rerank_scores
from culti_desktop.core.search.levels import best_per_level, box_level
from culti_desktop.core.search.results import (
    MODES,
    TARGETS,
    MatchRegion,
    SearchQuery,
    SearchResponse,
    SearchResult,
)
from culti_desktop.core.search.textnorm import detect_language, fold
from culti_desktop.core.search.vocab import project_vocabulary
from culti_desktop.core.storage.project import Project

TOP_REGIONS = 3
__all__ = ["MODES", "TARGETS", "MatchRegion", "SearchQuery", "SearchResponse", "SearchResult", "search"]


# -- metadata -----------------------------------------------------------------------------------
_PAIR_META = (
    "SELECT p.id, p.figure_region_id, p.caption, p.caption_zh, p.caption_en, p.status, p.split, "
    'r.page_id, r.x0, r.y0, r.x1, r.y1, pg."index", pg.unit, d.id, d.filename '
    "FROM pairs p JOIN regions r ON r.id = p.figure_region_id JOIN pages pg ON pg.id = r.page_id "
    "JOIN documents d ON d.id = pg.document_id"
)

# One row of _PAIR_META: (pair id, region id, caption, zh, en, status, split, page id, box ..., file).
PairRow = Sequence[Any]


def _filters_sql(q: SearchQuery) -> tuple[str, dict[str, Any]]:
    where, params = ["p.status != 'rejected'"], {}
    for name, col, values in (
        ("doc", "d.id", q.documents),
        ("st", "p.status", q.statuses),
        ("sp", "p.split", q.splits),
    ):
        if values:
            keys = [f"{name}{i}" for i in range(len(values))]
            where.append(f"{col} IN ({', '.join(':' + k for k in keys)})")
            params.update(dict(zip(keys, values)))
    return " AND ".join(where), params


def _filtered(q: SearchQuery) -> bool:
    return bool(q.documents or q.statuses or q.splits)


def _pair_rows(project: Project, q: SearchQuery, *, pair_ids=None, region_ids=None) -> Sequence[PairRow]:
    where, params = _filters_sql(q)
    for col, ids in (("p.id", pair_ids), ("p.figure_region_id", region_ids)):
        if ids is not None:
            ids = [int(x) for x in ids]
            if not ids:
                return []
            where += f" AND {col} IN ({', '.join(str(i) for i in ids)})"
    with project.read_session() as s:
        return s.execute(sql(f"{_PAIR_META} WHERE {where} ORDER BY p.id"), params).all()


def _result_from_row(row: PairRow, score: float) -> SearchResult:
    pid, rid, cap, zh, en, status, split, page_id, x0, y0, x1, y1, idx, unit, did, fname = row
    return SearchResult(
        pair_id=pid,
        score=float(score),
        region_id=rid,
        pair_ids=[pid],
        document_id=did,
        document=fname,
        page_id=page_id,
        page=int(idx) + 1,
        unit=unit,
        figure_box=[x0, y0, x1, y1],
        caption=zh or cap or en or "",
        status=status,
        split=split,
    )


def _by_region(rows: Sequence[PairRow]) -> dict[int, list[PairRow]]:
    out: dict[int, list[PairRow]] = {}
    for r in rows:
        out.setdefault(int(r[1]), []).append(r)
    # Representative pair of a figure: accepted first, then lowest id.
    for lst in out.values():
        lst.sort(key=lambda r: (r[5] != "accepted", r[0]))
    return out


# -- the query vector -------------------------------------------------------------------------
def _query_image(q: SearchQuery) -> Image.Image:
    im = q.image.convert("RGB")  # type: ignore[union-attr]
    if q.box is not None:
        x0, y0, x1, y1 = (float(v) for v in q.box)
        x0, x1 = sorted((max(0.0, x0), min(float(im.width), x1)))
        y0, y1 = sorted((max(0.0, y0), min(float(im.height), y1)))
        if x1 - x0 < 2 or y1 - y0 < 2:
            raise CultiError(f"the box {q.box} is empty inside a {im.width}×{im.height} image")
        im = im.crop((int(x0), int(y0), int(round(x1)), int(round(y1))))
    return im


def text_query_vector(
    encoder, state: IndexState | None, query: str, lang: str, glossary: dict | None = None, vocab=None
) -> tuple[np.ndarray, dict]:
    lang = detect_language(query) if lang == "auto" else lang
    if lang == "en":
        vec, info = english_query_vector(
            encoder, query, state.projection if state is not None else None, glossary, vocab=vocab
        )
        return vec.reshape(-1), {"lang": "en", **info}
    return encoder.encode_texts([fold(query)])[0], {"lang": "zh", "folded": fold(query)}


# -- search -------------------------------------------------------------------------------------
def search(
    project: Project, q: SearchQuery, *, encoder=None, state: IndexState | None = None, backend=None
) -> SearchResponse:
    """Run ``q``; ``encoder``/``state`` may be passed in to reuse them across queries (GUI, bench).
    ``backend`` (a BackendSpec) picks the index when a project has builds on several backends."""
    from culti_desktop.core.search.indexer import current_model_version_id, latest_state

    q.validate()
    warnings: list[str] = []
    info: dict[str, Any] = {"mode": q.mode, "k": q.k, "laclip": q.laclip and q.mode != "keyword"}
    if q.text is not None:
        info["text"] = q.text
    if q.mode == "keyword":
        return _keyword_response(project, q, info, warnings)

    if state is None:
        current = _cached(project, "current", lambda: _current_or_none(project, current_model_version_id))
        state = latest_state(project, current, backend) or latest_state(project, None, backend)
        if state is not None and current is not None and state.model_version_id != current:
            warnings.append(
                f"the index is for model version {state.model_version_id}, the current model is "
                f"{current}: run `culti index` to rebuild it"
            )
        if state is not None and _cached(
            project,
            f"edited:{state.folder}:{state.manifest.get('built_at')}",
            lambda: _edited_since(project, state),
        ):
            warnings.append("pairs changed since the index was built: run `culti index` to update it")
    if state is None:
        if q.mode == "hybrid" and q.text is not None:
            warnings.append("no search index (no model indexed yet): keyword results only")
            return _keyword_response(project, q, info, warnings)
        raise CultiError("no search index in this project: run `culti index PROJECT` first", project.path)
    if encoder is None:
        from culti_desktop.core.ml.shared import shared_encoder

        encoder = shared_encoder(project, state.model_version_id)
    info["model_version_id"] = state.model_version_id
    info["backend"] = (state.manifest.get("backend") or {}).get("name", "hnswlib")

    if q.text is not None:
        vec, qinfo = text_query_vector(encoder, state, q.text, q.lang, *english_context(project, q))
        info.update(qinfo)
        if q.mode == "hybrid":
            wide = replace(q, k=max(q.k * 5, 50))
            results = _hybrid(project, q, _to_images(project, wide, state, vec), info)
        else:
            results = _to_images(project, q, state, vec)
    else:
        image = _query_image(q)
        vec = encoder.encode_images([image])[0]
        info.update(
            lang=None, image_size=list(image.size), box=list(q.box) if q.box else None, target=q.target
        )
        if q.target == "image":
            results = _to_images(project, q, state, vec)
        else:
            results = _to_texts(project, q, state, vec, encoder, image)
    return SearchResponse(
        results=results, query=info, warnings=warnings, query_vector=vec, crop_boxes=state.boxes
    )


_HINTS: dict[tuple[str, str], tuple[float, Any]] = {}
HINT_SECONDS = 5.0


def _cached(project: Project, key: str, fn):
    """Per-query hints (current model, staleness) cost a table scan: reuse them for a few seconds."""
    import time

    k = (str(project.path), key)
    hit = _HINTS.get(k)
    now = time.monotonic()
    if hit is not None and now - hit[0] < HINT_SECONDS:
        return hit[1]
    value = fn()
    _HINTS[k] = (now, value)
    return value


def _current_or_none(project: Project, fn):
    try:
        return fn(project)
    except CultiError:
        return None


def _edited_since(project: Project, state: IndexState) -> bool:
    """Cheap staleness hint for every query: a pair edited after the build, or a count mismatch."""
    import datetime as dt

    built = state.manifest.get("built_at")
    with project.read_session() as s:
        last, live = s.execute(  # CASE, not SUM(boolean): the same SQL on SQLite and PostgreSQL
            sql("SELECT MAX(updated_at), SUM(CASE WHEN status != 'rejected' THEN 1 ELSE 0 END) FROM pairs")
        ).one()
    if live is not None and int(live) != len(state.texts):
        return True
    if not built or last is None:
        return False
    built_dt = dt.datetime.fromisoformat(built).astimezone(dt.timezone.utc).replace(tzinfo=None)
    last_dt = last if isinstance(last, dt.datetime) else dt.datetime.fromisoformat(str(last))
    return last_dt > built_dt


def _filter_args(project: Project, q: SearchQuery, index, labels_of):
    """(allowed, where): labels from the project (hnswlib), or scalar filters Milvus evaluates."""
    if not _filtered(q):
        return None, None
    if getattr(index, "filters_in_index", False):
        return None, ScalarFilter(q.documents, q.statuses, q.splits)
    return labels_of(_pair_rows(project, q)), None


def _to_images(project: Project, q: SearchQuery, state: IndexState, vec: np.ndarray) -> list[SearchResult]:
    """Figures for a query vector (text or image): ANN top-N, LACLIP re-rank, top k."""
    allowed, where = _filter_args(project, q, state.images, lambda rows: sorted(_by_region(rows)))
    n = max(q.k, q.laclip_config.rerank_top) if q.laclip else q.k
    labels, gscores = state.images.search(vec, n, allowed=allowed, ef=q.ef, where=where)
    labels, gscores = labels[0], gscores[0]
    if not len(labels):
        return []
    need = q.laclip and q.laclip_config.needs_agreement
    sims, agree = candidate_similarities(state.crops, labels, vec, state.images.vectors if need else None)
    if q.laclip:
        final, loc = rerank_scores(gscores, sims, agree, q.laclip_config)
    else:
        loc = sims.max(axis=1)
        final = gscores
    order = np.argsort(-final, kind="stable")
    rows = _by_region(_pair_rows(project, q, region_ids=[int(labels[i]) for i in order[: q.k * 2 + 10]]))
    out: list[SearchResult] = []
    boxes = state.boxes
    for i in order:
        rid = int(labels[i])
        if rid not in rows:
            continue
        res = _result_from_row(rows[rid][0], final[i])
        res.pair_ids = [r[0] for r in rows[rid]]
        res.global_score, res.local_score = float(gscores[i]), float(loc[i])
        res.crop_scores = sims[i].tolist()
        res.regions = _best_regions(boxes, sims[i], res.figure_box)
        res.levels = _level_regions(boxes, sims[i], res.figure_box)
        out.append(res)
        if len(out) >= q.k:
            break
    return out


def _best_regions(
    boxes: Sequence[Box], sims: np.ndarray, frame: Sequence[float] | None, on: str = "figure"
) -> list[MatchRegion]:
    top = np.argsort(-np.asarray(sims), kind="stable")[:TOP_REGIONS]
    return [_region(boxes, sims, int(j), frame, on) for j in top]


def _level_regions(
    boxes: Sequence[Box], sims: np.ndarray, frame: Sequence[float] | None, on: str = "figure"
) -> list[MatchRegion]:
    return [_region(boxes, sims, j, frame, on) for _, j in best_per_level(boxes, sims)]


def _region(
    boxes: Sequence[Box], sims: np.ndarray, j: int, frame: Sequence[float] | None, on: str
) -> MatchRegion:
    rel = list(boxes[j])
    box = list(to_absolute(boxes[j], tuple(frame))) if frame is not None else rel  # type: ignore[arg-type]
    return MatchRegion(
        box=[round(v, 2) for v in box],
        score=float(sims[j]),
        relative=[round(v, 4) for v in rel],
        on=on,
        level=box_level(boxes[j]),
    )


def _to_texts(
    project: Project, q: SearchQuery, state: IndexState, vec: np.ndarray, encoder, image: Image.Image
) -> list[SearchResult]:
    """Captions for a query image; LACLIP uses the query image's own crops (encoded now)."""
    allowed, where = _filter_args(project, q, state.texts, lambda rows: [r[0] for r in rows])
    n = max(q.k, q.laclip_config.rerank_top) if q.laclip else q.k
    labels, gscores = state.texts.search(vec, n, allowed=allowed, ef=q.ef, where=where)
    labels, gscores = labels[0], gscores[0]
    if not len(labels):
        return []
    boxes = crop_boxes(q.laclip_config.crops)
    crop_vecs = encoder.encode_images(crop_images(image, boxes))  # (K, D)
    tvecs = state.texts.vectors(labels)
    sims = tvecs @ crop_vecs.T  # (n, K)
    if q.laclip:  # the query image's own crops: its busyness weighs every candidate caption alike
        agree = np.broadcast_to(crop_vecs @ np.asarray(vec, np.float32).reshape(-1), sims.shape)
        final, loc = rerank_scores(gscores, sims, agree, q.laclip_config)
    else:
        loc, final = sims.max(axis=1), gscores
    order = np.argsort(-final, kind="stable")[: q.k]
    rows = {r[0]: r for r in _pair_rows(project, q, pair_ids=[int(labels[i]) for i in order])}
    frame = [0.0, 0.0, float(image.width), float(image.height)]
    out = []
    for i in order:
        pid = int(labels[i])
        if pid not in rows:
            continue
        res = _result_from_row(rows[pid], final[i])
        res.global_score, res.local_score = float(gscores[i]), float(loc[i])
        res.regions = _best_regions(boxes, sims[i], frame, on="query")
        res.levels = _level_regions(boxes, sims[i], frame, on="query")
        out.append(res)
    return out


def _keyword_ranking(
    project: Project, q: SearchQuery, limit: int, glossary: dict[str, str] | None = None
) -> tuple[list, dict]:
    """Keyword hits; an English query also matches its Chinese renderings (one group per word)."""
    extra: dict[str, Any] = {}
    groups: list[list[str]] = []
    lang = detect_language(q.text or "") if q.lang == "auto" else q.lang
    if lang == "en":
        exp = expand_en(q.text or "", glossary, vocab=project_vocabulary(project))
        groups = [[z for z, _ in g] for g in exp.groups()]
        extra.update(translation=exp.best() or None, untranslated=list(exp.unknown))
    return keyword_search(project, q.text or "", k=limit, groups=groups), {"lang": lang, **extra}


def _project_glossary(project: Project) -> dict[str, str]:
    from culti_desktop.core.search.glossary import effective_glossary

    return effective_glossary(project)


def _keyword_response(project: Project, q: SearchQuery, info: dict, warnings: list[str]) -> SearchResponse:
    hits, qinfo = _keyword_ranking(project, q, max(q.k * 5, 50), _project_glossary(project))
    info.update(qinfo)
    rows = {r[0]: r for r in _pair_rows(project, q, pair_ids=[h.pair_id for h in hits])}
    out = []
    for h in hits:
        if h.pair_id in rows:
            res = _result_from_row(rows[h.pair_id], h.score)
            res.keyword_score = h.score
            out.append(res)
        if len(out) >= q.k:
            break
    return SearchResponse(results=out, query=info, warnings=warnings)


def _hybrid(
    project: Project, q: SearchQuery, clip_results: list[SearchResult], info: dict
) -> list[SearchResult]:
    """RRF of the CLIP ranking (per figure) and the keyword ranking (per pair → its figure)."""
    wide = replace(q, k=max(q.k * 5, 50))
    hits, _ = _keyword_ranking(project, wide, wide.k, _project_glossary(project))
    kw_rows = {r[0]: r for r in _pair_rows(project, q, pair_ids=[h.pair_id for h in hits])}
    kw_regions: list[int] = []
    kw_score: dict[int, float] = {}
    kw_pair: dict[int, int] = {}
    for h in hits:
        row = kw_rows.get(h.pair_id)
        if row is None or row[1] in kw_score:
            continue
        kw_regions.append(int(row[1]))
        kw_score[int(row[1])] = h.score
        kw_pair[int(row[1])] = h.pair_id
    by_region = {r.region_id: r for r in clip_results}
    # CLIP results come from the figure join, so each has its region (the filter only narrows)
    clip_regions = [r.region_id for r in clip_results if r.region_id is not None]
    fused = reciprocal_rank_fusion([clip_regions, kw_regions])
    out = []
    for rid, score in fused[: q.k]:
        res = by_region.get(rid)
        if res is None:
            res = _result_from_row(kw_rows[kw_pair[rid]], 0.0)
        res.score = float(score)
        res.keyword_score = kw_score.get(rid)
        if rid in kw_pair:
            res.pair_id = kw_pair[rid]
        out.append(res)
    return out
