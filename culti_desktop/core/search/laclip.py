"""LACLIP: training-free local alignment, scored from crop vectors computed once at index time.

Two local scores per image:

* ``weighted`` (the paper): ``w_j = softmax_j(u_I·u_j / tau)``, ``local = Σ_j w_j (u_j·u_T)``;
* ``best``: ``local = max_j (u_j·u_T)`` (the whole image is one of the crops);

and four ways to fuse the local score ``l`` with the global cosine ``g`` of each candidate:

* ``raw``: ``(1 - alpha)·g + alpha·l`` on the cosines as they are;
* ``zscore`` (calibrated): both standardised per query over the candidates, then mixed with
  ``alpha`` — global and best-crop cosines live on different scales per query, and a raw mix
  mostly follows whichever spreads wider;
* ``adaptive`` (default): standardised like ``zscore``, but each image's local weight is its own
  *busyness*, the disagreement of its crops with the whole image (``1 - mean_j u_I·u_j``): a
  single motif agrees with its crops and keeps its global score, a busy plate does not and leans
  on its best crop. No parameter;
* ``rank``: reciprocal-rank mix of the two orders (``alpha`` weights the local one);
* ``adaptive_rank``: like ``adaptive``, but both scores are standardised *ranks* (robust to one
  outlying crop score) and the weight is the *object-level* busyness (crops of ≥ 1/5 of the
  image; parts are noisy on single motifs too), sharpened by squaring its odds,
  ``w = b²/(b² + (1 − b)²)``: a calm image keeps nearly its global order, a busy one nearly its
  best crop's. No parameter.

See docs/adr/0065-laclip-calibrated-adaptive-fusion.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from PIL import Image

from culti_desktop.core.search.crops import CropConfig, crop_boxes, crop_images

VARIANTS = ("best", "weighted")
FUSIONS = ("adaptive", "zscore", "raw", "rank", "adaptive_rank")
RANK_K = 10  # rank fusion constant: candidate lists are short (the re-ranked top 100)


@dataclass(frozen=True)
class LaclipConfig:
    variant: str = "best"
    alpha: float = 0.5  # local weight for raw/zscore/rank fusion (0 = global only, 1 = local only)
    tau: float = 0.1  # softmax temperature of the paper-style weights
    rerank_top: int = 100
    crops: CropConfig = field(default_factory=CropConfig)
    fusion: str = "adaptive"

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"LACLIP variant must be one of {VARIANTS}, not {self.variant!r}")
        if self.fusion not in FUSIONS:
            raise ValueError(f"LACLIP fusion must be one of {FUSIONS}, not {self.fusion!r}")

    @property
    def needs_agreement(self) -> bool:
        """Whether scoring needs the crop–image agreements (the candidates' global vectors)."""
        return self.variant == "weighted" or self.fusion in ("adaptive", "adaptive_rank")

    def as_dict(self) -> dict:
        d = asdict(self)
        d["crops"] = self.crops.as_dict()
        return d


def standardise(x: np.ndarray) -> np.ndarray:
    """Per row (a query), over the candidates of the last axis: zero mean, unit spread."""
    x = np.asarray(x, np.float32)
    mu = x.mean(axis=-1, keepdims=True)
    sd = x.std(axis=-1, keepdims=True)
    return (x - mu) / np.maximum(sd, 1e-6)


def busyness(agree: np.ndarray) -> np.ndarray:
    """(..., K) crop–image cosines → (...) local weight in [0, 1]: how much the crops disagree
    with the whole image."""
    return np.clip(1.0 - np.asarray(agree, np.float32).mean(axis=-1), 0.0, 1.0)


def sharpened_busyness(agree: np.ndarray, crops: CropConfig | None = None) -> np.ndarray:
    """(..., K) agreements → (...) weight of ``adaptive_rank``: odds-squared busyness of the
    object-level crops (all non-whole crops if the crop set has no object level)."""
    from culti_desktop.core.search.levels import level_indices

    boxes = crop_boxes(crops or CropConfig())
    agree = np.asarray(agree, np.float32)
    idx = level_indices(boxes, "object") or [j for j, b in enumerate(boxes) if b != (0.0, 0.0, 1.0, 1.0)]
    if agree.shape[-1] != len(boxes) or not idx:  # agreements of another crop set: use them all
        idx = list(range(agree.shape[-1]))
    b = busyness(agree[..., idx])
    b2, c2 = b * b, (1.0 - b) * (1.0 - b)
    return b2 / np.maximum(b2 + c2, 1e-12)


def rank_standardise(x: np.ndarray) -> np.ndarray:
    """Per row, over the candidates: ranks (0 = best) mapped to zero mean, unit spread, higher better."""
    r = _ranks(np.asarray(x, np.float32)).astype(np.float32)
    return -standardise(r)


def _ranks(x: np.ndarray) -> np.ndarray:
    """0-based rank of each candidate along the last axis (0 = highest score)."""
    return np.argsort(np.argsort(-x, axis=-1, kind="stable"), axis=-1, kind="stable")


def fuse_scores(
    g: np.ndarray, local: np.ndarray, weight: np.ndarray | float | None, fusion: str, alpha: float
) -> np.ndarray:
    """Fused scores of the candidates (last axis). ``weight``: per-candidate local weight for the
    adaptive fusion (broadcast against ``g``)."""
    g = np.asarray(g, np.float32)
    local = np.asarray(local, np.float32)
    if fusion == "raw":
        return (1.0 - alpha) * g + alpha * local
    if fusion == "rank":
        return (1.0 - alpha) / (RANK_K + 1 + _ranks(g)) + alpha / (RANK_K + 1 + _ranks(local))
    if fusion == "adaptive_rank":
        zg, zl = rank_standardise(g), rank_standardise(local)
    else:
        zg, zl = standardise(g), standardise(local)
    if fusion == "zscore" or weight is None:
        return (1.0 - alpha) * zg + alpha * zl
    w = np.asarray(weight, np.float32)
    return (1.0 - w) * zg + w * zl


def crop_weights(global_vecs: np.ndarray, crop_vecs: np.ndarray, tau: float) -> np.ndarray:
    """(N, K) softmax over each image's crops of their agreement with the whole image."""
    g = np.asarray(global_vecs, np.float32)
    c = np.asarray(crop_vecs, np.float32)
    agree = np.matmul(c, g[:, :, None])[:, :, 0] / tau  # (N, K); matmul, not einsum: BLAS-backed
    agree -= agree.max(axis=1, keepdims=True)
    w = np.exp(agree)
    return w / w.sum(axis=1, keepdims=True)


def crop_similarities(query_vecs: np.ndarray, crop_vecs: np.ndarray) -> np.ndarray:
    """(Q, N, K) cosine of every query with every crop of every image."""
    q = np.atleast_2d(np.asarray(query_vecs, np.float32))
    c = np.asarray(crop_vecs, np.float32)
    n, k, d = c.shape
    return np.stack([_matvec(c.reshape(n * k, d), qi).reshape(n, k) for qi in q])


def _matvec(m: np.ndarray, v: np.ndarray) -> np.ndarray:
    """``m @ v`` for one vector: BLAS gemv. A (N, D) @ (D, 1) product goes through threaded gemm,
    measured 100× slower on a busy 2-core machine."""
    return m @ np.ascontiguousarray(v)


def global_scores(query_vecs: np.ndarray, global_vecs: np.ndarray) -> np.ndarray:
    """(Q, N) cosines, one gemv per query (queries are few, images many)."""
    g = np.asarray(global_vecs, np.float32)
    return np.stack([_matvec(g, qi) for qi in np.atleast_2d(np.asarray(query_vecs, np.float32))])


def local_scores(
    query_vecs: np.ndarray,
    crop_vecs: np.ndarray,
    global_vecs: np.ndarray | None = None,
    variant: str = "best",
    tau: float = 0.1,
) -> np.ndarray:
    """(Q, N) local score of each image for each query."""
    sims = crop_similarities(query_vecs, crop_vecs)
    if variant == "best":
        return sims.max(axis=2)
    if global_vecs is None:
        raise ValueError("the weighted variant needs the images' global vectors")
    w = crop_weights(global_vecs, crop_vecs, tau)
    return (sims * w[None]).sum(axis=2)


def local_from_similarities(
    sims: np.ndarray, agree: np.ndarray | None, variant: str, tau: float
) -> np.ndarray:
    """(n,) local scores from precomputed (n, K) crop–query and crop–image similarities."""
    if variant == "best":
        return sims.max(axis=1)
    if agree is None:
        raise ValueError(f"the {variant!r} variant needs the crop–image agreements")
    a = agree / tau
    a = a - a.max(axis=1, keepdims=True)
    w = np.exp(a)
    w /= w.sum(axis=1, keepdims=True)
    return (sims * w).sum(axis=1)


def fuse(global_scores: np.ndarray, local: np.ndarray, alpha: float) -> np.ndarray:
    return (1.0 - alpha) * global_scores + alpha * local


def agreements(global_vecs: np.ndarray, crop_vecs: np.ndarray) -> np.ndarray:
    """(N, K) cosine of each crop with its own whole image."""
    g = np.asarray(global_vecs, np.float32)
    return np.matmul(np.asarray(crop_vecs, np.float32), g[:, :, None])[:, :, 0]


def laclip_scores(
    query_vecs: np.ndarray,
    global_vecs: np.ndarray,
    crop_vecs: np.ndarray,
    config: LaclipConfig = LaclipConfig(),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fused, global, local), each (Q, N); fusion is per query over the N images."""
    q = np.atleast_2d(query_vecs).astype(np.float32)
    g = global_scores(q, global_vecs) if len(q) <= 8 else q @ np.asarray(global_vecs, np.float32).T
    loc = local_scores(q, crop_vecs, global_vecs, config.variant, config.tau)
    weight = _weight(agreements(global_vecs, crop_vecs), config)
    weight = None if weight is None else weight[None]
    return fuse_scores(g, loc, weight, config.fusion, config.alpha), g, loc


def _weight(agree: np.ndarray, config: LaclipConfig) -> np.ndarray | None:
    """Per-image local weight of the adaptive fusions (None for the others)."""
    if config.fusion == "adaptive":
        return busyness(agree)
    if config.fusion == "adaptive_rank":
        return sharpened_busyness(agree, config.crops)
    return None


def rerank_scores(
    g: np.ndarray, sims: np.ndarray, agree: np.ndarray | None, config: LaclipConfig
) -> tuple[np.ndarray, np.ndarray]:
    """(fused, local) of n candidates for one query from their global cosines (n,), crop–query
    (n, K) and crop–image (n, K) similarities — the search engine's re-rank."""
    loc = local_from_similarities(sims, agree, config.variant, config.tau)
    weight = None if agree is None else _weight(agree, config)
    return fuse_scores(g[None], loc[None], weight, config.fusion, config.alpha)[0], loc


def encode_crops(
    encoder, images: Sequence[Image.Image], crops: CropConfig | None = None, batch: int = 64, job=None
) -> np.ndarray:
    """(N, K, D) float32 vectors of each image's crops (one encoder pass per crop)."""
    crops = crops or CropConfig()
    boxes = crop_boxes(crops)
    k = len(boxes)
    out = np.zeros((len(images), k, encoder.embed_dim), np.float32)
    per_batch = max(1, batch // k)
    for start in range(0, len(images), per_batch):
        chunk = images[start : start + per_batch]
        pieces = [c for im in chunk for c in crop_images(im.convert("RGB"), boxes)]
        vecs = np.asarray(encoder.encode_images(pieces), np.float32)
        out[start : start + len(chunk)] = vecs.reshape(len(chunk), k, -1)
        if job is not None:
            job.advance(len(chunk))
    return out


def eval_scores(
    encoder,
    images: list[Image.Image],
    text_vectors: np.ndarray,
    image_vectors: np.ndarray,
    config: LaclipConfig | None = None,
) -> np.ndarray:
    """(n_texts, n_images) LACLIP similarity for ``culti eval --laclip``: every image re-scored.

    ``image_vectors`` are the global vectors the caller already computed (same encoder).
    """
    cfg = config or LaclipConfig()
    crops = encode_crops(encoder, images, cfg.crops)
    fused, _, _ = laclip_scores(
        np.asarray(text_vectors, np.float32), np.asarray(image_vectors, np.float32), crops, cfg
    )
    return fused
