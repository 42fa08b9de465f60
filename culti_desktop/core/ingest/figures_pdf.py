"""Figure candidates on born-digital PDF pages: embedded images and clusters of vector drawings.

Pieces lying close together are grouped on a coarse occupancy grid (one pass, linear in the
number of drawings, so pages with thousands of plot strokes stay fast). Groups that look like
tables (only straight horizontal/vertical rules around text) or decorations (thin rules,
backgrounds, tiny marks) are dropped; multi-panel figures are merged later, once captions are
known (:mod:`pairing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from culti_desktop.core.ingest.geometry import Box, area, inside_fraction, intersect
from culti_desktop.core.ingest.page_model import Figure, Line

GRID = 2.0  # points per grid cell
MERGE_GAP = 6.0  # pieces closer than this (points) belong together


@dataclass
class _Piece:
    bbox: Box
    kind: str  # image | vector
    curvy: int = 0  # number of curves or slanted lines: plots, drawings
    filled: bool = False  # coloured (non-white) fill
    xref: int = 0


@dataclass
class _Group:
    pieces: list[_Piece] = field(default_factory=list)

    @property
    def bbox(self) -> Box:
        bs = [p.bbox for p in self.pieces]
        return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def _is_white(color) -> bool:
    return color is not None and all(c > 0.97 for c in color)


def _vector_pieces(page, pw: float, ph: float) -> list[_Piece]:
    out: list[_Piece] = []
    page_area = pw * ph
    for d in page.get_cdrawings():  # the raw form: several times faster than get_drawings()
        raw = tuple(d["rect"])
        b = intersect(raw, (0.0, 0.0, pw, ph))
        if area(raw) > 0 and area(b) < 0.6 * area(raw):
            continue  # mostly off the page: bleed decorations
        w, h = b[2] - b[0], b[3] - b[1]
        if w < 0 or h < 0:
            continue
        if w * h > 0.5 * page_area:  # page backgrounds and frames
            continue
        stroke, fill = d.get("color"), d.get("fill")
        if (fill is None or _is_white(fill)) and (stroke is None or _is_white(stroke)):
            continue  # invisible or white: masks and backgrounds
        if (h < 2.5 and w > 0.55 * pw) or (w < 2.5 and h > 0.55 * ph):
            continue  # running-head rules, column separators
        curvy = 0
        for item in d["items"]:
            op = item[0]
            if op in ("c", "qu"):
                curvy += 1
            elif op == "l":
                p, q = item[1], item[2]
                if abs(p[0] - q[0]) > 0.5 and abs(p[1] - q[1]) > 0.5:
                    curvy += 1
            if curvy >= 3:
                break
        filled = fill is not None and not _is_white(fill) and w > 1.5 and h > 1.5
        out.append(_Piece(b, "vector", curvy=curvy, filled=filled))
    return out


def image_infos(page) -> list[dict]:
    """Placements of the page's images, computed once per page (each call builds a text page)."""
    return page.get_image_info(xrefs=True)


def _image_pieces(infos: list[dict], pw: float, ph: float) -> list[_Piece]:
    out: list[_Piece] = []
    page_rect = (0.0, 0.0, pw, ph)
    for info in infos:
        b = intersect(tuple(info["bbox"]), page_rect)
        if b[2] - b[0] < 6 or b[3] - b[1] < 6:
            continue  # rules drawn as 1-pixel images, bullets
        if area(b) < 0.6 * area(tuple(info["bbox"])):
            continue  # mostly off the page
        out.append(_Piece(b, "image", xref=int(info.get("xref") or 0)))
    return out


def full_page_image(page, infos: list[dict]) -> bool:
    """Whether one image covers most of the page: the mark of a scan.

    Some producers store a scanned page as a stack of image strips (bands of the same width, edge
    to edge); the strips are joined first, so such a page counts as the one scan it is.
    """
    pw, ph = page.rect.width, page.rect.height
    boxes = [intersect(tuple(info["bbox"]), (0, 0, pw, ph)) for info in infos]
    return any(area(b) >= 0.6 * pw * ph for b in join_strips(boxes, pw, ph))


def join_strips(boxes: list[Box], pw: float, ph: float) -> list[Box]:
    """Boxes with the same left and right edges that touch top to bottom (or the same top and
    bottom edges that touch side by side) become one box: the tiles of one picture."""
    tol_x, tol_y = 0.01 * pw, 0.01 * ph

    def tiles(a: Box, b: Box) -> bool:
        same_columns = abs(a[0] - b[0]) <= tol_x and abs(a[2] - b[2]) <= tol_x
        same_rows = abs(a[1] - b[1]) <= tol_y and abs(a[3] - b[3]) <= tol_y
        touch_y = -tol_y <= b[1] - a[3] <= tol_y or -tol_y <= a[1] - b[3] <= tol_y
        touch_x = -tol_x <= b[0] - a[2] <= tol_x or -tol_x <= a[0] - b[2] <= tol_x
        return (same_columns and touch_y) or (same_rows and touch_x)

    joined = sorted((b for b in boxes if area(b) > 0), key=lambda b: (b[1], b[0]))
    changed = True
    while changed:  # rows of tiles become bands, then the bands join: repeat until stable
        changed = False
        out: list[Box] = []
        for b in joined:
            for i, j in enumerate(out):
                if tiles(j, b):
                    out[i] = (min(j[0], b[0]), min(j[1], b[1]), max(j[2], b[2]), max(j[3], b[3]))
                    changed = True
                    break
            else:
                out.append(b)
        joined = out
    return joined


def _group(pieces: list[_Piece], pw: float, ph: float) -> list[_Group]:
    gw, gh = int(pw / GRID) + 2, int(ph / GRID) + 2
    grid = np.zeros((gh, gw), np.uint8)
    pad = MERGE_GAP / 2
    for p in pieces:
        x0, y0 = max(0, int((p.bbox[0] - pad) / GRID)), max(0, int((p.bbox[1] - pad) / GRID))
        x1, y1 = min(gw, int((p.bbox[2] + pad) / GRID) + 1), min(gh, int((p.bbox[3] + pad) / GRID) + 1)
        grid[y0:y1, x0:x1] = 1
    _, labels = cv2.connectedComponents(grid, connectivity=4)
    groups: dict[int, _Group] = {}
    for p in pieces:
        cx = min(gw - 1, max(0, int(((p.bbox[0] + p.bbox[2]) / 2) / GRID)))
        cy = min(gh - 1, max(0, int(((p.bbox[1] + p.bbox[3]) / 2) / GRID)))
        lab = int(labels[cy, cx])
        groups.setdefault(lab, _Group()).pieces.append(p)
    return list(groups.values())


def _looks_like_figure(g: _Group, lines: list[Line], pw: float, ph: float) -> tuple[bool, str]:
    b = g.bbox
    w, h = b[2] - b[0], b[3] - b[1]
    if h < 0.08 * ph and w > 0.7 * pw:
        return False, "banner"
    if any(p.kind == "image" for p in g.pieces):
        if w < 30 or h < 30:
            return False, "small image (logo, icon)"
        return True, "image"
    if w < 30 or h < 20:
        return False, "small drawing"
    curvy = sum(p.curvy for p in g.pieces)
    filled = sum(p.filled for p in g.pieces)
    text_area = sum(area(intersect(ln.bbox, b)) for ln in lines if inside_fraction(ln.bbox, b) > 0.5)
    text_share = text_area / max(area(b), 1.0)
    if curvy >= 3 and text_share < 0.5:
        return True, "vector drawing"
    if filled >= 3 and text_share < 0.35:
        return True, "vector chart"
    return False, "rules or table"


def figure_candidates(page, lines: list[Line], infos: list[dict]) -> list[Figure]:
    """Images and vector drawings of a born-digital page, grouped, tables and decorations left out."""
    pw, ph = page.rect.width, page.rect.height
    pieces = _image_pieces(infos, pw, ph) + _vector_pieces(page, pw, ph)
    if not pieces:
        return []
    figures = []
    for g in _group(pieces, pw, ph):
        ok, why = _looks_like_figure(g, lines, pw, ph)
        if not ok:
            continue
        kinds = {p.kind for p in g.pieces}
        source = "image" if kinds == {"image"} else "vector" if kinds == {"vector"} else "mixed"
        figures.append(
            Figure(
                bbox=g.bbox,
                source=source,
                confidence=0.9 if "image" in kinds else 0.75,
                extra={
                    "pieces": len(g.pieces),
                    "why": why,
                    "images": sorted({p.xref for p in g.pieces if p.kind == "image"}),
                },
            )
        )
    return figures
