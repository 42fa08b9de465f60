"""Search benchmark: ANN vs exact numpy, LACLIP re-rank cost, end-to-end text query, LACLIP study,
English vs Chinese queries. Prints JSON and a markdown table.

    .venv/bin/python -m benchmarks.bench_search [--quick] [--n 1000000] [--parts ann,rerank,e2e,laclip,bilingual]

Targets (issue 6): ANN p95 < 2 ms at 1M vectors with recall@10 ≥ 0.98 against exact search;
LACLIP re-rank of the top 100 < 20 ms; a text query end to end with the tiny model at 100k items
< 50 ms; index memory per item reported. Sizes are parameters: 1M×512 takes long on 2 cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import machine, markdown_table


def _rss_mib() -> float:
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _clustered(n: int, dim: int, seed: int, centres: int = 1000, chunk: int = 100_000) -> np.ndarray:
    """Unit vectors around random centres, isotropic noise: the ANN worst case ("isotropic").

    Inside a cluster the points are isotropic in all ``dim`` dimensions, so a query's neighbours
    are near-ties (high local intrinsic dimension at the queries, TwoNN intrinsic dimension ~100): no graph
    index finds the exact top 10 cheaply there. Kept as the pessimistic case.
    """
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centres, dim)).astype(np.float32)
    out = np.empty((n, dim), np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        v = c[rng.integers(0, centres, m)] + 0.35 * rng.normal(size=(m, dim)).astype(np.float32)
        out[s : s + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


# The "embedding-like" generator's parameters, fixed from published figures before any recall was
# measured on it (docs/adr/0064-ann-parameters-and-benchmark-data.md gives the references):
#  - power-law covariance eigen-spectrum λ_i ∝ i^-α with α = 1 — learned image/text
#    representations have power-law spectra with exponent near 1; for 512-d this gives a
#    participation ratio (Σλ)²/Σλ² ≈ 28, i.e. tens of effective dimensions, the order of the
#    intrinsic dimensions reported for last-layer representations (Ansuini et al. 2019) — and CLIP
#    embeddings have a large low-variance "noise" subspace (Grzywaczewski et al. 2026: 164 dims);
#  - clustered: 1,000 concept centres drawn from that spectrum, items = centre + spread × a draw
#    from the same spectrum (items of one concept vary along the same few leading directions);
#  - spread 1.0: chosen (from 0.5 / 0.75 / 1.0, on difficulty alone, before any recall was
#    measured) as the one whose relative contrast at 200k (1.82) falls inside the 1.75–2.05
#    reported for real embedding data sets (Chen et al. 2024), at its hard end; 0.5 gave 2.86;
#  - queries are fresh draws from the generator (a new item), not perturbed copies of indexed ones.
EMBEDDING_ALPHA, EMBEDDING_CENTRES, EMBEDDING_SPREAD = 1.0, 1000, 1.0


def _embedding_like(
    n: int,
    dim: int,
    seed: int,
    centres: int = EMBEDDING_CENTRES,
    alpha: float = EMBEDDING_ALPHA,
    spread: float = EMBEDDING_SPREAD,
    chunk: int = 100_000,
) -> np.ndarray:
    """Unit vectors with a power-law eigen-spectrum, clustered (see the constants above)."""
    rng = np.random.default_rng(seed)
    basis_rng = np.random.default_rng(12345)  # the same rotation for every seed: data and queries share it
    rot, _ = np.linalg.qr(basis_rng.normal(size=(dim, dim)))
    scale = np.arange(1, dim + 1, dtype=np.float64) ** (-alpha / 2)  # std = sqrt(λ_i)
    proj = (scale[:, None] * rot.T).astype(np.float32)  # z (·, dim) @ proj -> covariance R diag(λ) Rᵀ
    cent_rng = np.random.default_rng(54321)  # the same concept centres for data and queries
    c = cent_rng.normal(size=(centres, dim)).astype(np.float32) @ proj
    out = np.empty((n, dim), np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        v = c[rng.integers(0, centres, m)] + spread * (rng.normal(size=(m, dim)).astype(np.float32) @ proj)
        out[s : s + m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


DATA_KINDS = ("embedding", "isotropic")


def ann_data(kind: str, n: int, dim: int, queries: int) -> tuple[np.ndarray, np.ndarray]:
    """(data, queries) for a named benchmark data set (see ``_clustered`` and ``_embedding_like``)."""
    if kind == "isotropic":
        data = _clustered(n, dim, 0)
        rng = np.random.default_rng(1)
        q = data[rng.choice(n, queries, replace=False)] + 0.05 * rng.normal(size=(queries, dim)).astype(
            np.float32
        )
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        return data, q
    if kind == "embedding":
        return _embedding_like(n, dim, 0), _embedding_like(queries, dim, 1)
    raise ValueError(f"unknown ANN data kind {kind!r}; choose from {DATA_KINDS}")


def difficulty(
    data: np.ndarray, queries: np.ndarray, probes: int = 1000, twonn_pool: int = 200_000, seed: int = 7
) -> dict[str, float]:
    """How hard a data set is for nearest-neighbour search, on a sample.

    - relative contrast (He, Kumar & Chang 2012): mean over queries of mean distance / nearest-
      neighbour distance, and the same for the 10th neighbour (RC@10); ≈ 1 means the neighbours
      are near-ties with everything else (hopeless for any index), real embeddings have ~1.5–2;
    - local intrinsic dimensionality at the queries (maximum-likelihood estimate from the 20 nearest
      distances, as Aumüller & Ceccarello use to grade ANN query difficulty): mean over queries;
    - TwoNN intrinsic dimension (Facco et al. 2017): maximum-likelihood d = (N-1) / Σ log(r2/r1)
      over ``probes`` points and their two nearest neighbours among up to ``twonn_pool`` points.
    Euclidean distances on the unit vectors (monotone in cosine).
    """
    rng = np.random.default_rng(seed)
    nq = min(len(queries), 100)
    rc1, rc10, lid = [], [], []
    for q in queries[:nq]:
        d = np.sqrt(np.maximum(2.0 - 2.0 * (data @ q), 0.0))
        part = np.partition(d, 21)[:22]
        part.sort()
        part = part[part > 1e-6][:20]  # an exact copy of the query is not a neighbour
        rc1.append(float(d.mean() / part[0]))
        rc10.append(float(d.mean() / part[9]))
        lid.append(float(-1.0 / np.mean(np.log(part[:-1] / part[-1]))))
    pool = data if len(data) <= twonn_pool else data[rng.choice(len(data), twonn_pool, replace=False)]
    idx = rng.choice(len(pool), min(probes, len(pool)), replace=False)
    mus = []
    for s in range(0, len(idx), 250):
        sims = pool[idx[s : s + 250]] @ pool.T
        sims[np.arange(len(sims)), idx[s : s + 250]] = -np.inf  # not itself
        top = -np.partition(-sims, 1, axis=1)[:, :2]
        top.sort(axis=1)
        r = np.sqrt(np.maximum(2.0 - 2.0 * top[:, ::-1], 0.0))  # r1 <= r2
        ok = r[:, 0] > 1e-6
        mus.extend((r[ok, 1] / r[ok, 0]).tolist())
    mu = np.asarray(mus)
    twonn = float((len(mu) - 1) / np.sum(np.log(mu)))
    return {
        "relative_contrast": round(float(np.mean(rc1)), 3),
        "relative_contrast_at_10": round(float(np.mean(rc10)), 3),
        "query_lid_at_20": round(float(np.mean(lid)), 1),
        "twonn_intrinsic_dim": round(twonn, 1),
        "difficulty_queries": nq,
        "twonn_probes": len(mu),
        "twonn_pool": len(pool),
    }


def hnswlib_build() -> str:
    """Which SIMD the installed hnswlib was compiled with: 'avx512', 'avx', 'sse' (from its code)."""
    import shutil
    import subprocess

    import hnswlib

    if not shutil.which("objdump"):
        return "unknown"
    try:
        asm = subprocess.run(
            ["objdump", "-d", hnswlib.__file__], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return "avx512" if "zmm" in asm else "avx" if "ymm" in asm else "sse"


def _pct(times: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(times) * 1000.0, p))


# -- 1. ANN vs exact ------------------------------------------------------------------------------
def bench_ann(
    n: int,
    dim: int = 512,
    queries: int = 200,
    threads: int = 2,
    ef: int | None = None,
    kind: str = "embedding",
    m: int | None = None,
    ef_construction: int | None = None,
    ef_sweep: tuple[int, ...] = (50, 100, 200, 400, 600, 800),
    measure_difficulty: bool = True,
) -> dict[str, Any]:
    """ANN (our ``VectorIndex``, and raw hnswlib on the same graph) vs exact numpy on one data set.

    ``m``/``ef_construction``/``ef`` default to ``VectorIndex``'s defaults; queries are timed one at
    a time on 1 thread.
    """
    import inspect

    from culti_desktop.core.search.ann import VectorIndex, exact_search

    defaults = {k: v.default for k, v in inspect.signature(VectorIndex.__init__).parameters.items()}
    m = m or defaults["m"]
    ef_construction = ef_construction or defaults["ef_construction"]
    ef = ef or defaults["ef_search"]
    data, q = ann_data(kind, n, dim, queries)
    diff = difficulty(data, q) if measure_difficulty else {}
    rss0 = _rss_mib()
    t0 = time.perf_counter()
    idx = VectorIndex(dim, n, m=m, ef_construction=ef_construction, ef_search=ef, threads=threads)
    for s in range(0, n, 100_000):
        idx.add(np.arange(s, min(n, s + 100_000)), data[s : s + 100_000])
    build_s = time.perf_counter() - t0
    rss_held = _rss_mib() - rss0
    idx.threads = 1
    idx._hnsw.set_num_threads(1)
    ann_t, ann_labels = [], []
    for i in range(queries):
        t = time.perf_counter()
        lab, _ = idx.search(q[i], 10, exact=False)
        ann_t.append(time.perf_counter() - t)
        ann_labels.append(lab[0])
    raw_t = []
    for i in range(queries):  # the raw library, same index, no wrapper
        t = time.perf_counter()
        idx._hnsw.knn_query(q[i : i + 1], k=10, num_threads=1)
        raw_t.append(time.perf_counter() - t)
    ex_t, ex_labels = [], []
    nq_exact = min(queries, 50 if n >= 500_000 else queries)
    for i in range(nq_exact):
        t = time.perf_counter()
        lab, _ = exact_search(q[i], data, 10)
        ex_t.append(time.perf_counter() - t)
        ex_labels.append(lab[0])
    recall = float(
        np.mean([len(set(a.tolist()) & set(e.tolist())) / 10 for a, e in zip(ann_labels, ex_labels)])
    )
    sweep = {}
    for ef_i in ef_sweep:  # the recall/latency trade-off on the same graph
        idx.ef_search = ef_i
        ts, labs = [], []
        for i in range(nq_exact):
            t = time.perf_counter()
            lab, _ = idx.search(q[i], 10, exact=False)
            ts.append(time.perf_counter() - t)
            labs.append(lab[0])
        rec = float(np.mean([len(set(a.tolist()) & set(e.tolist())) / 10 for a, e in zip(labs, ex_labels)]))
        sweep[ef_i] = {
            "p50_ms": round(_pct(ts, 50), 3),
            "p95_ms": round(_pct(ts, 95), 3),
            "recall_at_10": round(rec, 4),
        }
    idx.ef_search = ef
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        idx.save(Path(tmp) / "ix")
        save_s = time.perf_counter() - t
        disk = sum(p.stat().st_size for p in Path(tmp).iterdir())
        t = time.perf_counter()
        VectorIndex.load(Path(tmp) / "ix")
        load_s = time.perf_counter() - t
    out = {
        "data": kind,
        "n": n,
        "dim": dim,
        "m": m,
        "ef_construction": ef_construction,
        "build_threads": threads,
        "hnswlib_simd": hnswlib_build(),
        "difficulty": diff,
        "build_s": round(build_s, 1),
        "ann_p50_ms": round(_pct(ann_t, 50), 3),
        "ann_p95_ms": round(_pct(ann_t, 95), 3),
        "raw_hnswlib_p95_ms": round(_pct(raw_t, 95), 3),
        "exact_p50_ms": round(_pct(ex_t, 50), 2),
        "exact_p95_ms": round(_pct(ex_t, 95), 2),
        "recall_at_10": round(recall, 4),
        "recall_queries": nq_exact,
        "ef": ef,
        "ef_sweep": sweep,
        "rss_held_mib": round(rss_held, 1),
        "bytes_per_item_estimate": round(idx.memory_bytes() / n),
        "bytes_per_item_rss": round(rss_held * 2**20 / n),
        "disk_bytes_per_item": round(disk / n),
        "save_s": round(save_s, 2),
        "load_s": round(load_s, 2),
    }
    del idx, data
    gc.collect()
    return out


# -- 2. LACLIP re-rank of the top 100 ------------------------------------------------------------
def bench_rerank(n: int = 100_000, dim: int = 512, top: int = 100, queries: int = 200) -> dict[str, Any]:
    from culti_desktop.core.search.crops import crop_boxes
    from culti_desktop.core.search.index_store import CropStore
    from culti_desktop.core.search.laclip import LaclipConfig, rerank_scores

    k = len(crop_boxes())
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        g = _clustered(n, dim, 3)
        crops = np.empty((n, k, dim), np.float16)
        for s in range(0, n, 5000):
            m = min(5000, n - s)
            v = g[s : s + m, None, :] + 0.5 * rng.normal(size=(m, k, dim)).astype(np.float32) / np.sqrt(dim)
            crops[s : s + m] = (v / np.linalg.norm(v, axis=2, keepdims=True)).astype(np.float16)
        CropStore(np.arange(n), crops).save(folder)
        del crops
        store = CropStore.load(folder)  # memory-mapped, as at query time
        qv = _clustered(queries, dim, 4)
        cfg = LaclipConfig()
        times, raw = [], []
        for i in range(queries):
            cand = rng.choice(n, top, replace=False)
            t = time.perf_counter()
            gs = g[cand] @ qv[i]
            # what the engine does (the adaptive default needs the crop–image agreements too)
            sims, agree = store.similarities(cand, qv[i], g[cand] if cfg.needs_agreement else None)
            fused, _ = rerank_scores(gs, sims, agree, cfg)
            np.argsort(-fused)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            np.argsort(-(g[cand] @ qv[i]))  # raw: global-only re-score of the same candidates
            raw.append(time.perf_counter() - t)
        disk = sum(
            f.stat().st_size for f in (folder / "crops").glob("chunk-*.npy") if ".labels" not in f.name
        )
    return {
        "n": n,
        "crops_per_item": k,
        "top": top,
        "p50_ms": round(_pct(times, 50), 3),
        "p95_ms": round(_pct(times, 95), 3),
        "raw_global_p95_ms": round(_pct(raw, 95), 3),
        "crop_bytes_per_item": round(disk / n),
    }


# -- 3. text query end to end, tiny model, N items ------------------------------------------------
def _bulk_project(folder: Path, n: int):
    from sqlalchemy import insert

    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.models import Blob, Document, Page, Pair, Region

    project = create_project(folder / "bench.culti")
    per_page = 10
    with project.session() as s:
        s.execute(insert(Blob), [{"sha256": f"{i:064x}", "size": 1, "data": b"x"} for i in range(10)])
        s.execute(
            insert(Document),
            [
                {
                    "id": i + 1,
                    "sha256": f"{i:064x}",
                    "filename": f"doc{i}.pdf",
                    "kind": "pdf",
                    "state": "ready",
                    "page_count": n // per_page // 10,
                }
                for i in range(10)
            ],
        )
        s.execute(
            insert(Page),
            [
                {
                    "id": p + 1,
                    "document_id": p % 10 + 1,
                    "index": p // 10,
                    "width": 600.0,
                    "height": 800.0,
                    "unit": "pt",
                }
                for p in range(n // per_page)
            ],
        )
        s.execute(
            insert(Region),
            [
                {
                    "id": r + 1,
                    "page_id": r // per_page + 1,
                    "kind": "figure",
                    "x0": 50.0,
                    "y0": 50.0,
                    "x1": 300.0,
                    "y1": 300.0,
                }
                for r in range(n)
            ],
        )
        s.execute(
            insert(Pair),
            [
                {
                    "id": r + 1,
                    "figure_region_id": r + 1,
                    "caption": f"图{r} 纹样",
                    "caption_zh": f"图{r} 纹样",
                    "caption_en": "",
                    "status": "accepted",
                }
                for r in range(n)
            ],
        )
    return project


def bench_e2e(n: int = 100_000, queries: int = 50) -> dict[str, Any]:
    import torch

    torch.set_num_threads(1)
    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.encoder import ClipEncoder
    from culti_desktop.core.ml.tiny import TINY_CONFIG
    from culti_desktop.core.search.ann import VectorIndex, exact_search
    from culti_desktop.core.search.crops import crop_boxes
    from culti_desktop.core.search.engine import SearchQuery, search
    from culti_desktop.core.search.index_store import CropStore, IndexState

    enc = ClipEncoder(build_tiny_model(0), TINY_CONFIG, "tiny", "cpu", model_version_id=1)
    dim, k = enc.embed_dim, len(crop_boxes())
    texts = ["红色圆形纹样", "唐代联珠对鸟纹锦", "敦煌莫高窟飞天", "宋代缠枝牡丹", "青铜饕餮纹鼎"]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        project = _bulk_project(Path(tmp), n)
        make_s = time.perf_counter() - t0
        g = _clustered(n, dim, 5, centres=200)
        rng = np.random.default_rng(6)
        crops = g[:, None, :] + 0.3 * rng.normal(size=(n, k, dim)).astype(np.float32) / np.sqrt(dim)
        crops = (crops / np.linalg.norm(crops, axis=2, keepdims=True)).astype(np.float16)
        images = VectorIndex(dim, n, threads=2)
        images.add(np.arange(1, n + 1), g)
        images.threads = 1
        state = IndexState(
            folder=Path(tmp),
            manifest={"model_version_id": 1, "crop_boxes": [list(b) for b in crop_boxes()]},
            images=images,
            texts=VectorIndex(dim),
            crops=CropStore(np.arange(1, n + 1), crops),
        )
        search(project, SearchQuery(text=texts[0]), encoder=enc, state=state)  # warm-up
        # The full path as the CLI/GUI run it: registry's current model, cached index, staleness check.
        from culti_desktop.core.search.index_store import index_dir
        from culti_desktop.core.storage.models import IndexBuild, Meta, ModelVersion

        with project.session() as s:
            s.add(
                ModelVersion(id=1, name="tiny", arch="tiny", kind="tiny", config={"clip_config": TINY_CONFIG})
            )
            s.flush()
            s.add(IndexBuild(model_version_id=1, path="x", state="ready", item_count=n))
            s.merge(Meta(key="current_model", value="1"))
        state.folder = index_dir(project, 1)
        state.manifest.update(
            format=1, embed_dim=dim, regions={}, pairs={}, built_at="2100-01-01T00:00:00+00:00"
        )
        state.save()
        search(project, SearchQuery(text=texts[0]), encoder=enc)  # loads and caches the index
        full = []
        for i in range(queries):
            t = time.perf_counter()
            resp_full = search(project, SearchQuery(text=texts[i % len(texts)], k=10), encoder=enc)
            full.append(time.perf_counter() - t)
        times, raw, laclip_off = [], [], []
        for i in range(queries):
            q = texts[i % len(texts)]
            t = time.perf_counter()
            resp = search(project, SearchQuery(text=q, k=10), encoder=enc, state=state)
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            search(project, SearchQuery(text=q, k=10, laclip=False), encoder=enc, state=state)
            laclip_off.append(time.perf_counter() - t)
            t = time.perf_counter()
            exact_search(enc.encode_texts([q]), g, 10)  # raw: encode + exact numpy, no metadata
            raw.append(time.perf_counter() - t)
        assert len(resp.results) == 10
        project.close()
    return {
        "n": n,
        "build_project_s": round(make_s, 1),
        "p50_ms": round(_pct(times, 50), 2),
        "p95_ms": round(_pct(times, 95), 2),
        "laclip_off_p95_ms": round(_pct(laclip_off, 95), 2),
        "raw_encode_exact_p95_ms": round(_pct(raw, 95), 2),
        "full_path_p50_ms": round(_pct(full, 50), 2),
        "full_path_p95_ms": round(_pct(full, 95), 2),
        "warnings_full_path": resp_full.warnings,
    }


# -- 4. the LACLIP study on generated motifs -------------------------------------------------------
_TRAINED: dict[tuple[int, int], tuple[Any, float]] = {}


def _trained_encoder(seed: int, steps: int, threads: int):
    """A tiny cn_clip trained on single motifs (cached: the bilingual part reuses seed 0)."""
    import torch

    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.encoder import ClipEncoder
    from culti_desktop.core.ml.tiny import TINY_CONFIG
    from culti_desktop.testing import motif_training, motifs

    if (seed, steps) not in _TRAINED:
        torch.set_num_threads(threads)
        model = build_tiny_model(0)
        t = time.perf_counter()
        # the product's training loop; ``steps`` counts optimizer steps of 36-pair batches
        epochs = max(1, steps * 36 // (motif_training.PER_COMBO * len(motifs.COMBOS)))
        model.load_state_dict(motif_training.train_motif_model(seed=seed, epochs=epochs))
        _TRAINED[(seed, steps)] = (ClipEncoder(model, TINY_CONFIG, "tiny", "cpu"), time.perf_counter() - t)
    return _TRAINED[(seed, steps)]


def bench_laclip(steps: int = 800, seeds: tuple[int, ...] = (0, 1), threads: int = 2) -> dict[str, Any]:
    import torch

    from culti_desktop.core.search.crops import CropConfig
    from culti_desktop.core.search.laclip import LaclipConfig, encode_crops, laclip_scores
    from culti_desktop.testing import motifs

    torch.set_num_threads(threads)
    settings = {
        "global only": (LaclipConfig(alpha=0.0, fusion="raw"), "mixed"),
        "paper weights τ0.1, 50/50": (LaclipConfig("weighted", 0.5, 0.1, fusion="raw"), "mixed"),
        "paper weights τ0.1, 50/50, random crops only": (
            LaclipConfig("weighted", 0.5, 0.1, fusion="raw"),
            "random",
        ),
        "best crop, 50/50 raw (previous default)": (LaclipConfig("best", 0.5, fusion="raw"), "mixed"),
        "best crop alone": (LaclipConfig("best", 1.0, fusion="raw"), "mixed"),
        "adaptive (default; see bench_laclip)": (LaclipConfig(), "mixed"),
        "adaptive, random crops only": (LaclipConfig(), "random"),
    }
    crop_sets = {"mixed": CropConfig(), "random": CropConfig(grids=(), n_random=12)}
    table: dict[str, dict[str, list[float]]] = {k: {} for k in settings}
    train_s = []
    for seed in seeds:
        enc, secs = _trained_encoder(seed, steps, threads)
        train_s.append(secs)
        sets = {
            "singles": motifs.singles(36, size=128, seed=100 + seed),
            "2×2 composites": motifs.composites(18, 2, cell=64, seed=200 + seed),
            "3×3 composites": motifs.composites(18, 3, cell=48, seed=300 + seed),
        }
        for set_name, items in sets.items():
            ims = [it.image for it in items]
            g = enc.encode_images(ims)
            tv = enc.encode_texts([it.caption_zh for it in items])
            crop_vecs = {name: encode_crops(enc, ims, cc) for name, cc in crop_sets.items()}
            for name, (cfg, crops) in settings.items():
                fused, _, _ = laclip_scores(tv, g, crop_vecs[crops], cfg)
                table[name].setdefault(set_name, []).append(motifs.recall_at(fused, 1))
    mean = {k: {s: round(float(np.mean(v)), 1) for s, v in d.items()} for k, d in table.items()}
    return {
        "steps": steps,
        "seeds": list(seeds),
        "train_s_per_seed": round(float(np.mean(train_s)), 1),
        "t2i_r1": mean,
        "per_seed": table,
    }


# -- 5. English vs Chinese queries on the same bilingual items -----------------------------------
def bench_bilingual(steps: int = 800, seed: int = 0, threads: int = 2) -> dict[str, Any]:

    from culti_desktop.core.search.bilingual import EnglishProjection, english_query_vector
    from culti_desktop.testing import motifs

    enc, _ = _trained_encoder(seed, steps, threads)
    items = motifs.singles(36, size=128, seed=500)
    g = enc.encode_images([it.image for it in items])
    zh = enc.encode_texts([it.caption_zh for it in items])
    # Projection fitted on the captions of half the combinations, evaluated on all (and on the held-out half).
    fit_idx = list(range(0, 36, 2))
    proj = EnglishProjection.fit(
        enc.encode_texts([items[i].caption_en for i in fit_idx]),
        enc.encode_texts([items[i].caption_zh for i in fit_idx]),
    )
    raw_en = enc.encode_texts([it.caption_en for it in items])
    gloss = np.stack([english_query_vector(enc, it.caption_en)[0].reshape(-1) for it in items])
    projected = proj.apply(raw_en)
    held = list(range(1, 36, 2))

    def r(vecs, k, rows=None):
        s = vecs @ g.T
        if rows is not None:
            s = s[rows][:, rows]
        return round(motifs.recall_at(s, k), 1)

    return {
        "items": 36,
        "zh_r1": r(zh, 1),
        "zh_r10": r(zh, 10),
        "en_glossary_r1": r(gloss, 1),
        "en_glossary_r10": r(gloss, 10),
        "en_raw_model_r1": r(raw_en, 1),
        "en_raw_model_r10": r(raw_en, 10),
        "en_projection_heldout_r1": r(projected, 1, held),
        "en_projection_heldout_r10": r(projected, 10, held),
        "zh_heldout_r1": r(zh, 1, held),
        "zh_heldout_r10": r(zh, 10, held),
    }


def _rows(res: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for a in res.get("ann", []):
        d, tag = (
            a.get("difficulty", {}),
            f"{a['data']} data, {a['n']:,}×{a['dim']}, M {a['m']}, efc {a['ef_construction']}",
        )
        rows += [
            {
                "metric": f"ANN query p95, {tag}, ef {a['ef']}",
                "value": a["ann_p95_ms"],
                "unit": "ms",
                "raw": a["exact_p95_ms"],
                "ratio": round(a["ann_p95_ms"] / a["exact_p95_ms"], 4),
                "target": "< 2 ms",
                "ok": a["ann_p95_ms"] < 2,
            },
            {
                "metric": f"ANN recall@10 vs exact, {a['data']} data",
                "value": a["recall_at_10"],
                "target": "≥ 0.98",
                "ok": a["recall_at_10"] >= 0.98,
            },
            {
                "metric": "wrapper vs raw hnswlib p95",
                "value": a["ann_p95_ms"],
                "unit": "ms",
                "raw": a["raw_hnswlib_p95_ms"],
                "ratio": round(a["ann_p95_ms"] / max(a["raw_hnswlib_p95_ms"], 1e-6), 2),
            },
            *[
                {
                    "metric": f"  ef={e}: p50 / p95 ms, recall@10",
                    "value": f"{v['p50_ms']} / {v['p95_ms']}",
                    "unit": "ms",
                    "raw": v["recall_at_10"],
                    "ok": v["recall_at_10"] >= 0.98,
                }
                for e, v in a["ef_sweep"].items()
            ],
            {
                "metric": f"data difficulty ({a['data']}): relative contrast / RC@10 / query LID@20 / TwoNN dim",
                "value": f"{d.get('relative_contrast')} / {d.get('relative_contrast_at_10')} / {d.get('query_lid_at_20')}"
                f" / {d.get('twonn_intrinsic_dim')}",
            },
            {"metric": "index memory per item (RSS)", "value": a["bytes_per_item_rss"], "unit": "B"},
            {
                "metric": f"index build ({a['build_threads']} threads, hnswlib {a['hnswlib_simd']})",
                "value": a["build_s"],
                "unit": "s",
            },
        ]
    if "rerank" in res:
        r = res["rerank"]
        rows.append(
            {
                "metric": f"LACLIP re-rank top {r['top']} ({r['crops_per_item']} crops, 512-d)",
                "value": r["p95_ms"],
                "unit": "ms p95",
                "raw": r["raw_global_p95_ms"],
                "target": "< 20 ms",
                "ok": r["p95_ms"] < 20,
            }
        )
        rows.append(
            {"metric": "crop vectors per item (float16)", "value": r["crop_bytes_per_item"], "unit": "B"}
        )
    if "e2e" in res:
        e = res["e2e"]
        rows.append(
            {
                "metric": f"text query end to end, tiny, {e['n']:,} items",
                "value": e["p95_ms"],
                "unit": "ms p95",
                "raw": e["raw_encode_exact_p95_ms"],
                "ratio": round(e["p95_ms"] / e["raw_encode_exact_p95_ms"], 2),
                "target": "< 50 ms",
                "ok": e["p95_ms"] < 50,
            }
        )
        rows.append(
            {
                "metric": "  same, full path (current model, index cache, staleness check)",
                "value": e["full_path_p95_ms"],
                "unit": "ms p95",
                "target": "< 50 ms",
                "ok": e["full_path_p95_ms"] < 50,
            }
        )
    if "laclip" in res:
        for name, d in res["laclip"]["t2i_r1"].items():
            rows.append(
                {
                    "metric": f"T2I R@1 {name}",
                    "value": " / ".join(f"{v}" for v in d.values()),
                    "unit": "singles / 2×2 / 3×3",
                }
            )
    if "bilingual" in res:
        b = res["bilingual"]
        rows.append(
            {
                "metric": "R@10 English (glossary) vs Chinese",
                "value": b["en_glossary_r10"],
                "raw": b["zh_r10"],
            }
        )
        rows.append(
            {
                "metric": "R@10 English (projection, held out) vs Chinese",
                "value": b["en_projection_heldout_r10"],
                "raw": b["zh_heldout_r10"],
            }
        )
        rows.append(
            {
                "metric": "R@10 English (model as is) vs Chinese",
                "value": b["en_raw_model_r10"],
                "raw": b["zh_r10"],
            }
        )
    return rows


def run(
    quick: bool = False,
    n: int | None = None,
    parts: list[str] | None = None,
    data: list[str] | None = None,
    m: int | None = None,
    ef_construction: int | None = None,
    ef: int | None = None,
) -> dict[str, Any]:
    parts = parts or ["ann", "rerank", "e2e", "laclip", "bilingual"]
    res: dict[str, Any] = {}
    if "ann" in parts:
        res["ann"] = [
            bench_ann(
                n or (20_000 if quick else 1_000_000),
                queries=100 if quick else 200,
                kind=kind,
                m=m,
                ef_construction=ef_construction,
                ef=ef,
                ef_sweep=(100, 200) if quick else (50, 100, 200, 400, 600, 800),
            )
            for kind in (data or list(DATA_KINDS))
        ]
    if "rerank" in parts:
        res["rerank"] = bench_rerank(20_000 if quick else 100_000)
    if "e2e" in parts:
        res["e2e"] = bench_e2e(20_000 if quick else 100_000, queries=20 if quick else 50)
    if "laclip" in parts:
        res["laclip"] = bench_laclip(300 if quick else 800, (0,) if quick else (0, 1))
    if "bilingual" in parts:
        res["bilingual"] = bench_bilingual(300 if quick else 800)
    res["rows"] = _rows(res)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--n", type=int, help="ANN size (default 1M, quick 50k)")
    ap.add_argument("--parts", default="", help="comma list of ann,rerank,e2e,laclip,bilingual")
    ap.add_argument(
        "--data", default="", help=f"ANN data sets, comma list of {','.join(DATA_KINDS)} (default both)"
    )
    ap.add_argument("--m", type=int, help="ANN graph degree M (default: VectorIndex's)")
    ap.add_argument("--efc", type=int, help="ANN ef_construction (default: VectorIndex's)")
    ap.add_argument("--ef", type=int, help="ANN ef_search for the headline row (default: VectorIndex's)")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    res = run(
        args.quick,
        args.n,
        [p for p in args.parts.split(",") if p] or None,
        [d for d in args.data.split(",") if d] or None,
        args.m,
        args.efc,
        args.ef,
    )
    res["machine"] = machine()
    text = json.dumps(res, ensure_ascii=False, indent=2, default=str)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text, "utf-8")
    print(
        markdown_table(
            [
                [r.get(k, "") for k in ("metric", "value", "unit", "raw", "ratio", "target", "ok")]
                for r in res["rows"]
            ],
            ["metric", "value", "unit", "raw", "ratio", "target", "ok"],
        )
    )


if __name__ == "__main__":
    main()
