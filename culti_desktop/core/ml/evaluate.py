"""Retrieval recall of a model on one split, as Chinese-CLIP and the CulTi paper report it.

Text→image R@K counts a text as a hit when any of its positive images is in the top K
(Chinese-CLIP's own evaluation); image→text likewise with an image's positive texts. MR is the
mean of the six recalls (CulTi). Recalls are percentages. LACLIP re-ranking is handed in by the
caller as a scorer callable (the CLI passes ``search.laclip.eval_scores``): ml sits below search
and never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PIL import Image

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.ml.data import SplitData, load_split
from culti_desktop.core.ml.encoder import ClipEncoder
from culti_desktop.core.storage.project import Project

KS = (1, 5, 10)
#: (encoder, images, text_vectors, image_vectors) -> scores of shape (n_texts, n_images)
LaclipScorer = Callable[[ClipEncoder, list[Image.Image], np.ndarray, np.ndarray], np.ndarray]


def best_positive_ranks(scores: np.ndarray, positives: Sequence[set[int]]) -> np.ndarray:
    """0-based rank of each row's best-scored positive (ties count in the row's favour); -1 if none."""
    ranks = np.full(scores.shape[0], -1, dtype=np.int64)
    for row, pos in enumerate(positives):
        if not pos:
            continue
        best = scores[row, sorted(pos)].max()
        ranks[row] = int((scores[row] > best).sum())
    return ranks


def recalls(ranks: np.ndarray, ks: Sequence[int] = KS) -> dict[str, float]:
    valid = ranks[ranks >= 0]
    if valid.size == 0:
        return {f"r{k}": 0.0 for k in ks}
    return {f"r{k}": round(float((valid < k).mean() * 100.0), 2) for k in ks}


def retrieval_metrics(scores: np.ndarray, text_positives: Sequence[set[int]]) -> dict:
    """``{"t2i": {r1,r5,r10}, "i2t": {...}, "mr"}`` from a (n_texts, n_images) score matrix."""
    image_positives: list[set[int]] = [set() for _ in range(scores.shape[1])]
    for t, pos in enumerate(text_positives):
        for i in pos:
            image_positives[i].add(t)
    t2i = recalls(best_positive_ranks(scores, text_positives))
    i2t = recalls(best_positive_ranks(scores.T, image_positives))
    mr = round(float(np.mean(list(t2i.values()) + list(i2t.values()))), 2)
    return {"t2i": t2i, "i2t": i2t, "mr": mr}


def evaluate_data(
    encoder: ClipEncoder,
    data: SplitData,
    laclip: LaclipScorer | None = None,
    job: Job | None = None,
    batch_size: int | None = None,
) -> dict:
    """Metrics of ``encoder`` on already loaded split data (the training loop reuses it per epoch)."""
    job = ensure_job(job)
    if data.n_images == 0 or data.n_texts == 0:
        raise CultiError(
            f"split '{data.split}' has no accepted pairs with an image and a caption: accept more pairs, "
            "import more documents, or split at random (culti split PROJECT --by random --replace)",
            code="eval.empty_split",
            params={"split": data.split},
        )
    images = data.full_images if data.full_images else data.images()
    job.start(len(images) + len(data.texts), f"evaluating on {data.split}")
    image_vecs = encoder.encode_images(images, batch_size=batch_size, job=job.child(len(images)))
    text_vecs = encoder.encode_texts(data.texts, job=job.child(len(data.texts)))
    job.advance(0)
    positives = data.text_positives()
    out: dict[str, Any] = {
        "split": data.split,
        "model": encoder.name,
        "model_version": encoder.model_version_id,
        "n_images": data.n_images,
        "n_texts": data.n_texts,
        "global": retrieval_metrics(text_vecs @ image_vecs.T, positives),
    }
    if laclip is not None:
        scores = np.asarray(laclip(encoder, images, text_vecs, image_vecs), dtype=np.float32)
        if scores.shape != (data.n_texts, data.n_images):
            raise CultiError(
                f"LACLIP scorer returned shape {scores.shape}, expected {(data.n_texts, data.n_images)}"
            )
        out["laclip"] = retrieval_metrics(scores, positives)
    if data.failed:
        out["skipped_figures"] = data.failed
    return out


def evaluate(
    project: Project,
    encoder: ClipEncoder,
    split: str = "test",
    laclip: LaclipScorer | None = None,
    job: Job | None = None,
    record: bool = True,
) -> dict:
    """Evaluate on ``split`` and, with ``record``, keep the figures on the model version."""
    job = ensure_job(job)
    job.start(4, f"evaluating on {split}")
    data = load_split(project, split, encoder.image_size, job=job.child(1), keep_full=laclip is not None)
    result = evaluate_data(encoder, data, laclip=laclip, job=job.child(3))
    job.advance(0)
    if record and encoder.model_version_id is not None:
        from culti_desktop.core.ml.registry import record_metrics

        stored = {k: v for k, v in result.items() if k in ("n_images", "n_texts", "global", "laclip")}
        stored["at"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        record_metrics(project, encoder.model_version_id, f"eval:{split}", stored)
    return result
