"""Vector data sets for the ANN benchmarks (embedding-like and isotropic), their difficulty,
and which hnswlib build runs: shared by bench_search, bench_ann_sweep and bench_milvus.
"""

from __future__ import annotations

import numpy as np


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
