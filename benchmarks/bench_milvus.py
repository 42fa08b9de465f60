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
import gc
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


def _proc_mib(pid: int | None, key: str) -> float | None:
    """VmRSS/VmHWM of a local server process (None when not given or gone)."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _wait_indexed(client, name: str, n: int, timeout_s: float = 7200) -> None:
    """A server builds indexes asynchronously: wait until every row is indexed."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        info = client.describe_index(name, "vec")
        pending = int(info.get("pending_index_rows", 0) or 0)
        if pending == 0 and int(info.get("indexed_rows", n)) >= n:
            return
        time.sleep(2)
    raise TimeoutError(f"{name}: index not built after {timeout_s} s")


def _measure(idx, client, name, q, truth, nq_recall, sweep) -> dict[str, Any]:
    t, labs = _timed(lambda v: idx.search(v, 10)[0], q)
    sp = idx.search_params(None, 10)
    raw_t, _ = _timed(
        lambda v: client.search(name, data=[v], limit=10, output_fields=["id"], search_params=sp), q
    )
    out: dict[str, Any] = {
        "search_params": sp,
        "p50_ms": round(_pct(t, 50), 3),
        "p95_ms": round(_pct(t, 95), 3),
        "raw_pymilvus_p95_ms": round(_pct(raw_t, 95), 3),
        "recall_at_10": round(_recall(labs[:nq_recall], truth), 4),
        "sweep": {},
    }
    for e in sweep:
        t_e, l_e = _timed(lambda v, e=e: idx.search(v, 10, ef=e)[0], q[:nq_recall])
        out["sweep"][e] = {"p95_ms": round(_pct(t_e, 95), 3), "recall_at_10": round(_recall(l_e, truth), 4)}
    return out


def bench_milvus(
    data,
    q,
    truth,
    nq_recall,
    uri,
    index_types,
    m,
    efc,
    ef,
    sweep,
    server_pid=None,
    server_data=None,
    log=None,
) -> dict[str, Any]:
    """Insert once through ``MilvusVectorIndex.add``, then build and measure each index type in turn
    on the same collection (release, drop index, create index, load)."""
    from culti_desktop.core.search.milvus_index import MilvusTarget, MilvusVectorIndex, is_lite

    first = index_types[0]
    params = {"M": m, "efConstruction": efc} if first == "HNSW" else None
    target = MilvusTarget(uri, index_type=first, params=params)
    rss0, srv0 = _rss_mib(), _proc_mib(server_pid, "VmRSS")
    t0 = time.perf_counter()
    name = f"bench_{len(data)}_{first.lower()}"
    idx = MilvusVectorIndex(target, name, data.shape[1], "texts", ef_search=ef)
    idx.drop()
    idx.create()
    for s in range(0, len(data), 20_000):
        idx.add(np.arange(s, min(len(data), s + 20_000)), data[s : s + 20_000])
    insert_s = time.perf_counter() - t0
    client = idx._client
    client.flush(name)  # seals the last rows: every segment is searched through its index
    out: dict[str, Any] = {"insert_s": round(insert_s, 1), "server_rss_before_mib": srv0, "indexes": {}}
    for k, index_type in enumerate(index_types):
        t1 = time.perf_counter()
        if k:  # the next index on the same rows
            target.index_type, target.params = index_type, None
            client.release_collection(name)
            client.drop_index(name, "vec")
            ip = client.prepare_index_params()
            ip.add_index(
                field_name="vec", index_type=index_type, metric_type="IP", params=target.index_params()
            )
            client.create_index(name, ip)
        _wait_indexed(client, name, len(data))
        if k:
            client.load_collection(name)
        idx.search(q[0], 10)  # the first query loads whatever is still lazy
        build = time.perf_counter() - (t1 if k else t0)  # the first index: insert included, as hnswlib's add
        r = {
            "index": index_type,
            "index_params": target.index_params(),
            "build_s": round(build, 1),
            "server_rss_mib": _proc_mib(server_pid, "VmRSS"),
            "server_peak_rss_mib": _proc_mib(server_pid, "VmHWM"),
            "client_rss_held_mib": round(_rss_mib() - rss0, 1),
            "disk_bytes_per_item": (
                round(_dir_bytes(Path(uri if is_lite(uri) else server_data)) / len(data))
                if (is_lite(uri) or server_data)
                else None
            ),
        }
        r.update(_measure(idx, client, name, q, truth, nq_recall, sweep))
        out["indexes"][index_type] = r
        if log:
            log(index_type, r)
    idx.drop()
    return out


def run(
    n: int,
    dim: int = 512,
    queries: int = 200,
    uri: str | None = None,
    index_types: tuple[str, ...] = ("HNSW",),
    m: int = 32,
    efc: int = 200,
    ef: int = 100,
    sweep: tuple[int, ...] = (50, 200, 400),
    threads: int = 2,
    skip_hnswlib: bool = False,
    server_pid: int | None = None,
    server_data: str | None = None,
    partial: Path | None = None,
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

    def save(*_a) -> None:  # partial results after each part: a long run killed late keeps the rest
        res["uptime"] = _uptime()
        if partial:
            partial.write_text(json.dumps(res, ensure_ascii=False, indent=2, default=str), "utf-8")

    save()
    if not skip_hnswlib:
        res["hnswlib"] = bench_hnswlib(data, q, truth, nq_recall, m, efc, ef, sweep, threads)
        gc.collect()
        save()
    tmp = None
    if uri is None:
        tmp = Path(tempfile.mkdtemp(prefix="bench_milvus_"))
        uri = str(tmp / "milvus.db")
    res["milvus"] = {"deployment": "Milvus Lite (in process)" if tmp else uri}
    try:
        got = bench_milvus(
            data,
            q,
            truth,
            nq_recall,
            uri,
            index_types,
            m,
            efc,
            ef,
            sweep,
            server_pid,
            server_data,
            log=lambda k, r: (res["milvus"].setdefault("indexes", {}).__setitem__(k, r), save()),
        )
        res["milvus"].update(got)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    save()
    return res


def _uptime() -> str:
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return ""


def table(res: dict[str, Any]) -> str:
    rows = []
    h = res.get("hnswlib")
    if h:
        rows.append(
            [
                "hnswlib",
                res["n"],
                h["build_s"],
                h["p50_ms"],
                h["p95_ms"],
                h["recall_at_10"],
                h["rss_held_mib"],
            ]
        )
    mv = res.get("milvus") or {}
    for r in (mv.get("indexes") or {}).values():
        mem = r.get("server_rss_mib") if r.get("server_rss_mib") is not None else r.get("client_rss_held_mib")
        rows.append(
            [
                f"Milvus ({mv['deployment']}, {r['index']})",
                res["n"],
                r["build_s"],
                r["p50_ms"],
                r["p95_ms"],
                r["recall_at_10"],
                mem,
            ]
        )
    return markdown_table(rows, ["index", "n", "build s", "p50 ms", "p95 ms", "recall@10", "RSS MiB"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=512)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--uri", help="Milvus server URL or Lite .db path (default: Lite in a temp folder)")
    ap.add_argument(
        "--index",
        default="HNSW",
        help="Milvus index type(s), comma-separated (HNSW, IVF_FLAT, IVF_SQ8, IVF_PQ)",
    )
    ap.add_argument("--server-pid", type=int, help="a local server's pid: its RSS is reported")
    ap.add_argument("--server-data", help="a local server's data folder: its size is reported")
    ap.add_argument("--ef", type=int, default=100)
    ap.add_argument("--skip-hnswlib", action="store_true")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    res = run(
        args.n,
        args.dim,
        args.queries,
        args.uri,
        tuple(x.strip() for x in args.index.upper().split(",") if x.strip()),
        ef=args.ef,
        skip_hnswlib=args.skip_hnswlib,
        server_pid=args.server_pid,
        server_data=args.server_data,
        partial=Path(args.json_out) if args.json_out else None,
    )
    res["machine"] = machine()
    text = json.dumps(res, ensure_ascii=False, indent=2, default=str)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text, "utf-8")
    print(table(res))


if __name__ == "__main__":
    main()
