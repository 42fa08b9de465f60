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
from benchmarks.ann_data import DATA_KINDS, _clustered, _pct, _rss_mib, ann_data, difficulty, hnswlib_build
from benchmarks.search_project import bulk_project
from benchmarks.search_rows import rows as report_rows


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
    from culti_desktop.core.search.crop_store import candidate_similarities, half_to_float
    from culti_desktop.core.search.crops import crop_boxes
    from culti_desktop.core.search.index_store import CropStore
    from culti_desktop.core.search.laclip import LaclipConfig, rerank_scores

    k = len(crop_boxes())
    rng = np.random.default_rng(2)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        g = _clustered(n, dim, 3)
        store = CropStore.empty(k, dim)
        store.bind(folder)
        for s in range(0, n, 5000):
            m = min(5000, n - s)
            v = g[s : s + m, None, :] + 0.5 * rng.normal(size=(m, k, dim)).astype(np.float32) / np.sqrt(dim)
            # agreements stored at index time, as update_index does
            store.append(
                np.arange(s, s + m), v / np.linalg.norm(v, axis=2, keepdims=True), global_vecs=g[s : s + m]
            )
        store.save(folder)
        store = CropStore.load(folder)  # memory-mapped, as at query time
        qv = _clustered(queries, dim, 4)
        cfg = LaclipConfig()
        raw: list[float] = []

        def rows_loop(cand, q) -> tuple[np.ndarray, np.ndarray | None]:
            """Session 3's path, for the side-by-side: one float16 row at a time, stored agreements."""
            sims = np.empty((len(cand), k), np.float32)
            for j, lab in enumerate(cand):
                sims[j] = half_to_float(store._row(lab)) @ q
            return sims, store.stored_agreements(cand)

        def rerank(cand, q, path: str) -> float:
            t = time.perf_counter()
            gs = g[cand] @ q
            # what the engine does: the adaptive default needs the crop–image agreements; stored
            # (this index) or recomputed from the global vectors (an index built before they were)
            if path == "stored":
                sims, agree = candidate_similarities(store, cand, q, lambda labels: g[labels])
            elif path == "recomputed":
                sims, agree = store.similarities(cand, q, g[cand])
            else:
                sims, agree = rows_loop(cand, q)
            np.argsort(-rerank_scores(gs, sims, agree, cfg)[0])
            return time.perf_counter() - t

        paths = ("stored", "recomputed", "rows")
        timed: dict[str, list[float]] = {p: [] for p in paths}
        for i in range(queries):
            cand = rng.choice(n, top, replace=False)
            for j in range(len(paths)):  # rotate the order: no path always runs on a warm cache
                p = paths[(i + j) % len(paths)]
                timed[p].append(rerank(cand, qv[i], p))
            t = time.perf_counter()
            np.argsort(-(g[cand] @ qv[i]))  # raw: global-only re-score of the same candidates
            raw.append(time.perf_counter() - t)
        times, before, loop = timed["stored"], timed["recomputed"], timed["rows"]
        disk = sum(
            f.stat().st_size
            for f in (folder / "crops").glob("chunk-*.npy")
            if ".labels" not in f.name and ".agree" not in f.name
        )
        agree_disk = sum(f.stat().st_size for f in (folder / "crops").glob("chunk-*.agree.npy"))
    return {
        "n": n,
        "crops_per_item": k,
        "top": top,
        "p50_ms": round(_pct(times, 50), 3),
        "p95_ms": round(_pct(times, 95), 3),
        "recomputed_p50_ms": round(_pct(before, 50), 3),
        "recomputed_p95_ms": round(_pct(before, 95), 3),
        "rows_loop_p50_ms": round(_pct(loop, 50), 3),
        "rows_loop_p95_ms": round(_pct(loop, 95), 3),
        "raw_global_p95_ms": round(_pct(raw, 95), 3),
        "crop_bytes_per_item": round(disk / n),
        "agreement_bytes_per_item": round(agree_disk / n),
    }


# -- 3. text query end to end, tiny model, N items ------------------------------------------------
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
        project = bulk_project(Path(tmp), n)
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
    res["rows"] = report_rows(res)
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
