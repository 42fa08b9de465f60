"""The development motif sets the LACLIP defaults were chosen on, and their scoring.

Seeds 1000+ here; the test (``tests/search/test_search_motifs.py``) uses seeds below 100 and a
model trained with seed 0, the benchmark's model uses seed 1. Each group of composites is its own
retrieval problem (its captions are unambiguous inside it); recalls are averaged over groups,
weighted by their queries. Ground truth is multi-positive (``motifs.query_positives``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from culti_desktop.core.ml.evaluate import retrieval_metrics
from culti_desktop.testing import motifs

KINDS = ("singles", "2×2", "3×3")


def dev_groups(seed: int = 1000) -> dict[str, list[list[motifs.MotifItem]]]:
    """Groups of items per kind: aligned, jittered, and jittered inside a larger picture."""
    out: dict[str, list[list[motifs.MotifItem]]] = {
        "singles": [
            motifs.singles(36, size=128, seed=seed),
            motifs.singles(36, size=128, seed=seed + 1, scales=(0.15, 0.45)),
        ]
    }
    for grid, cell, base in ((2, 64, 10), (3, 48, 20)):
        s = seed + base
        out[f"{grid}×{grid}"] = [
            motifs.composites(18, grid, cell, seed=s),
            motifs.composites(18, grid, cell, seed=s + 1, jitter=0.3, share=0.3),
            motifs.composites(18, grid, cell, seed=s + 2, jitter=0.3, picture=(0.6, 0.9), share=0.3),
            motifs.composites(18, grid, cell, seed=s + 3, jitter=0.3, picture=(0.5, 0.8), share=0.3),
        ]
    return out


def encode_group(encoder, items: list[motifs.MotifItem], crops, route: str = "crops") -> dict[str, Any]:
    """Global, query and region vectors of one group; ``route``: ``crops`` (every crop encoded)
    or a single-pass route of ``core.search.regions``."""
    from culti_desktop.core.search.crops import crop_boxes
    from culti_desktop.core.search.laclip import encode_crops
    from culti_desktop.core.search.regions import encode_regions

    queries, positives = motifs.query_positives(items)
    ims = [it.image for it in items]
    if route == "crops":
        g, regions = encoder.encode_images(ims), encode_crops(encoder, ims, crops)
    else:
        g, regions = encode_regions(encoder, ims, crop_boxes(crops), route)
    return {
        "g": g,
        "t": encoder.encode_texts([q.caption_zh for q in queries]),
        "crops": regions,
        "positives": positives,
    }


def group_metrics(scores: np.ndarray, positives: list[set[int]]) -> dict[str, Any]:
    m = retrieval_metrics(scores, positives)
    return {**{f"t2i_{k}": v for k, v in m["t2i"].items()}, "mr": m["mr"], "n": len(positives)}


def pooled(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Query-weighted mean over groups."""
    n = np.array([r["n"] for r in rows], np.float64)
    keys = [k for k in rows[0] if k != "n"]
    out = {k: round(float(np.dot([r[k] for r in rows], n) / n.sum()), 1) for k in keys}
    out["queries"] = int(n.sum())
    return out
