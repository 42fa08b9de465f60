"""LACLIP: training-free local alignment, scored from crop vectors computed once at index time.

Two local scores, each fused with the global cosine ``g``:

* ``weighted`` (the paper): ``w_j = softmax_j(u_I·u_j / tau)``, ``local = Σ_j w_j (u_j·u_T)``;
* ``best``: ``local = max_j (u_j·u_T)``;

``score = (1 - alpha)·g + alpha·local``. Defaults (``best``, ``alpha`` 0.5) are the setting that
helped every case in the feasibility study and in our benchmark: weighting averages a small
matching cell away on busy images, and the best crop alone hurts single-motif images.
See docs/adr/0061-laclip-defaults.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from PIL import Image

from culti_desktop.core.search.crops import CropConfig, crop_boxes, crop_images

VARIANTS = ("best", "weighted")


@dataclass(frozen=True)
class LaclipConfig:
    variant: str = "best"
    alpha: float = 0.5  # weight of the local score in the fusion (0 = global only, 1 = local only)
    tau: float = 0.1  # softmax temperature of the paper-style weights
    rerank_top: int = 100
    crops: CropConfig = field(default_factory=CropConfig)

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"LACLIP variant must be one of {VARIANTS}, not {self.variant!r}")

    def as_dict(self) -> dict:
        d = asdict(self)
        d["crops"] = self.crops.as_dict()
        return d


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
    a = agree / tau
    a = a - a.max(axis=1, keepdims=True)
    w = np.exp(a)
    w /= w.sum(axis=1, keepdims=True)
    return (sims * w).sum(axis=1)


def fuse(global_scores: np.ndarray, local: np.ndarray, alpha: float) -> np.ndarray:
    return (1.0 - alpha) * global_scores + alpha * local


def laclip_scores(
    query_vecs: np.ndarray,
    global_vecs: np.ndarray,
    crop_vecs: np.ndarray,
    config: LaclipConfig = LaclipConfig(),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fused, global, local), each (Q, N)."""
    q = np.atleast_2d(query_vecs).astype(np.float32)
    g = global_scores(q, global_vecs) if len(q) <= 8 else q @ np.asarray(global_vecs, np.float32).T
    loc = local_scores(q, crop_vecs, global_vecs, config.variant, config.tau)
    return fuse(g, loc, config.alpha), g, loc


def encode_crops(
    encoder, images: Sequence[Image.Image], crops: CropConfig = CropConfig(), batch: int = 64, job=None
) -> np.ndarray:
    """(N, K, D) float32 vectors of each image's crops (one encoder pass per crop)."""
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
