"""Read vertical captions (woodblock plates): find the caption's columns and read them upright.

The OCR detector finds vertical columns only in part, and reads a column by turning it on its
side. Here the caption block is found from the ink itself: connected ink is merged into
character cells of the page's vertical type size, cells are chained into columns by their
x-alignment, and a title set in larger type (classical plates print it first, above the
description columns) is found at a second, larger size. Each column is then cut into
characters by its pitch (woodblock and vertical type are set on a grid, so thin characters
such as 一 or 十 that the ink cells miss are still cut out), and every character is read
upright on its own. Columns are read title first, then right to left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from culti_desktop.core.ingest import engines
from culti_desktop.core.ingest.geometry import Box, union
from culti_desktop.core.ingest.page_model import Caption, Line
from culti_desktop.core.ingest.raster import binarize, find_rules, to_gray

Cell = list[int]  # [x0, y0, x1, y1] in pixels of the block's crop
TITLE_SCALE = 1.4  # title type relative to the description's, on the plates we know of
MARGINS = (4, 40)  # white margins (px) each side of a character, for its two readings
UNSURE = 0.9  # a reading below this confidence is tried again with the wide margin


def _char_boxes(mask: np.ndarray, w: float) -> list[Cell]:
    """Connected ink merged into cells of about one character of width ``w``."""
    k = max(1, int(0.12 * w))
    grown = cv2.dilate(mask, np.ones((k, k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    boxes = [[int(x), int(y), int(x + bw), int(y + bh)] for x, y, bw, bh, a in stats[1:] if a >= 0.02 * w * w]
    boxes.sort(key=lambda b: (b[1], b[0]))
    merged = True
    while merged:  # merge parts of one character while the cell stays about one character in size
        merged = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                u = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                near = (
                    max(a[0], b[0]) - min(a[2], b[2]) <= 0.2 * w
                    and max(a[1], b[1]) - min(a[3], b[3]) <= 0.2 * w
                )
                if near and u[2] - u[0] <= 1.3 * w and u[3] - u[1] <= 1.25 * w:
                    boxes[i] = u
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    boxes = [part for b in boxes for part in _split_tall(mask, b, w)]
    # Tall thin marks are rule remnants, not characters (丨 aside, no CJK glyph is that shape).
    return [
        b
        for b in boxes
        if ((b[2] - b[0]) >= 0.25 * w or (b[3] - b[1]) >= 0.25 * w) and (b[3] - b[1]) <= 2.5 * (b[2] - b[0])
    ]


def _split_tall(mask: np.ndarray, b: Cell, w: float) -> list[Cell]:
    """Cut a cell holding several stacked characters (large title type touches) at its thinnest rows."""
    x0, y0, x1, y1 = b
    bw, bh = x1 - x0, y1 - y0
    ref = max(bw, w)
    n = int(round(bh / ref))
    if bh < 1.5 * ref or n < 2:
        return [b]
    prof = mask[y0:y1, x0:x1].sum(axis=1)
    cuts = [y0]
    for k in range(1, n):
        lo, hi = int(bh * (k - 0.35) / n), int(bh * (k + 0.35) / n)
        cuts.append(y0 + lo + int(np.argmin(prof[lo:hi])))
    cuts.append(y1)
    return [[x0, a, x1, c] for a, c in zip(cuts, cuts[1:]) if c - a > 2]


def _chain(chars: list[Cell], w: float) -> list[list[Cell]]:
    """Chain character cells top to bottom into columns by x-alignment: a cell continues the
    column whose centre line it sits on, just below its last cell, at about the same width."""
    cand = sorted(
        (b for b in chars if 0.3 * w <= max(b[2] - b[0], b[3] - b[1]) <= 2.0 * w), key=lambda b: b[1]
    )
    cols: list[list[Cell]] = []
    for c in cand:
        cx, cw = (c[0] + c[2]) / 2, c[2] - c[0]
        best, best_d = None, 0.0
        for col in cols:
            xs = float(np.median([(b[0] + b[2]) / 2 for b in col]))
            ws = float(np.median([b[2] - b[0] for b in col]))
            d, vgap = abs(cx - xs), c[1] - col[-1][3]
            if (
                d <= 0.3 * max(ws, 0.6 * w)
                and -0.3 * w <= vgap <= 1.6 * w
                and 0.5 <= max(cw, 0.3 * w) / max(ws, 0.3 * w) <= 2.0
                and (best is None or d < best_d)
            ):
                best, best_d = col, d
        if best is not None:
            best.append(c)
        else:
            cols.append([c])
    return cols


def _overlaps(b: Cell, col: list[Cell]) -> bool:
    return any(
        min(b[2], d[2]) - max(b[0], d[0]) > 0.3 * (b[2] - b[0])
        and min(b[3], d[3]) - max(b[1], d[1]) > 0.3 * (b[3] - b[1])
        for d in col
    )


def _columns(mask: np.ndarray, w: float) -> list[list[Cell]]:
    """Columns of text type ``w``, plus a title column in larger type starting at the block's top."""
    small = [c for c in _chain(_char_boxes(mask, w), w) if len(c) >= 2]
    top = min((b[1] for c in small for b in c), default=0)
    big = []
    for col in _chain(_char_boxes(mask, TITLE_SCALE * w), TITLE_SCALE * w):
        col = sorted(col, key=lambda b: b[1])
        if col[0][1] > top + 0.7 * w:
            continue
        title = []
        for b in col:  # the title ends where the type gets small again
            if b[2] - b[0] < 1.15 * w:
                break
            title.append(b)
        if len(title) >= 2:
            big.append(title)
    out = list(big)
    # A stack of flat or thin marks (rule ends, hatching) is no column of characters.
    small = [
        c
        for c in small
        if 0.5 <= np.median([b[3] - b[1] for b in c]) / max(1.0, np.median([b[2] - b[0] for b in c])) <= 2.0
    ]
    for col in small:
        rest = [b for b in col if not any(_overlaps(b, t) for t in big)]
        if len(rest) >= 2 and len(rest) >= 0.5 * len(col):
            out.append(rest)
    return out


def _cut_column(mask: np.ndarray, col: list[Cell], others: list[list[Cell]]) -> list[Cell]:
    """The column cut into characters by its pitch, extended over ink its cells missed at both
    ends (up to another column's cells), and each character trimmed to its ink."""
    col = sorted(col, key=lambda b: b[1])
    x0, x1 = int(np.percentile([b[0] for b in col], 20)), int(np.percentile([b[2] for b in col], 80))
    cw = max(1, x1 - x0)
    x0, x1 = max(0, x0 - int(0.08 * cw)), min(mask.shape[1], x1 + int(0.08 * cw))
    h_med = float(np.median([b[3] - b[1] for b in col]))
    ref = max(h_med, 0.8 * cw)
    diffs = [d for d in np.diff(sorted((b[1] + b[3]) / 2 for b in col)) if 0.7 * ref <= d <= 1.6 * ref]
    p = float(np.median(diffs)) if diffs else 1.15 * ref
    y0, y1 = col[0][1], max(b[3] for b in col)
    prof = mask[:, x0:x1].sum(axis=1)
    up, down = 0, mask.shape[0]
    for o in others:
        for b in o:
            if min(b[2], x1) - max(b[0], x0) > 0.3 * (x1 - x0):
                if b[1] >= y1 - 0.2 * p:
                    down = min(down, b[1])
                if b[3] <= y0 + 0.2 * p:
                    up = max(up, b[3])
    while y1 < down:  # ink just below the last cell continues the column
        r = np.flatnonzero(prof[y1 : min(down, y1 + int(0.9 * p))] > 0)
        if len(r) == 0 or r[0] > 0.5 * p:
            break
        y1 += int(r[-1]) + 1
    while y0 > up:  # and just above the first
        lo = max(up, y0 - int(0.9 * p))
        r = np.flatnonzero(prof[lo:y0] > 0)
        if len(r) == 0 or (y0 - lo) - r[-1] > 0.5 * p or lo + int(r[0]) >= y0:
            break
        y0 = lo + int(r[0])
    n = max(1, int(round((y1 - y0 + (p - h_med)) / p)))
    step = (y1 - y0) / n
    cuts = [y0]
    for k in range(1, n):
        t = y0 + k * step
        lo, hi = int(t - 0.3 * step), int(t + 0.3 * step)
        cuts.append(lo + int(np.argmin(prof[lo:hi])) if hi > lo else int(t))
    cuts.append(y1)
    cells = []
    for top, bottom in zip(cuts, cuts[1:]):
        sub = mask[top:bottom, x0:x1]
        rows, xs = np.flatnonzero(sub.any(axis=1)), np.flatnonzero(sub.any(axis=0))
        if len(rows) and sub.sum() >= 0.01 * cw * cw:
            cells.append([x0 + int(xs[0]), top + int(rows[0]), x0 + int(xs[-1]) + 1, top + int(rows[-1]) + 1])
    return cells


def _reading_order(cols: list[list[Cell]], w: float) -> list[list[Cell]]:
    """Title column (starting well above the others) first, then right to left."""
    tops = sorted(min(b[1] for b in col) for col in cols)

    def key(col: list[Cell]) -> tuple[int, float]:
        title = min(b[1] for b in col) <= tops[0] + 0.5 * w and (len(tops) < 2 or tops[1] - tops[0] > 0.8 * w)
        return (0 if title else 1, -float(np.mean([(b[0] + b[2]) / 2 for b in col])))

    return sorted(cols, key=key)


def _read_characters(gray: np.ndarray, cells: list[Cell]) -> list[tuple[str, float]]:
    """Each character read on its own, upright, contrast-stretched and centred in a square.

    The recogniser (CTC, trained on lines) sometimes emits nothing for a lone character: each
    is read with a narrow white margin, the unsure ones again with a wide one, the surer kept.
    """
    h = 48
    squares = []
    for x0, y0, x1, y1 in cells:
        crop = gray[y0:y1, x0:x1].astype(np.float32)
        lo, hi = np.percentile(crop, 2), np.percentile(crop, 98)
        crop = np.clip((crop - lo) * 255.0 / max(1.0, hi - lo), 0, 255).astype(np.uint8)
        side = max(crop.shape)
        cell = np.full((side, side), 255, np.uint8)
        oy, ox = (side - crop.shape[0]) // 2, (side - crop.shape[1]) // 2
        cell[oy : oy + crop.shape[0], ox : ox + crop.shape[1]] = crop
        inner = int(0.8 * h)
        squares.append(cv2.resize(cell, (inner, inner), interpolation=cv2.INTER_AREA))
    if not squares:
        return []
    pad = h - squares[0].shape[0]

    def read(indices: list[int], margin: int) -> list[tuple[str, float]]:
        images = [
            cv2.cvtColor(
                cv2.copyMakeBorder(
                    squares[i],
                    pad // 2,
                    pad - pad // 2,
                    pad // 2 + margin,
                    pad - pad // 2 + margin,
                    cv2.BORDER_CONSTANT,
                    value=255,
                ),
                cv2.COLOR_GRAY2BGR,
            )
            for i in indices
        ]
        # Plates print no punctuation: dashes and dots are rule ends and specks read as characters.
        return [
            (t, float(sc)) if t.isalnum() else ("", 0.0)
            for t, sc in ((str(t).strip()[:1], sc) for t, sc in _recognise_same_size(images))
        ]

    best = read(list(range(len(squares))), MARGINS[0])
    unsure = [i for i, (t, sc) in enumerate(best) if not t or sc < UNSURE]
    if unsure:  # the wide margin costs ~4x the narrow one: only for the unsure readings
        for i, again in zip(unsure, read(unsure, MARGINS[1])):
            best[i] = max(best[i], again, key=lambda r: (bool(r[0]), r[1]))
    return best


def _recognise_same_size(images: list[np.ndarray]) -> list[tuple[str, float]]:
    """The recogniser over equal-sized character images in one batch. RapidOCR's own call pads
    every image to a 320-pixel-wide line, six to a batch: ~6x the work for one character."""
    rec = engines.ocr_engine("v4").text_rec  # v4 internals: batched recognition of cut characters
    batch = np.stack([img.transpose(2, 0, 1).astype(np.float32) / 127.5 - 1.0 for img in images])
    preds = rec.session(batch)[0]
    return [(str(t), float(s)) for t, s in rec.postprocess_op(preds)]


def _blocks(cols: list[list[Cell]], w: float) -> list[list[list[Cell]]]:
    """Columns set side by side grouped into caption blocks."""
    boxes = [union(c) for c in cols]
    groups: list[set[int]] = [{i} for i in range(len(cols))]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if any(
                    boxes[a][0] - boxes[b][2] <= 0.8 * w
                    and boxes[b][0] - boxes[a][2] <= 0.8 * w
                    and boxes[a][1] <= boxes[b][3] + 1.5 * w
                    and boxes[b][1] <= boxes[a][3] + 1.5 * w
                    for a in groups[i]
                    for b in groups[j]
                ):
                    groups[i] |= groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return [[cols[k] for k in sorted(g)] for g in groups]


def _compartments(vert: np.ndarray, w: float) -> list[tuple[int, int]]:
    """x-ranges between long vertical rules, each kept clear of the rule's ragged edge."""
    xs = np.flatnonzero(vert.sum(axis=0) >= 0.3 * vert.shape[0])
    edges = [(-1, -1)] + [
        (int(r[0]), int(r[-1])) for r in np.split(xs, np.flatnonzero(np.diff(xs) > 1) + 1) if len(r)
    ]
    edges.append((vert.shape[1], vert.shape[1]))
    margin = int(0.15 * w)
    out = []
    for (_, left), (right, _) in zip(edges, edges[1:]):
        a, b = left + 1 + (margin if left >= 0 else 0), right - (margin if right < vert.shape[1] else 0)
        if b - a >= 0.5 * w:
            out.append((a, b))
    return out


@dataclass
class VerticalBlock:
    """A caption block found in a crop of the page, its columns cut into characters (not read yet)."""

    crop: np.ndarray  # grey pixels of the searched region
    origin: tuple[int, int]  # the crop's top-left corner in page pixels
    scale: float
    columns: list[list[Cell]]  # characters per column, in reading order

    @property
    def n_chars(self) -> int:
        return sum(len(c) for c in self.columns)

    @property
    def bbox(self) -> Box:
        """The block's box in page units."""
        u = union([b for c in self.columns for b in c])
        x0, y0 = self.origin
        return (
            (u[0] + x0) / self.scale,
            (u[1] + y0) / self.scale,
            (u[2] + x0) / self.scale,
            (u[3] + y0) / self.scale,
        )


def find_vertical_block(
    img: np.ndarray, scale: float, region: Box, w_pt: float, seeds: list[Box] | None = None
) -> VerticalBlock | None:
    """The vertical caption block inside ``region`` (page units), cut into characters.

    ``w_pt`` is the vertical type's width (from any column the OCR detector found on the page);
    with ``seeds`` (detected column boxes) the block touching them is taken, otherwise the
    block with the most characters. Finding is cheap; reading (:func:`read_block`) is not, so
    callers compare candidate blocks first and read one.
    """
    gray = to_gray(img)
    H, W = gray.shape
    x0, y0 = int(max(0, region[0] * scale)), int(max(0, region[1] * scale))
    x1, y1 = int(min(W, region[2] * scale)), int(min(H, region[3] * scale))
    w = w_pt * scale
    if x1 - x0 < w or y1 - y0 < 2 * w:
        return None
    sub = gray[y0:y1, x0:x1]
    raw = binarize(sub)
    horiz, vert = find_rules(raw, 0.3)
    mask = raw.copy()
    mask[cv2.dilate(horiz | vert, np.ones((5, 5), np.uint8)) > 0] = 0
    chars = [b for c in _chain(_char_boxes(mask, w), w) if len(c) >= 3 for b in c]
    widths = [b[2] - b[0] for b in chars]
    if len(widths) >= 3 and not 0.8 * w <= float(np.median(widths)) <= 1.25 * w:
        w = float(np.median(widths))  # the detector's box may span two columns: measure the characters
    # A printed rule bounds a caption: columns are grouped only with others on the same side.
    compartments = _compartments(vert, w)
    inside = np.zeros_like(mask)
    for a, b in compartments:
        inside[:, a:b] = mask[:, a:b]
    by_side: dict[int, list[list[Cell]]] = {}
    for col in _columns(inside, w):
        cx = float(np.median([(c[0] + c[2]) / 2 for c in col]))
        side = next((k for k, (a, b) in enumerate(compartments) if a <= cx < b), -1)
        by_side.setdefault(side, []).append(col)
    blocks = [blk for cols in by_side.values() for blk in _blocks(cols, w)]
    if seeds:
        px = [
            ((s[0] * scale - x0), (s[1] * scale - y0), (s[2] * scale - x0), (s[3] * scale - y0))
            for s in seeds
        ]
        blocks = [
            b
            for b in blocks
            if any(
                min(u[2], s[2]) - max(u[0], s[0]) > 0 and min(u[3], s[3]) - max(u[1], s[1]) > 0
                for u in (union(c) for c in b)
                for s in px
            )
        ]
    blocks = [b for b in blocks if sum(len(c) for c in b) >= 4]
    if not blocks:
        return None
    block = max(blocks, key=lambda b: sum(len(c) for c in b))
    columns = [_cut_column(mask, col, [o for o in block if o is not col]) for col in _reading_order(block, w)]
    return VerticalBlock(crop=sub, origin=(x0, y0), scale=scale, columns=[c for c in columns if c])


def read_block(block: VerticalBlock, context: Sequence[Line] = ()) -> Caption | None:
    """Read a block's characters; None when it reads as noise (a drawing cut into "characters").
    ``context``: the page's other lines, which tell the script (Traditional or Simplified)."""
    x0, y0 = block.origin
    s = block.scale
    lines, scores = [], []
    everything = _read_characters(block.crop, [c for cells in block.columns for c in cells])  # one batch
    starts = np.cumsum([0] + [len(cells) for cells in block.columns])
    for k, cells in enumerate(block.columns):
        read = [r for r in everything[starts[k] : starts[k + 1]] if r[0]]
        if not read:
            continue
        cb = union(cells)
        score = float(np.mean([sc for _, sc in read]))
        lines.append(
            Line(
                bbox=((cb[0] + x0) / s, (cb[1] + y0) / s, (cb[2] + x0) / s, (cb[3] + y0) / s),
                text="".join(t for t, _ in read),
                confidence=round(score, 3),
                vertical=True,
                source="ocr",
            )
        )
        scores.append(score)
    if not lines or sum(len(ln.text) for ln in lines) < 4 or float(np.mean(scores)) < 0.5:
        return None
    engines.match_script(lines, context)
    return Caption(
        lines=lines,
        bbox=union(ln.bbox for ln in lines),
        text="".join(ln.text for ln in lines),
        vertical=True,
        source="vertical",
        confidence=round(min(0.9, float(np.mean(scores))), 3),
    )


def read_vertical_block(
    img: np.ndarray,
    scale: float,
    region: Box,
    w_pt: float,
    seeds: list[Box] | None = None,
    context: Sequence[Line] = (),
) -> Caption | None:
    """Find and read the vertical caption block inside ``region`` (see :func:`find_vertical_block`)."""
    block = find_vertical_block(img, scale, region, w_pt, seeds)
    return read_block(block, context) if block is not None else None


def seeded_block(img: np.ndarray, scale: float, cap: Caption) -> VerticalBlock | None:
    """The block grown from a caption's detected vertical columns (the detector sees parts of it)."""
    seeds = [ln for ln in cap.lines if ln.vertical]
    if not seeds:
        return None
    w = float(np.median([ln.width for ln in seeds]))
    sb = union(ln.bbox for ln in seeds)
    region = (sb[0] - 3.5 * w, sb[1] - 8 * w, sb[2] + 0.6 * w, sb[3] + 1.5 * w)
    return find_vertical_block(img, scale, region, w, [ln.bbox for ln in seeds])
