"""A page analysis as plain JSON data and back, exactly: the form page checkpoints are kept in.

Plain data, never pickle (a checkpoint file is input like any other). The analysis is a small
object graph, and the steps run after it (cross-page captions, running heads, context) test
*identity*: a caption's lines are the page's own ``Line`` objects, a proposal's figure and caption
are the page's own. So every ``Line``, ``Figure`` and ``Caption`` is written once, in a table per
kind, and referred to by its index; decoding rebuilds the same sharing. Floats survive JSON
exactly (``repr`` round-trips), boxes come back as tuples, embedded image bytes as base64.
"""

from __future__ import annotations

import base64
from typing import Any

from culti_desktop.core.ingest.geometry import Box
from culti_desktop.core.ingest.page_model import Caption, Figure, Line, PageAnalysis, PairProposal

#: Bumped whenever the encoded form changes; older checkpoints are then ignored.
CODEC_VERSION = 1


def _plain(value: Any) -> Any:
    """JSON-able copy of an ``extra`` value: numpy scalars become Python numbers, tuples lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # a numpy scalar
        return value.item()
    return value


def _box(b: Any) -> list[float]:
    return [float(v) for v in b]


def _tbox(b: list[float]) -> Box:
    x0, y0, x1, y1 = b
    return (x0, y0, x1, y1)


class _Tables:
    """Objects of one page numbered in first-seen order, so shared objects are written once."""

    def __init__(self) -> None:
        self.index: dict[int, int] = {}
        self.items: list[Any] = []

    def ref(self, obj: Any) -> int:
        key = id(obj)
        if key not in self.index:
            self.index[key] = len(self.items)
            self.items.append(obj)
        return self.index[key]


def _line(ln: Line) -> dict[str, Any]:
    return {
        "bbox": _box(ln.bbox),
        "text": ln.text,
        "confidence": float(ln.confidence),
        "vertical": bool(ln.vertical),
        "source": ln.source,
        "font": ln.font,
        "font_size": None if ln.font_size is None else float(ln.font_size),
        "bold": bool(ln.bold),
        "block": None if ln.block is None else int(ln.block),
    }


def encode_page(page: PageAnalysis) -> dict[str, Any]:
    """``page`` as JSON-able data (see the module docstring for the shared-object tables)."""
    lines, figures, captions = _Tables(), _Tables(), _Tables()
    page_lines = [lines.ref(ln) for ln in page.lines]
    page_figures = [figures.ref(f) for f in page.figures]
    page_captions = [captions.ref(c) for c in page.captions]
    pairs = [
        {
            "figure": figures.ref(p.figure),
            "caption": None if p.caption is None else captions.ref(p.caption),
            "caption_zh": p.caption_zh,
            "caption_en": p.caption_en,
            "confidence": float(p.confidence),
            "reason": p.reason,
            "context": p.context,
        }
        for p in page.pairs
    ]
    caption_rows = [  # after the pairs: every caption is numbered; its lines may add lines
        {
            "lines": [lines.ref(ln) for ln in c.lines],
            "bbox": _box(c.bbox),
            "text": c.text,
            "label": c.label,
            "vertical": bool(c.vertical),
            "source": c.source,
            "confidence": float(c.confidence),
        }
        for c in list(captions.items)
    ]
    figure_rows = [
        {
            "bbox": _box(f.bbox),
            "source": f.source,
            "confidence": float(f.confidence),
            "extra": _plain(f.extra),
            "image": None if f.image is None else base64.b64encode(f.image).decode("ascii"),
        }
        for f in figures.items
    ]
    return {
        "codec": CODEC_VERSION,
        "index": int(page.index),
        "width": float(page.width),
        "height": float(page.height),
        "unit": page.unit,
        "text_source": page.text_source,
        "ocr_engine": page.ocr_engine,
        "is_scanned": bool(page.is_scanned),
        "extra": _plain(page.extra),
        "line_table": [_line(ln) for ln in lines.items],
        "figure_table": figure_rows,
        "caption_table": caption_rows,
        "lines": page_lines,
        "figures": page_figures,
        "captions": page_captions,
        "pairs": pairs,
    }


def decode_page(data: dict[str, Any]) -> PageAnalysis:
    """The :class:`PageAnalysis` that :func:`encode_page` wrote; raises ValueError on another codec."""
    if data.get("codec") != CODEC_VERSION:
        raise ValueError(f"page checkpoint codec {data.get('codec')!r}, expected {CODEC_VERSION}")
    lines = [Line(**{**row, "bbox": _tbox(row["bbox"])}) for row in data["line_table"]]
    figures = [
        Figure(
            bbox=_tbox(row["bbox"]),
            source=row["source"],
            confidence=row["confidence"],
            extra=row["extra"],
            image=None if row["image"] is None else base64.b64decode(row["image"]),
        )
        for row in data["figure_table"]
    ]
    captions = [
        Caption(
            lines=[lines[i] for i in row["lines"]],
            bbox=_tbox(row["bbox"]),
            text=row["text"],
            label=row["label"],
            vertical=row["vertical"],
            source=row["source"],
            confidence=row["confidence"],
        )
        for row in data["caption_table"]
    ]
    pairs = [
        PairProposal(
            figure=figures[p["figure"]],
            caption=None if p["caption"] is None else captions[p["caption"]],
            caption_zh=p["caption_zh"],
            caption_en=p["caption_en"],
            confidence=p["confidence"],
            reason=p["reason"],
            context=p["context"],
        )
        for p in data["pairs"]
    ]
    return PageAnalysis(
        index=data["index"],
        width=data["width"],
        height=data["height"],
        unit=data["unit"],
        lines=[lines[i] for i in data["lines"]],
        figures=[figures[i] for i in data["figures"]],
        captions=[captions[i] for i in data["captions"]],
        pairs=pairs,
        text_source=data["text_source"],
        ocr_engine=data["ocr_engine"],
        is_scanned=data["is_scanned"],
        extra=data["extra"],
    )
