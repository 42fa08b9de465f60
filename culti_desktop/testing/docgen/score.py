"""Pair scoring in the development set's terms, for generated documents and tests.

Same rules as the shared scorer: per page, greedy one-to-one matching of figure boxes by IoU
(best first) at a threshold; a matched figure's pair is correct when its caption's similarity
(difflib ratio after NFKC, whitespace removal, lower-casing and Traditional→Simplified folding)
is at least 0.8; an empty ground-truth caption is matched only by an empty one.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def norm_text(s: str) -> str:
    s = "".join(unicodedata.normalize("NFKC", s or "").split()).lower()
    return _t2s().convert(s)


def similarity(a: str, b: str) -> float:
    a, b = norm_text(a), norm_text(b)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    u = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / u if u > 0 else 0.0


def match(gt: list[dict], pred: list[dict], thr: float = 0.5, sim: float = 0.8) -> dict:
    """Counts (n_gt, n_pred, fig_tp, pair_tp) and the matched and missed entries."""
    cands = sorted(
        (
            (-iou(g["figure_bbox"], p["figure_bbox"]), gi, pi)
            for gi, g in enumerate(gt)
            for pi, p in enumerate(pred)
            if g["page"] == p["page"] and iou(g["figure_bbox"], p["figure_bbox"]) >= thr
        )
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        s = similarity(gt[gi].get("caption") or "", pred[pi].get("caption") or "")
        pairs.append((gi, pi, s >= sim))
    return {
        "n_gt": len(gt),
        "n_pred": len(pred),
        "fig_tp": len(pairs),
        "pair_tp": sum(ok for _, _, ok in pairs),
        "wrong_caption": [(gt[g], pred[p]) for g, p, ok in pairs if not ok],
        "missed": [gt[g] for g in range(len(gt)) if g not in used_g],
        "spurious": [pred[p] for p in range(len(pred)) if p not in used_p],
    }


def f1(tp: int, n_gt: int, n_pred: int) -> float:
    return 2 * tp / (n_gt + n_pred) if (n_gt + n_pred) else 1.0
