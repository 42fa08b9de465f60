"""Write page analyses to the project, and re-propose pairs without touching curators' work.

A pair a curator has touched (``curator_edited``, or a status other than ``proposed``) is
never changed or deleted here, and neither are its regions; a new proposal whose figure
overlaps such a pair's figure is dropped instead of duplicating it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from culti_desktop.core.ingest.geometry import iou
from culti_desktop.core.ingest.page_model import Line, PageAnalysis, PairProposal
from culti_desktop.core.storage.blobs import put_blob
from culti_desktop.core.storage.models import Document, Page, Pair, Region, TextLine

PROPOSER = "culti-ingest/1"


def _r(v: float) -> float:
    return round(float(v), 2)


def _rbox(b: Sequence[float]) -> tuple[float, float, float, float]:
    return (_r(b[0]), _r(b[1]), _r(b[2]), _r(b[3]))


def is_protected(pair: Pair) -> bool:
    """A pair a curator has worked on: proposals must leave it alone."""
    return bool(pair.curator_edited) or pair.status != "proposed"


def _text_line(ln: Line, order: int) -> TextLine:
    row = TextLine(
        text=ln.text,
        confidence=_r(ln.confidence),
        reading_order=order,
        block=ln.block,
        vertical=ln.vertical,
        source=ln.source,
        font=ln.font,
        font_size=ln.font_size,
        bold=ln.bold,
    )
    row.bbox = _rbox(ln.bbox)
    return row


def _caption_extra(prop: PairProposal) -> dict | None:
    """Flags of a caption region: vertical text; printed on another page (its box is that page's)."""
    extra: dict = {}
    if prop.caption is not None and prop.caption.vertical:
        extra["vertical"] = True
    if "caption_page" in prop.figure.extra:
        extra["page"] = prop.figure.extra["caption_page"]
    return extra or None


def _pair_rows(page: Page, prop: PairProposal) -> tuple[Region, Region | None, Pair]:
    fig = Region(
        kind="figure",
        source=prop.figure.source,
        confidence=_r(prop.figure.confidence),
        extra=prop.figure.extra or None,
    )
    fig.bbox = _rbox(prop.figure.bbox)
    page.regions.append(fig)
    cap_region = None
    cap = prop.caption
    ocr_text = ocr_conf = None
    if cap is not None:
        cap_region = Region(
            kind="caption",
            source=cap.source,
            confidence=_r(cap.confidence),
            text=cap.text,
            extra=_caption_extra(prop),
        )
        cap_region.bbox = _rbox(cap.bbox)
        page.regions.append(cap_region)
        if any(ln.source == "ocr" for ln in cap.lines):
            ocr_text = cap.text
            ocr_conf = _r(sum(ln.confidence for ln in cap.lines) / len(cap.lines))
    pair = Pair(
        figure=fig,
        caption_region=cap_region,
        caption=cap.text if cap else "",
        caption_zh=prop.caption_zh,
        caption_en=prop.caption_en,
        ocr_text=ocr_text,
        ocr_confidence=ocr_conf,
        context=prop.context,
        label=cap.label if cap else None,
        confidence=prop.confidence,
        reason=prop.reason,
        status="proposed",
        proposer=PROPOSER,
        scores={"proposal": prop.confidence, "figure": _r(prop.figure.confidence)},
    )
    return fig, cap_region, pair


def write_pages(session: Session, doc: Document, analyses: Iterable[PageAnalysis]) -> int:
    """Add pages with their lines, regions and proposed pairs to a new document; returns pair count."""
    n = 0
    analyses = list(analyses)
    pages = []
    for a in analyses:
        page = Page(
            index=a.index,
            width=_r(a.width),
            height=_r(a.height),
            unit=a.unit,
            text_source=a.text_source,
            ocr_engine=a.ocr_engine,
            is_scanned=a.is_scanned,
            extra=a.extra or None,
        )
        doc.pages.append(page)
        pages.append(page)
        for prop in a.pairs:
            fig_region, _, pair = _pair_rows(page, prop)
            if prop.figure.image:
                fig_region.image_sha256 = put_blob(session, prop.figure.image)
            session.add(pair)
            n += 1
    session.flush()
    # Text lines are most of the rows: one executemany instead of one ORM object each.
    rows = [
        _line_row(page.id, ln, order) for page, a in zip(pages, analyses) for order, ln in enumerate(a.lines)
    ]
    if rows:
        session.execute(insert(TextLine), rows)
    return n


def _line_row(page_id: int, ln: Line, order: int) -> dict:
    x0, y0, x1, y1 = (_r(v) for v in ln.bbox)
    return {
        "page_id": page_id,
        "text": ln.text,
        "confidence": _r(ln.confidence),
        "reading_order": order,
        "block": ln.block,
        "vertical": ln.vertical,
        "source": ln.source,
        "font": ln.font,
        "font_size": ln.font_size,
        "bold": ln.bold,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
    }


def replace_proposals(session: Session, doc: Document, analyses: Iterable[PageAnalysis]) -> dict[str, int]:
    """Re-propose on an imported document: new lines and proposals, curators' pairs kept as they are."""
    pages = {p.index: p for p in doc.pages}
    kept = removed = added = 0
    for a in analyses:
        page = pages.get(a.index)
        if page is None:
            continue
        protected = []
        for pair in session.scalars(
            select(Pair).join(Region, Pair.figure_region_id == Region.id).where(Region.page_id == page.id)
        ):
            if is_protected(pair):
                protected.append(pair)
            else:
                session.delete(pair)
                removed += 1
        session.flush()
        keep_regions = {r for p in protected for r in (p.figure_region_id, p.caption_region_id) if r}
        for region in list(page.regions):
            if region.id not in keep_regions and region.source != "curator":
                page.regions.remove(region)
        for ln in list(page.lines):
            if ln.source != "curator":
                page.lines.remove(ln)
        session.flush()
        base = len(page.lines)
        for order, line in enumerate(a.lines):
            page.lines.append(_text_line(line, base + order))
        protected_boxes = [p.figure.bbox for p in protected]
        for prop in a.pairs:
            if any(iou(prop.figure.bbox, b) >= 0.5 for b in protected_boxes):
                continue
            _, _, pair = _pair_rows(page, prop)
            session.add(pair)
            added += 1
        kept += len(protected)
    return {"kept": kept, "removed": removed, "added": added}
