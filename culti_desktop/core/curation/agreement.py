"""Agreement between two reviewers (``culti agreement``): Cohen's kappa on status, box IoU, caption similarity.

For every pair reviewed by at least two curators, the first two reviews (by time) are compared:
kappa over the accept/reject decisions (chance agreement from each rater's own rates), the IoU
of the figure boxes they left, and a character-level similarity (``difflib`` ratio on folded
text) of the captions they left. Figures are given overall and per document (ADR 0105).
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Any

from sqlalchemy import select

from culti_desktop.core.storage.models import Document, Page, Pair, Region, Review
from culti_desktop.core.storage.project import Project

Box = tuple[float, float, float, float]


def cohen_kappa(a: list[str], b: list[str]) -> float | None:
    """Cohen's kappa of two raters over the same items; None with no items."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    if pe >= 1.0:
        return 1.0 if po >= 1.0 else 0.0
    return (po - pe) / (1.0 - pe)


def box_iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 1.0


def caption_similarity(a: str, b: str) -> float:
    a, b = " ".join((a or "").split()).lower(), " ".join((b or "").split()).lower()
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _figures(items: list[tuple[Review, Review]]) -> dict[str, Any]:
    ious = [box_iou(ba, bb) for a, b in items if (ba := _box(a)) is not None and (bb := _box(b)) is not None]
    return {
        "pairs": len(items),
        "kappa": cohen_kappa([a.status for a, _ in items], [b.status for _, b in items]),
        "agreed": sum(a.status == b.status for a, b in items),
        "mean_iou": _mean(ious),
        "mean_caption_similarity": _mean([caption_similarity(a.caption, b.caption) for a, b in items]),
    }


def _box(r: Review) -> Box | None:
    if None in (r.x0, r.y0, r.x1, r.y1):
        return None
    return (float(r.x0), float(r.y0), float(r.x1), float(r.y1))  # type: ignore[arg-type]


def agreement_report(project: Project) -> dict[str, Any]:
    with project.read_session() as s:
        reviews = s.scalars(select(Review).order_by(Review.pair_id, Review.at, Review.id)).all()
        docs = dict(
            s.execute(
                select(Pair.id, Document.filename)
                .join(Region, Pair.figure_region_id == Region.id)
                .join(Page, Region.page_id == Page.id)
                .join(Document, Page.document_id == Document.id)
            ).all()
        )
    by_pair: dict[int, list[Review]] = {}
    for r in reviews:
        by_pair.setdefault(r.pair_id, []).append(r)
    twice = {pid: (rs[0], rs[1]) for pid, rs in by_pair.items() if len(rs) >= 2}
    per_doc: dict[str, list[tuple[Review, Review]]] = {}
    for pid, item in sorted(twice.items()):
        per_doc.setdefault(docs.get(pid, "?"), []).append(item)
    return {
        "project": project.locator,
        "curators": sorted({r.curator for r in reviews}),
        **_figures(list(twice.values())),
        "documents": [{"document": d, **_figures(items)} for d, items in sorted(per_doc.items())],
    }
