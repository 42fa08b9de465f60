"""Pixels of pages and regions: rendering with a pixel cap, ink boxes and dark-blob detection.

Everything here works on numpy arrays so both PDF pages and image files share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import cv2
import numpy as np

from culti_desktop.core.ingest.geometry import Box

#: Renders of a page for layout/OCR stay under this many pixels (a poster-sized page would
#: otherwise allocate gigabytes).
MAX_RENDER_PIXELS = 12_000_000


def render_page(page, dpi: float = 144.0, clip: Sequence[float] | None = None) -> tuple[np.ndarray, float]:
    """RGB render of a PDF page (or a clip of it) and its scale in pixels per point."""
    import pymupdf

    rect = pymupdf.Rect(clip) if clip is not None else page.rect
    s = dpi / 72.0
    px = rect.width * rect.height * s * s
    if px > MAX_RENDER_PIXELS:
        s *= (MAX_RENDER_PIXELS / px) ** 0.5
    pix = page.get_pixmap(matrix=pymupdf.Matrix(s, s), clip=rect, alpha=False, colorspace=pymupdf.csRGB)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3]
    return img, s


def to_gray(img: np.ndarray) -> np.ndarray:
    return img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)


def ink_box(gray: np.ndarray, threshold: int = 245, min_pixels: int = 2) -> tuple[int, int, int, int] | None:
    """Pixel box of everything darker than ``threshold`` (or None for a blank area)."""
    mask = gray < threshold
    if mask.sum() < min_pixels:
        return None
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def ink_box_in_region(
    img: np.ndarray,
    box: Box,
    scale: float,
    blank: Iterable[Box] = (),
    origin: tuple[float, float] = (0.0, 0.0),
    threshold: int = 245,
) -> Box | None:
    """Tight box of the ink inside ``box`` (page units), ignoring ``blank`` areas (other text)."""
    ox, oy = origin
    h, w = img.shape[:2]
    x0, y0 = max(0, int((box[0] - ox) * scale)), max(0, int((box[1] - oy) * scale))
    x1, y1 = min(w, int(np.ceil((box[2] - ox) * scale))), min(h, int(np.ceil((box[3] - oy) * scale)))
    if x1 <= x0 or y1 <= y0:
        return None
    gray = to_gray(img[y0:y1, x0:x1]).copy()
    for b in blank:
        bx0, by0 = int((b[0] - ox) * scale) - x0, int((b[1] - oy) * scale) - y0
        bx1, by1 = int(np.ceil((b[2] - ox) * scale)) - x0, int(np.ceil((b[3] - oy) * scale)) - y0
        gray[max(0, by0) : max(0, by1), max(0, bx0) : max(0, bx1)] = 255
    found = ink_box(gray, threshold)
    if found is None:
        return None
    fx0, fy0, fx1, fy1 = found
    return (
        (fx0 + x0) / scale + ox,
        (fy0 + y0) / scale + oy,
        (fx1 + x0) / scale + ox,
        (fy1 + y0) / scale + oy,
    )


def binarize(gray: np.ndarray) -> np.ndarray:
    """Dark = 1, with Otsu's threshold clamped so a near-blank page does not turn to noise."""
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    t = min(max(t, 100), 200)
    return (gray < t).astype(np.uint8)


def find_rules(mask: np.ndarray, min_frac: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """Masks of long horizontal and of long vertical straight lines (printed frames, rules)."""
    h, w = mask.shape
    found = []
    for kernel, thicken in (
        (
            cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(w * min_frac)), 1)),
            np.ones((3, 1), np.uint8),
        ),
        (
            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(3, int(h * min_frac)))),
            np.ones((1, 3), np.uint8),
        ),
    ):
        # Thickening across the line first lets slightly skewed scanned rules survive the opening.
        found.append(cv2.morphologyEx(cv2.dilate(mask, thicken), cv2.MORPH_OPEN, kernel))
    return found[0], found[1]


def frame_inside(
    horizontal: np.ndarray, vertical: np.ndarray, box: tuple[int, int, int, int], cover: float = 0.6
) -> tuple[int, int, int, int]:
    """The part of pixel ``box`` inside a printed frame: the innermost long rules around its centre
    that span most of the box (woodblock plates and framed plates print one)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    bw, bh = max(1, x1 - x0), max(1, y1 - y0)
    cols = vertical[y0:y1, x0:x1].sum(axis=0) >= cover * bh
    rows = horizontal[y0:y1, x0:x1].sum(axis=1) >= cover * bw

    def thin_runs(flags: np.ndarray, limit: int) -> np.ndarray:
        """Positions of thin runs only: a rule is a thin line, a dark photo area is not."""
        idx = np.flatnonzero(flags)
        if len(idx) == 0:
            return idx
        runs = np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1)
        return np.concatenate([r for r in runs if len(r) <= limit] or [np.array([], int)])

    xs = thin_runs(cols, max(6, int(0.02 * bw))) + x0
    ys = thin_runs(rows, max(6, int(0.02 * bh))) + y0
    left = [x for x in xs if x < cx - 0.2 * bw]
    right = [x for x in xs if x > cx + 0.2 * bw]
    top = [y for y in ys if y < cy - 0.2 * bh]
    bottom = [y for y in ys if y > cy + 0.2 * bh]
    if not (left and right and top and bottom):  # only a closed frame (gridlines and axes are not one)
        return box
    inside = (int(max(left)) + 3, int(max(top)) + 3, int(min(right)) - 2, int(min(bottom)) - 2)
    if (inside[2] - inside[0]) * (inside[3] - inside[1]) < 0.4 * bw * bh:
        return box
    return inside


def dark_blobs(mask: np.ndarray, dilate_px: int) -> list[tuple[tuple[int, int, int, int], int]]:
    """Boxes of connected dark areas after dilation, with their count of dark pixels."""
    if dilate_px > 0:
        grown = cv2.dilate(mask, np.ones((dilate_px, dilate_px), np.uint8))
    else:
        grown = mask
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        comp = labels[y : y + bh, x : x + bw] == i
        ink = int((mask[y : y + bh, x : x + bw][comp]).sum())
        sub = mask[y : y + bh, x : x + bw] * comp
        rows = np.flatnonzero(sub.any(axis=1))
        cols = np.flatnonzero(sub.any(axis=0))
        if len(rows) == 0:
            continue
        out.append(((x + int(cols[0]), y + int(rows[0]), x + int(cols[-1]) + 1, y + int(rows[-1]) + 1), ink))
    return out
