"""Split a picture region at a blank gutter, and find solid pictures the layout model missed.

The layout model often returns one "figure" over two photographs set side by side (slides,
catalogue spreads), and sometimes nothing at all over a colour picture on a tinted ground. Both
are answered from the pixels alone, with no knowledge of who printed the page:

- a *gutter* is a clean band of background (no ink, nothing off the paper's colour) running
  right across the region, with a solid picture on each side of it; text lines in the band
  (a caption centred under both, sub-captions between stacked panels) mean one figure, so the
  band must be blank in the unmasked ink;
- a *solid blob* is a connected area that differs from the paper and fills most of its own box
  (a photograph, a painting), once the OCR'd text lines are blanked out; bands around one line of
  text (a slide's title bar, a shaded heading) are not pictures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from culti_desktop.core.ingest.geometry import Box, area, inside_fraction
from culti_desktop.core.ingest.page_model import Line
from culti_desktop.core.ingest.raster import dark_blobs

MIN_GUTTER = 0.02  # of the region's extent across the gutter; and at least 4 pt
MIN_SIDE = 0.15  # each side holds at least this share of the region's extent
SOLID = 0.35  # share of a side's own box that is ink: photographs, not line drawings or charts
MAX_DEPTH = 3


def _runs(blank: np.ndarray) -> list[tuple[int, int]]:
    idx = np.flatnonzero(blank)
    if len(idx) == 0:
        return []
    parts = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
    return [(int(p[0]), int(p[-1]) + 1) for p in parts]


def _split_px(ink: np.ndarray, scale: float, depth: int, text: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of the parts of ``ink`` (one region) after cutting at its widest gutter: each
    side must be a solid picture or a block of text lines (``text`` marks their pixels); text
    sides are left out (body text the layout model took into the figure's box)."""
    h, w = ink.shape
    if depth >= MAX_DEPTH or h < 8 or w < 8:
        return [(0, 0, w, h)]
    cands = []
    for axis in (0, 1):  # 0: a vertical gutter (columns blank), 1: a horizontal one (rows blank)
        extent = w if axis == 0 else h
        profile = ink.sum(axis=axis)
        across = h if axis == 0 else w
        blank = profile <= max(1, int(0.004 * across))
        for a, b in _runs(blank):
            if a > 0 and b < extent and b - a >= max(MIN_GUTTER * extent, 4 * scale):
                cands.append((b - a, axis, a, b, extent))
    for _, axis, a, b, extent in sorted(cands, reverse=True):  # the widest gutter that qualifies
        sides = [(0, 0, a, h), (b, 0, w, h)] if axis == 0 else [(0, 0, w, a), (0, b, w, h)]
        kinds = [_kind(ink[y0:y1, x0:x1], text[y0:y1, x0:x1]) for x0, y0, x1, y1 in sides]
        if "other" in kinds or "solid" not in kinds:
            continue
        sizes = (a, extent - b)
        # Two pictures each take a real share of the region; a text side may be one thin line.
        if any(k == "solid" and n < MIN_SIDE * extent for k, n in zip(kinds, sizes, strict=True)):
            continue
        break
    else:
        return [(0, 0, w, h)]
    out = []
    for (x0, y0, x1, y1), kind in zip(sides, kinds, strict=True):
        if kind == "text":
            continue
        for px0, py0, px1, py1 in _split_px(ink[y0:y1, x0:x1], scale, depth + 1, text[y0:y1, x0:x1]):
            out.append((px0 + x0, py0 + y0, px1 + x0, py1 + y0))
    return out


def _kind(ink: np.ndarray, text: np.ndarray) -> str:
    """'solid' (a picture), 'text' (lines of text fill its ink's box) or 'other'."""
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        return "other"
    box = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    if float(text[box].mean()) >= 0.3:
        return "text"
    return "solid" if float(ink[box].mean()) >= SOLID else "other"


def _trim(ink: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
    x0, y0, x1, y1 = box
    sub = ink[y0:y1, x0:x1]
    rows, cols = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
    if len(rows) == 0:
        return None
    return x0 + int(cols[0]), y0 + int(rows[0]), x0 + int(cols[-1]) + 1, y0 + int(rows[-1]) + 1


def split_at_gutters(ink: np.ndarray, box: Box, scale: float, text_boxes: Sequence[Box] = ()) -> list[Box]:
    """``box`` (page units) cut at blank gutters between solid pictures (and blocks of the text
    lines ``text_boxes``, which are left out); ``[box]`` when there is none. ``ink`` is the page's
    mask of ink or off-paper colour, at ``scale`` pixels per unit."""
    H, W = ink.shape
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    x1, y1 = min(W, int(np.ceil(box[2] * scale))), min(H, int(np.ceil(box[3] * scale)))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return [box]
    region = ink[y0:y1, x0:x1]
    text = np.zeros_like(region)
    for tb in text_boxes:
        tx0, ty0 = max(0, int(tb[0] * scale) - x0), max(0, int(tb[1] * scale) - y0)
        tx1, ty1 = int(np.ceil(tb[2] * scale)) - x0, int(np.ceil(tb[3] * scale)) - y0
        if tx1 > tx0 and ty1 > ty0:
            text[ty0:ty1, tx0:tx1] = 1
    parts = _split_px(region, scale, 0, text)
    if len(parts) == 1 and parts[0] == (0, 0, region.shape[1], region.shape[0]):
        return [box]
    out: list[Box] = []
    pictures = region * (1 - text)  # a part's box is its picture's, without the caption under it
    for p in parts:
        t = _trim(pictures, p) or _trim(region, p)
        if t is not None:
            out.append(((t[0] + x0) / scale, (t[1] + y0) / scale, (t[2] + x0) / scale, (t[3] + y0) / scale))
    return out or [box]


def solid_blobs(
    colour: np.ndarray, scale: float, lines: list[Line], pw: float, ph: float
) -> list[tuple[Box, float]]:
    """Solid pictures on a page (boxes in page units, with their fill share): connected areas off
    the paper's colour, text lines blanked out, that fill at least half their box, are not a band
    around a line of text, and are not the page's own ground (touching three of its edges)."""
    out: list[tuple[Box, float]] = []
    H, W = colour.shape
    for bx, ink in dark_blobs(colour, max(3, int(2 * scale))):
        b: Box = (bx[0] / scale, bx[1] / scale, bx[2] / scale, bx[3] / scale)
        bw, bh = b[2] - b[0], b[3] - b[1]
        if bw < 0.12 * pw or bh < 0.1 * ph or area(b) < 0.04 * pw * ph:
            continue
        fill = ink / max(1.0, float((bx[2] - bx[0]) * (bx[3] - bx[1])))
        if fill < 0.5:
            continue
        edges = (bx[0] <= 1) + (bx[1] <= 1) + (bx[2] >= W - 1) + (bx[3] >= H - 1)
        if edges >= 3:
            continue
        inner = [ln for ln in lines if inside_fraction(ln.bbox, b) > 0.5]
        if any(ln.height >= 0.4 * bh for ln in inner):
            continue  # a title bar or shaded heading: a band around one line of text
        if sum(area(ln.bbox) for ln in inner) > 0.3 * area(b):
            continue
        out.append((b, round(fill, 3)))
    return out
