"""List proposed pairs and review them in batches (accept / reject), with the edit log.

Reviewing sets the status (and ``reviewed_at``); it never edits texts, so it does not set
``curator_edited`` — but a reviewed pair is no longer ``proposed``, which is enough for
re-proposals to leave it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import PAIR_STATUSES, Document, Edit, Page, Pair, Region, utcnow
from culti_desktop.core.storage.project import Project


def list_pairs(project: Project, status: str | None = None) -> list[dict[str, Any]]:
    """One dict per pair, in document / page / position order."""
    if status is not None and status not in PAIR_STATUSES:
        raise CultiError(f"unknown status '{status}' (one of: {', '.join(PAIR_STATUSES)})")
    q = (
        select(Pair, Region, Page, Document)
        .join(Region, Pair.figure_region_id == Region.id)
        .join(Page, Region.page_id == Page.id)
        .join(Document, Page.document_id == Document.id)
    )
    if status is not None:
        q = q.where(Pair.status == status)
    q = q.order_by(Document.id, Page.index, Region.y0, Region.x0, Pair.id)
    out = []
    with project.read_session() as s:
        for pair, fig, page, doc in s.execute(q):
            out.append(
                {
                    "id": pair.id,
                    "document": doc.filename,
                    "page": page.index,
                    "figure_bbox": [round(v, 2) for v in fig.bbox],
                    "unit": page.unit,
                    "caption": pair.caption,
                    "caption_zh": pair.caption_zh,
                    "caption_en": pair.caption_en,
                    "label": pair.label,
                    "context": pair.context,
                    "confidence": pair.confidence,
                    "reason": pair.reason,
                    "status": pair.status,
                    "split": pair.split,
                }
            )
    return out


def review_pairs(
    project: Project,
    accept: Iterable[int] = (),
    reject: Iterable[int] = (),
    accept_all: bool = False,
    min_confidence: float | None = None,
    curator: str | None = None,
) -> dict[str, Any]:
    """Set statuses in one transaction; unknown ids are an error and change nothing."""
    accept, reject = list(dict.fromkeys(accept)), list(dict.fromkeys(reject))
    both = set(accept) & set(reject)
    if both:
        raise CultiError(f"pairs both accepted and rejected: {sorted(both)}")
    now = utcnow()
    changed = {"accepted": [], "rejected": []}
    with project.session() as s:
        wanted: list[tuple[Pair, str]] = []
        ids = accept + reject
        if ids:
            found = {p.id: p for p in s.scalars(select(Pair).where(Pair.id.in_(ids)))}
            missing = [i for i in ids if i not in found]
            if missing:
                raise CultiError(f"no such pair id(s): {', '.join(map(str, missing))}")
            wanted += [(found[i], "accepted") for i in accept] + [(found[i], "rejected") for i in reject]
        if accept_all:
            q = select(Pair).where(Pair.status == "proposed")
            if min_confidence is not None:
                q = q.where(Pair.confidence >= min_confidence)
            wanted += [(p, "accepted") for p in s.scalars(q.order_by(Pair.id))]
        for pair, status in wanted:
            if (
                min_confidence is not None
                and not accept_all
                and status == "accepted"
                and pair.confidence < min_confidence
            ):
                continue
            if pair.status == status:
                continue
            s.add(
                Edit(
                    curator=curator,
                    op="review",
                    entity="pair",
                    entity_id=pair.id,
                    before={"status": pair.status},
                    after={"status": status},
                )
            )
            pair.status = status
            pair.reviewed_at = now
            pair.curator = curator or pair.curator
            changed[status].append(pair.id)
    return {
        "accepted": changed["accepted"],
        "rejected": changed["rejected"],
        "changed": len(changed["accepted"]) + len(changed["rejected"]),
    }
