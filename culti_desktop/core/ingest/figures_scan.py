"""Figures and captions on scanned pages: the CDLA layout model, then image processing.

The layout model finds most pictures; its boxes are tightened to the ink (printed frames and
rules removed first). Where it finds none, large dark areas that are not text are taken as
pictures: engravings set beside the text are often missed by the model.
Captions without a label are taken from the layout model's figure_caption class, from a short
centred line just under the picture, or from columns of vertical text beside it (woodblock
plates print their title and description vertically, right to left).
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from culti_desktop.core.ingest.captions import join_lines
from culti_desktop.core.ingest.columns import order_columns
from culti_desktop.core.ingest.geometry import (
    Box,
    area,
    gap,
    inside_fraction,
    intersect,
    iou,
    union,
    v_overlap,
)
from culti_desktop.core.ingest.gutters import solid_blobs, split_at_gutters
from culti_desktop.core.ingest.page_model import Caption, Figure, Line
from culti_desktop.core.ingest.raster import binarize, dark_blobs, find_rules, frame_inside, to_gray
from culti_desktop.core.ingest.vertical import VerticalBlock, find_vertical_block, read_block, seeded_block

#: The per-character vertical reader (``vertical.py``: cell cutting, v4 recognition of cut
#: characters, edge blocks found from the ink). Off: PP-OCRv6 detection + ``columns.order_columns``.
PER_CHARACTER_READER = True


def clean_mask(img: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Dark pixels without long rules, and the rules themselves (horizontal, vertical)."""
    mask = binarize(to_gray(img))
    rules = find_rules(mask, 0.12)
    clean = mask.copy()
    for lines in rules:
        clean[cv2.dilate(lines, np.ones((5, 5), np.uint8)) > 0] = 0
    return clean, rules


def _tighten(
    mask: np.ndarray, box: Box, scale: float, min_ink: int, rules: tuple[np.ndarray, np.ndarray] | None = None
) -> Box | None:
    h, w = mask.shape
    x0, y0 = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    x1, y1 = min(w, int(box[2] * scale) + 1), min(h, int(box[3] * scale) + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    if rules is not None:  # a printed frame bounds the picture: margins outside it are not part of it
        x0, y0, x1, y1 = frame_inside(rules[0], rules[1], (x0, y0, x1, y1))
        if x1 <= x0 or y1 <= y0:
            return None
    blobs = [(b, ink) for b, ink in dark_blobs(mask[y0:y1, x0:x1], max(3, int(2 * scale))) if ink >= min_ink]
    if not blobs:
        return None
    # The picture is its biggest blob plus what is large or close to it; stray marks in the
    # margins (fishtail marks, specks, page numbers) are left out.
    main_box, main_ink = max(blobs, key=lambda t: t[1])
    near = 0.03 * max(h, w)
    bx: Box = main_box  # the blob's integer pixels, widened by float unions below
    for b, ink in sorted(blobs, key=lambda t: -t[1]):
        if ink >= 0.1 * main_ink or gap(b, bx) <= near:
            bx = union([bx, b])
    return ((bx[0] + x0) / scale, (bx[1] + y0) / scale, (bx[2] + x0) / scale, (bx[3] + y0) / scale)


def paper_colour(img: np.ndarray) -> np.ndarray:
    """The paper's colour: the commonest coarse colour (not the median, which lands inside the
    pictures when they cover most of a slide or a plate), averaged over the pixels that have it."""
    px = img.reshape(-1, img.shape[2])[::7].astype(np.int32)
    q = px // 16
    keys = (q[:, 0] * 16 + q[:, 1]) * 16 + q[:, 2] if img.shape[2] == 3 else q[:, 0]
    mode = np.bincount(keys).argmax()
    return px[keys == mode].mean(axis=0)


def off_paper(img: np.ndarray, delta: int = 40) -> np.ndarray:
    """Pixels whose colour differs from the paper's: pale pictures (a tan mural, a faded
    photograph) that hold little dark ink, colour pictures on a tinted slide."""
    if img.ndim == 2:
        img = img[:, :, None]
    paper = paper_colour(img)
    return (np.abs(img.astype(np.int16) - paper.astype(np.int16)).max(axis=2) > delta).astype(np.uint8)


def _mostly_text(box: Box, lines: list[Line]) -> bool:
    return sum(area(intersect(ln.bbox, box)) for ln in lines) >= 0.5 * area(box)


def _mask_lines(mask: np.ndarray, lines: list[Line], scale: float) -> np.ndarray:
    out = mask.copy()
    for ln in lines:
        x0, y0, x1, y1 = (int(v * scale) for v in ln.bbox)
        out[max(0, y0 - 1) : y1 + 2, max(0, x0 - 1) : x1 + 2] = 0
    return out


def _split(ink: np.ndarray, box: Box, scale: float, lines: list[Line], ph: float) -> list[Box]:
    """A layout figure cut at blank gutters, unless a line of text just above or below it spans a
    gutter (a caption centred under both pictures makes them one figure)."""
    parts = split_at_gutters(ink, box, scale, [ln.bbox for ln in lines if area(intersect(ln.bbox, box)) > 0])
    if len(parts) < 2:
        return parts
    xs = sorted(parts, key=lambda b: b[0])
    for left, right in zip(xs, xs[1:], strict=False):
        g0, g1 = left[2], right[0]
        if g1 <= g0:
            continue
        for ln in lines:
            lb = ln.bbox
            near = -0.02 * ph <= lb[1] - box[3] <= 0.06 * ph or -0.02 * ph <= box[1] - lb[3] <= 0.06 * ph
            if near and lb[0] < g0 and lb[2] > g1:
                return [box]
    return parts


def _drop_duplicates(figures: list[Figure]) -> list[Figure]:
    """Two layout boxes over the same picture (one loose, one tight) give one figure: the tighter."""
    keep: list[Figure] = []
    for f in sorted(figures, key=lambda f: area(f.bbox)):
        if any(iou(f.bbox, k.bbox) > 0.6 for k in keep):
            continue
        keep.append(f)
    return [f for f in figures if any(f is k for k in keep)]


def scan_figures(
    img: np.ndarray,
    scale: float,
    lines: list[Line],
    layout: list[tuple[str, Box, float]],
    pw: float,
    ph: float,
    cleaned: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[Figure]:
    """Pictures on a scanned page, in page units."""
    mask, rules = cleaned if cleaned is not None else clean_mask(img)
    min_ink = int(20 * scale * scale)
    text_lines = [ln for ln in lines if len(ln.text.strip()) >= 2]
    figures: list[Figure] = []
    ink = (mask | off_paper(img)) if any(c == "figure" for c, _, _ in layout) or text_lines else None
    for cls, box, score in layout:
        if cls != "figure" or score < 0.45:
            continue
        inner = [ln for ln in text_lines if inside_fraction(ln.bbox, box) > 0.6]
        # A "figure" that is mostly lines of text is a text block the model mistook (typescript,
        # forms); pictures carry a few labels at most.
        text_share = sum(area(ln.bbox) for ln in inner if len(ln.text) >= 8) / max(1.0, area(box))
        if text_share >= 0.25 or (score < 0.8 and text_share >= 0.12):
            continue
        # Vertical text columns at a figure's edge are its caption, not part of the picture.
        vcols = [ln for ln in inner if ln.vertical and len(ln.text) >= 2]
        m = _mask_lines(mask, vcols, scale) if vcols else mask
        tight = _tighten(m, box, scale, min_ink, rules) or box
        touching = [ln for ln in text_lines if area(intersect(ln.bbox, box)) > 0]
        if _mostly_text(tight, touching):
            # The darkest thing in the box is a line of text (a heading over a pale picture):
            # look again for what differs from the paper, with the text left out.
            retry = _tighten(_mask_lines(mask | off_paper(img), touching, scale), box, scale, min_ink, rules)
            if retry is not None and not _mostly_text(retry, touching):
                tight = retry
        parts = _split(ink, box, scale, text_lines, ph) if ink is not None else [box]
        if parts == [box]:  # no gutter: the ink-tightened box
            parts = [tight]
        for part in parts:
            extra: dict = {"layout_box": list(box)}
            if len(parts) > 1:
                extra["split_at_gutter"] = len(parts)
            figures.append(Figure(bbox=part, source="layout", confidence=round(score, 3), extra=extra))
    figures = _drop_duplicates(figures)
    if text_lines and ink is not None:  # solid pictures the layout model missed (colour on a tint)
        colour = _mask_lines(ink, text_lines, scale)
        for sb, fill in solid_blobs(colour, scale, text_lines, pw, ph):
            if any(iou(sb, f.bbox) > 0.2 or inside_fraction(sb, f.bbox) > 0.5 for f in figures):
                continue
            figures.append(Figure(bbox=sb, source="raster", confidence=0.6, extra={"fill": fill}))
    if text_lines:  # image processing: big dark areas that are not text
        masked = _mask_lines(mask, text_lines, scale)
        for bx, ink in dark_blobs(masked, max(5, int(0.012 * max(mask.shape)))):
            b: Box = (bx[0] / scale, bx[1] / scale, bx[2] / scale, bx[3] / scale)
            bw, bh = b[2] - b[0], b[3] - b[1]
            if bw < 0.12 * pw or bh < 0.1 * ph or area(b) < 0.04 * pw * ph:
                continue
            density = ink / max(1.0, area(bx))
            if density < 0.03:
                continue
            covered = sum(area(ln.bbox) for ln in text_lines if inside_fraction(ln.bbox, b) > 0.5)
            if covered > 0.3 * area(b):
                continue
            if any(iou(b, f.bbox) > 0.2 or inside_fraction(b, f.bbox) > 0.5 for f in figures):
                continue
            figures.append(
                Figure(bbox=b, source="raster", confidence=0.6, extra={"ink_density": round(density, 3)})
            )
    return figures


def scan_captions(
    figures: list[Figure],
    lines: list[Line],
    layout: list[tuple[str, Box, float]],
    labelled: list[Caption],
    img: np.ndarray | None = None,
    scale: float = 1.0,
    page_width: float = 0.0,
    page_height: float = 0.0,
    cleaned: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None = None,
) -> list[Caption]:
    """Captions without a label: layout figure_caption regions, short centred lines, vertical columns."""
    used = {id(ln) for c in labelled for ln in c.lines}
    out: list[Caption] = []
    for cls, box, score in layout:
        if cls != "figure_caption" or score < 0.4:
            continue
        inner = [ln for ln in lines if id(ln) not in used and inside_fraction(ln.bbox, box) > 0.5]
        if inner:
            used.update(id(ln) for ln in inner)
            out.append(
                Caption(
                    inner,
                    union(ln.bbox for ln in inner),
                    join_lines(ln.text for ln in inner),
                    source="layout",
                    confidence=min(0.9, score),
                )
            )
    if img is not None and cleaned is None:
        cleaned = clean_mask(img)
    ink = cleaned[0] if cleaned is not None else None
    heights = sorted(ln.height for ln in lines if not ln.vertical) or [10.0]
    lh = heights[len(heights) // 2]
    for fig in figures:
        fb = fig.bbox
        fw = fb[2] - fb[0]
        # Vertical columns beside or inside the picture's edge, grouped right to left.
        cols = [
            ln
            for ln in lines
            if ln.vertical
            and id(ln) not in used
            and len(ln.text) >= 3
            and v_overlap(ln.bbox, fb) >= 0.3
            and (
                gap(ln.bbox, fb) <= 0.1 * fw
                or inside_fraction(ln.bbox, fb) > 0.5
                or _blank_between(ink, scale, fb, ln.bbox, page_width)
            )
        ]
        if cols:
            cols.sort(key=lambda ln: -ln.bbox[2])
            group = [cols[0]]
            for ln in cols[1:]:
                if group[-1].bbox[0] - ln.bbox[2] <= 1.5 * group[-1].width:
                    group.append(ln)
            used.update(id(ln) for ln in group)
            group = order_columns(group)
            cap = Caption(
                group,
                union(ln.bbox for ln in group),
                join_lines(ln.text for ln in group),
                vertical=True,
                source="vertical",
                confidence=0.7,
            )
            if img is not None and PER_CHARACTER_READER:
                # The detected column may be a margin title: the block with most characters wins,
                # the one grown from the detected columns or one found at the picture's edge.
                edge = _edge_block(img, scale, fig, page_width, lines, cleaned) if page_width else None
                found = [edge] if edge is not None else []
                if edge is None or area(intersect(edge.bbox, cap.bbox)) <= 0:  # the edge block is not theirs
                    seeded = seeded_block(img, scale, cap)
                    found += [seeded] if seeded is not None else []
                read = read_block(max(found, key=lambda b: b.n_chars), lines) if found else None
                own = float(np.mean([ln.confidence for ln in group]))
                # The detector's own reading stands when the block is just its columns, read no surer.
                if read is not None and not (iou(read.bbox, cap.bbox) >= 0.6 and own >= read.confidence):
                    cap = read
            out.append(cap)
            continue
        # A short line (or two) centred just under the picture.
        below = sorted(
            (
                ln
                for ln in lines
                if not ln.vertical and id(ln) not in used and 0 <= ln.bbox[1] - fb[3] <= 2.5 * lh
            ),
            key=lambda ln: ln.bbox[1],
        )
        picked: list[Line] = []
        for ln in below:
            centred = abs((ln.bbox[0] + ln.bbox[2]) / 2 - (fb[0] + fb[2]) / 2) <= 0.15 * fw
            if (
                centred
                and ln.width <= 0.9 * fw
                and ln.bbox[0] >= fb[0] - 0.05 * fw
                and ln.bbox[2] <= fb[2] + 0.05 * fw
            ):
                if picked and ln.bbox[1] - picked[-1].bbox[3] > lh:
                    break
                picked.append(ln)
                if len(picked) == 2:
                    break
            elif ln.bbox[0] < fb[2] and ln.bbox[2] > fb[0]:
                break  # body text runs under the picture: no caption line here
        if picked:
            used.update(id(ln) for ln in picked)
            out.append(
                Caption(
                    picked,
                    union(ln.bbox for ln in picked),
                    join_lines(ln.text for ln in picked),
                    source="short-line",
                    confidence=0.6,
                )
            )
        elif (
            img is not None
            and PER_CHARACTER_READER
            and page_width
            and (fb[2] - fb[0]) * (fb[3] - fb[1]) >= 0.2 * page_width * page_height
        ):
            block = _edge_block(img, scale, fig, page_width, lines, cleaned)
            hidden = read_block(block, lines) if block is not None else None
            if hidden is not None:
                out.append(hidden)
    return out


def _blank_between(ink: np.ndarray | None, scale: float, fb: Box, col: Box, page_width: float) -> bool:
    """A column set apart from the picture by nothing but white space (a plate's caption beside
    its drawing) belongs to it; anything printed in between (body text, another picture) breaks that."""
    if ink is None or not page_width or gap(col, fb) > 0.3 * page_width:
        return False
    x0, x1 = (fb[2], col[0]) if col[0] >= fb[2] else (col[2], fb[0])
    y0, y1 = max(fb[1], col[1]), min(fb[3], col[3])
    band = ink[int(y0 * scale) : int(y1 * scale), int(x0 * scale) + 2 : int(x1 * scale) - 2]
    return band.size > 0 and float(band.mean()) < 0.003


def find_hidden_columns(img: np.ndarray, scale: float, fig: Figure, pw: float) -> list[Line]:
    """Vertical text columns along a picture's left or right edge that the page-wide OCR pass
    did not detect: the detector runs again on just those strips, where the text is larger
    relative to the input."""

    fb = fig.bbox
    fw = fb[2] - fb[0]
    seeds: list[Line] = []
    for sx0, sx1 in ((fb[2] - 0.22 * fw, fb[2]), (fb[0], fb[0] + 0.22 * fw)):
        x0, x1 = int(max(0, sx0 * scale)), int(min(img.shape[1], sx1 * scale))
        y0, y1 = int(max(0, fb[1] * scale)), int(min(img.shape[0], fb[3] * scale))
        if x1 - x0 < 10 or y1 - y0 < 10:
            continue
        boxes = _detect_in_strip(img[y0:y1, x0:x1])
        for box in boxes:
            pts = np.asarray(box, dtype=float)
            bx0, by0 = pts.min(axis=0)
            bx1, by1 = pts.max(axis=0)
            w, h = bx1 - bx0, by1 - by0
            if h >= 1.8 * w and h >= 0.1 * (y1 - y0) and w >= 0.015 * pw * scale:
                seeds.append(
                    Line(
                        bbox=((bx0 + x0) / scale, (by0 + y0) / scale, (bx1 + x0) / scale, (by1 + y0) / scale),
                        text="",
                        confidence=0.0,
                        vertical=True,
                        source="ocr",
                    )
                )
        if seeds:
            break
    return seeds


def _detect_in_strip(strip: np.ndarray) -> list:
    """Text boxes in a narrow strip, in strip pixels.

    The detector scales an image's *shorter* side up to 736 px; a tall narrow strip would be
    blown up several times (seconds of work), so the strip is halved and padded with white to
    736 px both ways instead.
    """
    from culti_desktop.core.ingest import engines

    small = cv2.resize(strip, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape[:2]
    canvas = np.full((max(h, 736), max(w, 736), 3), 255, np.uint8)
    canvas[:h, :w] = small[:, :, :3]
    boxes, _ = engines.ocr_engine("v4")(canvas, use_cls=False, use_rec=False)
    return [np.asarray(b, dtype=float) * 2.0 for b in boxes or []]


def retighten_without(fig: Figure, boxes: list[Box], cleaned, scale: float) -> None:
    """Tighten a picture again with text printed inside its box (its caption, margin titles) blanked out."""
    mask, rules = cleaned
    m = mask.copy()
    pad = int(0.01 * max(m.shape))
    for box in boxes:
        x0, y0, x1, y1 = (int(v * scale) for v in box)
        m[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 0
    tight = _tighten(m, fig.bbox, scale, int(20 * scale * scale), rules)
    if tight is not None:
        fig.bbox = tight


def _edge_block(
    img: np.ndarray,
    scale: float,
    fig: Figure,
    page_width: float,
    lines: Sequence[Line],
    cleaned: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]] | None = None,
) -> VerticalBlock | None:
    """A vertical caption along the picture's right or left edge, found from the ink (the
    page-wide OCR pass may not have detected it). The type size comes from vertical columns
    detected elsewhere on the page (a plate's margin title); without any, from a second
    detector pass over the edge strips."""
    fb = fig.bbox
    fw, fh = fb[2] - fb[0], fb[3] - fb[1]
    widths = [ln.width for ln in lines if ln.vertical]
    seeds: list[Line] = []
    if not widths:
        seeds = find_hidden_columns(img, scale, fig, page_width)
        widths = [ln.width for ln in seeds]
    if not widths:
        return None
    w = float(np.median(widths))
    # Inside a printed frame, the caption is too: margin titles outside it are left out.
    _, (horizontal, vertical) = cleaned if cleaned is not None else clean_mask(img)
    H, W = img.shape[:2]
    around = (
        min(W, int(max(0.0, fb[0] - 0.15 * fw) * scale)),
        min(H, int(max(0.0, fb[1] - 0.15 * fh) * scale)),
        min(W, int((fb[2] + 0.15 * fw) * scale)),
        min(H, int((fb[3] + 0.15 * fh) * scale)),
    )
    fx0, fy0, fx1, fy1 = (v / scale for v in frame_inside(horizontal, vertical, around))
    for x0, x1 in ((fb[2] - 0.3 * fw, fb[2] + 2 * w), (fb[0] - 2 * w, fb[0] + 0.3 * fw)):
        # A caption column may start well above the picture (a title set at the frame's top).
        region = (max(fx0, x0), max(fy0, fb[1] - 0.25 * fh), min(fx1, x1), min(fy1, fb[3]))
        block = find_vertical_block(img, scale, region, w, [ln.bbox for ln in seeds] or None)
        if block is not None and block.n_chars >= 4:
            return block
    return None
