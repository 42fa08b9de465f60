"""A scan stored as a stack of image strips is one scan, not a figure made of the strips.

Found on a real scan (a figure-free survey page stored as 62 full-width bands): the union of the
strips was proposed as an uncaptioned figure on every page. The pages here are made with PyMuPDF.
"""

from __future__ import annotations

import io

import numpy as np
import pymupdf
from PIL import Image

from culti_desktop.core.ingest.figures_pdf import full_page_image, image_infos, join_strips


def _png(w: int, h: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(180, 256, size=(h, w, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


def _page_with(rects: list[tuple[float, float, float, float]]) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    for k, r in enumerate(rects):
        page.insert_image(pymupdf.Rect(*r), stream=_png(60, 8, k), keep_proportion=False)
    return doc.reload_page(page)


def test_a_page_stored_as_horizontal_strips_is_a_scan():
    strips = [(0, 800 * k / 40, 600, 800 * (k + 1) / 40) for k in range(40)]
    page = _page_with(strips)
    infos = image_infos(page)
    assert len(infos) == 40
    assert all(
        (b[2] - b[0]) * (b[3] - b[1]) < 0.05 * 600 * 800 for b in (tuple(i["bbox"]) for i in infos)
    )  # no single strip is large: only joining them shows the scan
    assert full_page_image(page, infos)


def test_side_by_side_tiles_join_too():
    tiles = [(300 * c, 400 * r, 300 * (c + 1), 400 * (r + 1)) for r in range(2) for c in range(2)]
    assert len(join_strips(tiles, 600, 800)) <= 2  # rows join, or columns: never four pieces
    assert full_page_image(_page_with(tiles), image_infos(_page_with(tiles)))


def test_separate_pictures_are_not_joined_into_a_scan():
    # two full-width photos with a paragraph's gap between them, and a grid of four with gutters
    stacked = [(0, 40, 600, 380), (0, 430, 600, 770)]
    grid = [(30 + 280 * c, 40 + 370 * r, 290 + 280 * c, 390 + 370 * r) for r in range(2) for c in range(2)]
    for rects in (stacked, grid):
        page = _page_with(rects)
        assert len(join_strips([tuple(i["bbox"]) for i in image_infos(page)], 600, 800)) == len(rects)
        assert not full_page_image(page, image_infos(page))
