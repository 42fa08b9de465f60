"""Vertical text: columns assembled from stacked glyphs, and their reading order.

Vertical captions (classical plates, scrolls, some modern catalogues) are read column by column,
right to left, each top to bottom; a title set in larger type is read first wherever it stands.
The rule is the same for a text layer and for OCR output, so it runs after detection on
:class:`Line` objects and knows nothing of where they came from.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from statistics import median

from culti_desktop.core.ingest.captions import cjk_ratio, match_label
from culti_desktop.core.ingest.geometry import union
from culti_desktop.core.ingest.page_model import Caption, Line

_CJK_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef0-9]{1,2}$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TITLE_RATIO = 1.2  # a column this much wider than the others is set larger: a title


def _x_overlap(a: Line, b: Line) -> float:
    ov = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    return max(0.0, ov) / max(1e-6, min(a.width, b.width))


def assemble_glyph_columns(lines: list[Line], min_chars: int = 3) -> list[Line]:
    """Stacks of one- or two-glyph CJK lines, one under the other at one size, become vertical
    lines (some PDF producers write vertical text one glyph at a time)."""
    glyphs = [i for i, ln in enumerate(lines) if not ln.vertical and _CJK_ONLY.match(ln.text.strip())]
    glyphs.sort(key=lambda i: (lines[i].bbox[0], lines[i].bbox[1]))
    used: set[int] = set()
    columns: list[list[int]] = []
    for i in glyphs:
        if i in used:
            continue
        col = [i]
        used.add(i)
        grown = True
        while grown:
            grown = False
            last = lines[col[-1]]
            for j in glyphs:
                if j in used:
                    continue
                ln = lines[j]
                gap = ln.bbox[1] - last.bbox[3]
                if (
                    -0.2 * last.size <= gap <= 0.6 * last.size
                    and _x_overlap(ln, last) >= 0.6
                    and abs(ln.size - last.size) <= 0.15 * last.size
                ):
                    col.append(j)
                    used.add(j)
                    grown = True
                    break
        columns.append(col)
    out: list[Line] = []
    merged: set[int] = set()
    for col in columns:
        text = "".join(lines[i].text.strip() for i in col)
        if len(text) < min_chars or len(_CJK.findall(text)) < 2:
            continue  # a stack of numbers (a table's column, axis ticks) is no vertical text
        parts = [lines[i] for i in col]
        out.append(
            Line(
                bbox=union(p.bbox for p in parts),
                text="".join(p.text.strip() for p in parts),
                confidence=min(p.confidence for p in parts),
                vertical=True,
                source=parts[0].source,
                font=parts[0].font,
                font_size=parts[0].font_size,
                block=parts[0].block,
            )
        )
        merged.update(col)
    if not out:
        return lines
    return [ln for i, ln in enumerate(lines) if i not in merged] + out


def order_columns(cols: list[Line]) -> list[Line]:
    """Right to left; a column set clearly larger than the rest (a title) first."""
    cols = sorted(cols, key=lambda ln: -ln.bbox[2])
    if len(cols) < 2:
        return cols
    widths = [ln.width for ln in cols]
    for k, ln in enumerate(cols):
        others = widths[:k] + widths[k + 1 :]
        if ln.width >= TITLE_RATIO * median(others) and ln.width == max(widths):
            return [ln] + cols[:k] + cols[k + 1 :]
    return cols


def column_blocks(lines: list[Line], skip: AbstractSet[int] = frozenset()) -> list[list[Line]]:
    """Vertical columns side by side (gaps under about one column width) as blocks, read in order."""
    cols = sorted((ln for ln in lines if ln.vertical and id(ln) not in skip), key=lambda ln: -ln.bbox[2])
    blocks: list[list[Line]] = []
    for ln in cols:
        for bl in blocks:
            nearest = min(bl, key=lambda c: c.bbox[0])
            overlap = min(ln.bbox[3], nearest.bbox[3]) - max(ln.bbox[1], nearest.bbox[1])
            if nearest.bbox[0] - ln.bbox[2] <= 1.2 * max(ln.width, nearest.width) and overlap > 0:
                bl.append(ln)
                break
        else:
            blocks.append([ln])
    return [order_columns(bl) for bl in blocks]


def vertical_caption_blocks(
    lines: list[Line], skip: AbstractSet[int] = frozenset(), min_chars: int = 3
) -> list[Caption]:
    """Each block of vertical columns as a caption candidate; pairing decides which is whose."""
    out = []
    for bl in column_blocks(lines, skip):
        text = "".join(ln.text.strip() for ln in bl)
        if len(text) < min_chars or cjk_ratio(text) < 0.5:
            continue  # rotated Latin text is an axis title or a margin note, not vertical writing
        label = match_label(text)
        out.append(
            Caption(
                lines=bl,
                bbox=union(ln.bbox for ln in bl),
                text=text,
                label=label,
                vertical=True,
                source="vertical",
                confidence=0.75,
            )
        )
    return out
