"""Read vertical captions (woodblock plates): find the caption's columns and read them upright.

The OCR detector finds vertical columns only in part, and reads a column by turning it on its
side. Here a detected column is a seed: the caption block around it is segmented into
characters (connected ink, merged to roughly square cells of the column's width), the
characters are grouped into columns, and each column's characters are laid out in a row,
upright, for the recogniser. Columns are read right to left; a title column that starts
above the others (classical plates print the title first, in larger type) is read first.
"""

from __future__ import annotations

from typing import Optional

import cv2
import numpy as np

from culti_desktop.core.ingest import engines
from culti_desktop.core.ingest.geometry import Box, union
from culti_desktop.core.ingest.page_model import Caption, Line
from culti_desktop.core.ingest.raster import binarize, remove_rules, to_gray


def _char_boxes(mask: np.ndarray, w: float) -> list[list[int]]:
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
                near = max(a[0], b[0]) - min(a[2], b[2]) <= 0.2 * w and max(a[1], b[1]) - min(a[3], b[3]) <= 0.2 * w
                if near and u[2] - u[0] <= 1.3 * w and u[3] - u[1] <= 1.25 * w:
                    boxes[i] = u
                    del boxes[j]
                    merged = True
                    break
            if merged:
                break
    boxes = [part for b in boxes for part in _split_tall(mask, b, w)]
    # Tall thin marks are rule remnants, not characters (丨 aside, no CJK glyph is that shape).
    return [b for b in boxes if ((b[2] - b[0]) >= 0.25 * w or (b[3] - b[1]) >= 0.25 * w)
            and (b[3] - b[1]) <= 2.5 * (b[2] - b[0])]


def _split_tall(mask: np.ndarray, b: list[int], w: float) -> list[list[int]]:
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


def _columns(chars: list[list[int]], w: float) -> list[list[list[int]]]:
    """Chain characters into columns top to bottom: a character continues the column whose last
    character sits just above it, overlapping it and of about the same width (a title column
    set in larger type therefore stays apart from the text columns under it)."""
    cols: list[list[list[int]]] = []
    ordered = sorted(chars, key=lambda b: (b[1], -b[2]))
    for c in ordered:
        cw = c[2] - c[0]
        best, best_ov = None, 0.0
        for col in cols:
            last = col[-1]
            # Two characters side by side under one: the column splits (a title over two text columns).
            siblings = [d for d in ordered if d is not c and abs(d[1] - c[1]) < 0.5 * w
                        and min(last[2], d[2]) - max(last[0], d[0]) > 0.3 * (d[2] - d[0])
                        and min(d[2], c[2]) - max(d[0], c[0]) <= 0]
            if siblings:
                continue
            last = col[-1]
            lw = last[2] - last[0]
            ov = (min(last[2], c[2]) - max(last[0], c[0])) / max(1.0, min(lw, cw))
            vgap = c[1] - last[3]
            if ov >= 0.5 and -0.3 * w <= vgap <= 1.6 * w and 0.6 <= cw / max(1.0, lw) <= 1.6 and ov > best_ov:
                best, best_ov = col, ov
        if best is not None:
            best.append(c)
        else:
            cols.append([c])
    tops = sorted(col[0][1] for col in cols)
    first_top = tops[0] if tops else 0
    second_top = tops[1] if len(tops) > 1 else first_top

    def is_title(col: list[list[int]]) -> bool:
        return col[0][1] <= first_top + 0.5 * w and second_top - first_top > 0.8 * w

    # Title column (starting well above the others) first, then right to left.
    return sorted(cols, key=lambda col: (0 if is_title(col) else 1, -np.mean([(b[0] + b[2]) / 2 for b in col])))


def _read_column(gray: np.ndarray, col: list[list[int]]) -> tuple[str, float]:
    h = 48
    parts = []
    for x0, y0, x1, y1 in col:
        crop = gray[y0:y1, x0:x1]
        side = max(crop.shape)
        cell = np.full((side, side), 255, np.uint8)
        oy, ox = (side - crop.shape[0]) // 2, (side - crop.shape[1]) // 2
        cell[oy:oy + crop.shape[0], ox:ox + crop.shape[1]] = crop
        parts.append(cv2.resize(cell, (h - 8, h - 8), interpolation=cv2.INTER_AREA))
        parts.append(np.full((h - 8, 6), 255, np.uint8))
    row = np.hstack(parts)
    row = cv2.copyMakeBorder(row, 4, 4, 8, 8, cv2.BORDER_CONSTANT, value=255)
    rgb = cv2.cvtColor(row, cv2.COLOR_GRAY2BGR)
    rec, _ = engines.ocr_engine().text_rec([rgb], False)
    text, score = rec[0][0], float(rec[0][1])
    return text, score


def reread_vertical_caption(img: np.ndarray, scale: float, cap: Caption, limit: Optional[Box] = None) -> Caption:
    """The caption grown to its whole column block and read upright; ``cap`` unchanged if that fails."""
    seeds = [ln for ln in cap.lines if ln.vertical]
    if not seeds:
        return cap
    w = float(np.median([ln.width for ln in seeds])) * scale
    gray = to_gray(img)
    H, W = gray.shape
    sb = union(ln.bbox for ln in seeds)
    x0 = int(max(0, sb[0] * scale - 3.5 * w))
    x1 = int(min(W, sb[2] * scale + 0.6 * w))
    y0 = int(max(0, sb[1] * scale - 8 * w))
    y1 = int(min(H, sb[3] * scale + 1.5 * w))
    if limit is not None:
        x0, y0 = max(x0, int(limit[0] * scale)), max(y0, int(limit[1] * scale))
        x1, y1 = min(x1, int(limit[2] * scale)), min(y1, int(limit[3] * scale))
    if x1 - x0 < w or y1 - y0 < w:
        return cap
    mask = remove_rules(binarize(gray[y0:y1, x0:x1]), 0.5)
    chars = _char_boxes(mask, w)
    if not chars:
        return cap
    # A detector box may span two or three columns: measure the characters themselves.
    widths = [b[2] - b[0] for b in chars if (b[2] - b[0]) >= 0.3 * w and (b[3] - b[1]) >= 0.3 * w]
    if widths and float(np.median(widths)) < 0.8 * w:
        w = float(np.median(widths))
        chars = _char_boxes(mask, w)
    cols = _columns(chars, w)
    seed_px = [(s.bbox[0] * scale - x0, s.bbox[1] * scale - y0, s.bbox[2] * scale - x0, s.bbox[3] * scale - y0)
               for s in seeds]

    def touches_seed(col: list[list[int]]) -> bool:
        cb = union(col)
        return any(min(cb[2], s[2]) - max(cb[0], s[0]) > 0 and min(cb[3], s[3]) - max(cb[1], s[1]) > -1.5 * w
                   for s in seed_px)

    # Keep text-like columns: several characters, of the seed's width, next to the seeds.
    kept = [c for c in cols if len(c) >= 2 and 0.5 * w <= np.median([b[2] - b[0] for b in c]) <= 1.6 * w
            and np.median([b[3] - b[1] for b in c]) >= 0.5 * w]
    block = [c for c in kept if touches_seed(c)]
    if not block:
        return cap
    changed = True
    while changed:
        changed = False
        bb = union([union(c) for c in block])
        for c in kept:
            if c in block:
                continue
            cb = union(c)
            if cb[2] >= bb[0] - 0.8 * w and cb[0] <= bb[2] + 0.8 * w and cb[1] <= bb[3] and cb[3] >= bb[1] - 1.5 * w:
                block.append(c)
                changed = True
    block = [c for c in cols if c in block]  # reading order
    texts, scores, lines = [], [], []
    for col in block:
        text, score = _read_column(gray[y0:y1, x0:x1], col)
        if not text:
            continue
        cb = union(col)
        box = ((cb[0] + x0) / scale, (cb[1] + y0) / scale, (cb[2] + x0) / scale, (cb[3] + y0) / scale)
        lines.append(Line(bbox=box, text=text, confidence=score, vertical=True, source="ocr"))
        texts.append(text)
        scores.append(score)
    if not texts or np.mean(scores) < 0.5:
        return cap
    engines.match_script(lines)
    texts = [ln.text for ln in lines]
    return Caption(lines=lines, bbox=union(ln.bbox for ln in lines), text="".join(texts), vertical=True,
                   source="vertical", confidence=round(float(min(0.9, np.mean(scores))), 3))
