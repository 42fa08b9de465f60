"""List proposed and reviewed pairs (a read; reviewing lives in ``core/curation/review.py``).

Changing a pair's status or split goes through the curation edit operations (ADR 0045), so this
module only reads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import PAIR_STATUSES, Document, Page, Pair, Region
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
