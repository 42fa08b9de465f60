"""HNSW graph-parameter sweep: recall@10 vs exact and single-query latency, per data set.

    .venv/bin/python -m benchmarks.bench_ann_sweep [--n 200000] [--data embedding,isotropic]
        [--configs 16:200,32:200,48:200,32:400,48:400] [--ef 100,200,400,800] [--json-out FILE]

For each data set (``ann_data.ann_data``: "embedding" = the embedding-like generator,
"isotropic" = the worst case) and each ``M:ef_construction``, builds a ``VectorIndex`` (2 threads),
then times 200 single queries on 1 thread at each ``ef`` and scores them against exact numpy top 10.
Reports build time and bytes per item (hnswlib's own level-0 + upper links + vectors, plus our copy
of the vectors). The JSON is rewritten after every configuration, so a stopped run keeps what it has.
Not part of ``run_all``: a full sweep at 200k takes an hour or more on 2 cores.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import machine
from benchmarks.ann_data import DATA_KINDS, _pct, ann_data, difficulty, hnswlib_build


def _exact_top10(data: np.ndarray, q: np.ndarray) -> np.ndarray:
    out = np.empty((len(q), 10), np.int64)
    for s in range(0, len(q), 50):
        sims = q[s : s + 50] @ data.T
        top = np.argpartition(-sims, 9, axis=1)[:, :10]
        out[s : s + 50] = top
    return out


def sweep(
    n: int,
    kinds: list[str],
    configs: list[tuple[int, int]],
    efs: list[int],
    queries: int = 200,
    json_out: str | None = None,
) -> dict[str, Any]:
    from culti_desktop.core.search.ann import VectorIndex

    res: dict[str, Any] = {
        "n": n,
        "queries": queries,
        "hnswlib_simd": hnswlib_build(),
        "runs": [],
        "machine": machine(),
    }
    for kind in kinds:
        data, q = ann_data(kind, n, 512, queries)
        truth = _exact_top10(data, q)
        diff = difficulty(data, q)
        for m, efc in configs:
            t0 = time.perf_counter()
            idx = VectorIndex(512, n, m=m, ef_construction=efc, ef_search=100, threads=2)
            for s in range(0, n, 100_000):
                idx.add(np.arange(s, min(n, s + 100_000)), data[s : s + 100_000])
            build_s = time.perf_counter() - t0
            idx.threads = 1
            idx._hnsw.set_num_threads(1)
            per_ef = {}
            for ef in efs:
                idx.ef_search = ef
                ts, hits = [], []
                for i in range(queries):
                    t = time.perf_counter()
                    lab, _ = idx.search(q[i], 10, exact=False)
                    ts.append(time.perf_counter() - t)
                    hits.append(len(set(lab[0].tolist()) & set(truth[i].tolist())) / 10)
                per_ef[ef] = {
                    "p50_ms": round(_pct(ts, 50), 3),
                    "p95_ms": round(_pct(ts, 95), 3),
                    "recall_at_10": round(float(np.mean(hits)), 4),
                }
            run = {
                "data": kind,
                "m": m,
                "ef_construction": efc,
                "build_s": round(build_s, 1),
                "bytes_per_item": round(idx.memory_bytes() / n),
                "difficulty": diff,
                "ef": per_ef,
            }
            res["runs"].append(run)
            print(json.dumps(run), flush=True)
            if json_out:
                Path(json_out).write_text(json.dumps(res, indent=1, default=str), "utf-8")
            del idx
            gc.collect()
        del data
        gc.collect()
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--data", default=",".join(DATA_KINDS))
    ap.add_argument("--configs", default="16:200,32:200,48:200,32:400,48:400", help="M:ef_construction,…")
    ap.add_argument("--ef", default="100,200,400,800")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    configs = [tuple(int(x) for x in c.split(":")) for c in args.configs.split(",") if c]
    sweep(
        args.n,
        [d for d in args.data.split(",") if d],
        configs,  # type: ignore[arg-type]
        [int(e) for e in args.ef.split(",")],
        json_out=args.json_out,
    )


if __name__ == "__main__":
    main()
