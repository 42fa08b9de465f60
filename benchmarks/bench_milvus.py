"""Milvus backend vs hnswlib, side by side in one run, on the same embedding-like vectors:
p50/p95 latency of a top-10 query (one at a time, 1 thread) and recall@10 against exact search.

    .venv/bin/python -m benchmarks.bench_milvus [--n 100000] [--uri URI] [--index HNSW] [--json-out F]

Without ``--uri`` the Milvus side is Milvus Lite in a temporary folder (in this process: its
faiss HNSW per segment of ≤100k rows, behind its gRPC adapter); with ``--uri
http://host:19530`` (token in CULTI_MILVUS_TOKEN) the same code measures a server. hnswlib is
built first, measured and freed before Milvus is built, so the two never share the RAM peak.
Both get the same graph parameters (M 32, efConstruction 200, ef 100: ADR 0064) unless given.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import machine, markdown_table
from benchmarks.ann_data import _pct, _rss_mib, ann_data


def _recall(found: list[np.ndarray], truth: list[np.ndarray]) -> float:
    return float(
        np.mean([len(set(a.tolist()) & set(e.tolist())) / 10 for a, e in zip(found, truth, strict=False)])
    )


def _timed(fn, queries: np.ndarray) -> tuple[list[float], list[np.ndarray]]:
    times, labels = [], []
    for q in queries:
        t = time.perf_counter()
        lab = fn(q)
        times.append(time.perf_counter() - t)
        labels.append(np.asarray(lab).reshape(-1)[:10])
    return times, labels


def _dir_bytes(p: Path) -> int:
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def bench_hnswlib(data, q, truth, nq_recall, m, efc, ef, sweep, threads) -> dict[str, Any]:
    from culti_desktop.core.search.ann import VectorIndex

    rss0 = _rss_mib()
    t0 = time.perf_counter()
    idx = VectorIndex(data.shape[1], len(data), m=m, ef_construction=efc, ef_search=ef, threads=threads)
    for s in range(0, len(data), 100_000):
        idx.add(np.arange(s, min(len(data), s + 100_000)), data[s : s + 100_000])
    build = time.perf_counter() - t0
    held = _rss_mib() - rss0
    idx.threads = 1
    idx._hnsw.set_num_threads(1)
    t, labs = _timed(lambda v: idx.search(v, 10, exact=False)[0], q)
    raw_t, _ = _timed(lambda v: idx._hnsw.knn_query(v[None], k=10, num_threads=1)[0], q)
    out = {
        "build_s": round(build, 1),
        "p50_ms": round(_pct(t, 50), 3),
        "p95_ms": round(_pct(t, 95), 3),
        "raw_p95_ms": round(_pct(raw_t, 95), 3),
        "recall_at_10": round(_recall(labs[:nq_recall], truth), 4),
        "rss_held_mib": round(held, 1),
        "sweep": {},
    }
    for e in sweep:
        t_e, l_e = _timed(lambda v, e=e: idx.search(v, 10, exact=False, ef=e)[0], q[:nq_recall])
        out["sweep"][e] = {"p95_ms": round(_pct(t_e, 95), 3), "recall_at_10": round(_recall(l_e, truth), 4)}
    return out


def bench_milvus(data, q, truth, nq_recall, uri, index_type, m, efc, ef, sweep) -> dict[str, Any]:
    from culti_desktop.core.search.milvus_index import MilvusTarget, MilvusVectorIndex, is_lite

    params = {"M": m, "efConstruction": efc} if index_type == "HNSW" else None
    target = MilvusTarget(uri, index_type=index_type, params=params)
    rss0 = _rss_mib()
    t0 = time.perf_counter()
    name = f"bench_{len(data)}_{index_type.lower()}"
    idx = MilvusVectorIndex(target, name, data.shape[1], "texts", ef_search=ef)
    idx.drop()
    idx.create()
    for s in range(0, len(data), 20_000):
        idx.add(np.arange(s, min(len(data), s + 20_000)), data[s : s + 20_000])
    insert_s = time.perf_counter() - t0
    client = idx._client
    client.flush(name)  # seals the last rows: every segment is searched through its index
    for _ in range(600):  # a server builds indexes asynchronously: wait until all rows are indexed
        info = client.describe_index(name, "vec")
        if int(info.get("pending_index_rows", 0) or 0) == 0 and int(
            info.get("indexed_rows", len(data))
        ) >= len(data):
            break
        time.sleep(2)
    idx.search(q[0], 10)  # the first query loads whatever is still lazy
    build = time.perf_counter() - t0
    held = _rss_mib() - rss0
    t, labs = _timed(lambda v: idx.search(v, 10)[0], q)
    sp = idx.search_params(None, 10)
    raw_t, _ = _timed(
        lambda v: client.search(name, data=[v], limit=10, output_fields=["id"], search_params=sp), q
    )
    out = {
        "index": index_type,
        "index_params": target.index_params(),
        "search_params": sp,
        "insert_s": round(insert_s, 1),
        "build_s": round(build, 1),
        "p50_ms": round(_pct(t, 50), 3),
        "p95_ms": round(_pct(t, 95), 3),
        "raw_pymilvus_p95_ms": round(_pct(raw_t, 95), 3),
        "recall_at_10": round(_recall(labs[:nq_recall], truth), 4),
        "rss_held_mib": round(held, 1) if is_lite(uri) else None,
        "disk_bytes_per_item": round(_dir_bytes(Path(uri)) / len(data)) if is_lite(uri) else None,
        "sweep": {},
    }
    for e in sweep:
        t_e, l_e = _timed(lambda v, e=e: idx.search(v, 10, ef=e)[0], q[:nq_recall])
        out["sweep"][e] = {"p95_ms": round(_pct(t_e, 95), 3), "recall_at_10": round(_recall(l_e, truth), 4)}
    idx.drop()
    return out


def run(
    n: int,
    dim: int = 512,
    queries: int = 200,
    uri: str | None = None,
    index_type: str = "HNSW",
    m: int = 32,
    efc: int = 200,
    ef: int = 100,
    sweep: tuple[int, ...] = (50, 200, 400),
    threads: int = 2,
    skip_hnswlib: bool = False,
) -> dict[str, Any]:
    from culti_desktop.core.search.ann import exact_search

    data, q = ann_data("embedding", n, dim, queries)
    nq_recall = min(queries, 50 if n >= 500_000 else queries)
    t = time.perf_counter()
    truth = [exact_search(q[i], data, 10)[0][0] for i in range(nq_recall)]
    exact_ms = (time.perf_counter() - t) / nq_recall * 1000
    res: dict[str, Any] = {
        "n": n,
        "dim": dim,
        "data": "embedding-like (ann_data._embedding_like)",
        "queries": queries,
        "recall_queries": nq_recall,
        "exact_mean_ms": round(exact_ms, 2),
        "params": {"M": m, "efConstruction": efc, "ef": ef},
    }
    if not skip_hnswlib:
        res["hnswlib"] = bench_hnswlib(data, q, truth, nq_recall, m, efc, ef, sweep, threads)
    tmp = None
    if uri is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench_milvus_"))
        uri = str(tmp / "milvus.db")
    try:
        res["milvus"] = bench_milvus(data, q, truth, nq_recall, uri, index_type, m, efc, ef, sweep)
        res["milvus"]["deployment"] = "Milvus Lite (in process)" if tmp else uri
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return res


def table(res: dict[str, Any]) -> str:
    rows = []
    for name in ("hnswlib", "milvus"):
        r = res.get(name)
        if r:
            rows.append(
                [
                    name if name == "hnswlib" else f"Milvus ({r['deployment']}, {r['index']})",
                    res["n"],
                    r["build_s"],
                    r["p50_ms"],
                    r["p95_ms"],
                    r["recall_at_10"],
                    r.get("rss_held_mib"),
                ]
            )
    return markdown_table(rows, ["index", "n", "build s", "p50 ms", "p95 ms", "recall@10", "RSS held MiB"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--uri", help="Milvus server URL or Lite .db path (default: Lite in a temp folder)")
    ap.add_argument("--index", default="HNSW", help="Milvus index type (HNSW, IVF_FLAT, IVF_SQ8, IVF_PQ)")
    ap.add_argument("--ef", type=int, default=100)
    ap.add_argument("--skip-hnswlib", action="store_true")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    res = run(
        args.n,
        args.dim,
        args.queries,
        args.uri,
        args.index.upper(),
        ef=args.ef,
        skip_hnswlib=args.skip_hnswlib,
    )
    res["machine"] = machine()
    text = json.dumps(res, ensure_ascii=False, indent=2, default=str)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text, "utf-8")
    print(table(res))


if __name__ == "__main__":
    main()
