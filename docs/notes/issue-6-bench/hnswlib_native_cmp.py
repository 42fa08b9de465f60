"""Scratch: hnswlib native (AVX-512) vs the venv's portable build, same data, same graph.

Usage: build the native wheel into a separate target (HNSWLIB_NO_NATIVE= pip wheel hnswlib==0.8.0
--no-binary hnswlib --no-cache-dir -w /tmp/hnsw_native; pip install --target /tmp/hnsw_native_t ...),
then `python hnswlib_native_cmp.py native` and `python hnswlib_native_cmp.py venv` (with a portable
hnswlib in the venv). Writes /tmp/annwork/iso200k_m16.hnsw.
"""

import json
import sys
import time

lib = sys.argv[1]
if lib == "native":
    sys.path.insert(0, "/tmp/hnsw_native_t")
import hnswlib
import numpy as np

sys.path.insert(0, "/work/main")
from benchmarks.bench_search import ann_data

n, dim = 200_000, 512
data, q = ann_data("isotropic", n, dim, 200)
out = {"lib": lib, "file": hnswlib.__file__}
t = time.perf_counter()
ix = hnswlib.Index(space="ip", dim=dim)
ix.init_index(max_elements=n, M=16, ef_construction=200)
ix.add_items(data, np.arange(n), num_threads=2)
out["build_s_own"] = round(time.perf_counter() - t, 1)
if lib == "native":
    ix.save_index("/tmp/annwork/iso200k_m16.hnsw")


def timing(ix, tag):
    ix.set_num_threads(1)
    for ef in (100, 200, 400):
        ix.set_ef(ef)
        ts = []
        for rep in range(2):
            for i in range(len(q)):
                s = time.perf_counter()
                ix.knn_query(q[i : i + 1], k=10, num_threads=1)
                ts.append(time.perf_counter() - s)
        ts = np.array(ts[len(q) :]) * 1000  # second pass (warm)
        out[f"{tag}_ef{ef}"] = {
            "p50_ms": round(float(np.percentile(ts, 50)), 3),
            "p95_ms": round(float(np.percentile(ts, 95)), 3),
            "mean_ms": round(float(ts.mean()), 3),
        }


timing(ix, "own_graph")
del ix
ix = hnswlib.Index(space="ip", dim=dim)
ix.load_index("/tmp/annwork/iso200k_m16.hnsw", max_elements=n)
timing(ix, "native_graph")
print(json.dumps(out))
