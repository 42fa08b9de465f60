"""Scanned-page figure step on generated slides: a layout region over two pictures is split at the
blank gutter between them, body text the region swallowed is left out, a caption centred under both
keeps them one figure, and solid pictures the layout model missed are found from the pixels."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image

from culti_desktop.core.ingest.figures_scan import _split, clean_mask, off_paper, scan_figures
from culti_desktop.core.ingest.geometry import iou, union
from culti_desktop.core.ingest.gutters import solid_blobs, split_at_gutters
from culti_desktop.core.ingest.page_model import Line
from culti_desktop.testing.docgen import pictures

W_PT, H_PT = 420.0, 236.0
SCALE = 110 / 72  # the slide raster's pixels per point


def _slides(n_pics: int, count: int = 3) -> list[tuple[np.ndarray, list[tuple[float, float, float, float]]]]:
    """Generated slide rasters with ``n_pics`` pictures, and the pictures' boxes in points."""
    out = []
    for seed in range(200):
        rng = random.Random(seed)
        png, pics = pictures.slide(rng, W_PT, H_PT)
        if len(pics) != n_pics:
            continue
        img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
        boxes = [
            (p["box"][0] * W_PT, p["box"][1] * H_PT, p["box"][2] * W_PT, p["box"][3] * H_PT) for p in pics
        ]
        out.append((img, boxes))
        if len(out) == count:
            break
    return out


def _ink(img: np.ndarray) -> np.ndarray:
    return clean_mask(img)[0] | off_paper(img)


def test_a_region_over_two_pictures_side_by_side_splits_at_the_gutter():
    for img, gt in _slides(2):
        region = union(gt)  # what the layout model returns: one box over both pictures
        parts = split_at_gutters(_ink(img), region, SCALE)
        assert len(parts) == 2
        for g in gt:
            assert max(iou(g, p) for p in parts) > 0.8


def test_body_text_in_the_region_is_left_out_and_a_single_picture_stays_whole():
    for img, gt in _slides(1):
        (pic,) = gt
        whole = (0.03 * W_PT, pic[1], pic[2], pic[3])  # the region swallowed the bullet points
        bullets = [(0.05 * W_PT, pic[1] + 4 + 24 * k, 0.4 * W_PT, pic[1] + 18 + 24 * k) for k in range(3)]
        ink = _ink(img)
        parts = split_at_gutters(ink, whole, SCALE, bullets)
        assert len(parts) == 1 and iou(parts[0], pic) > 0.8
        assert split_at_gutters(ink, pic, SCALE) == [pic]  # no gutter inside one picture


def test_a_caption_centred_under_both_pictures_keeps_them_one_figure():
    img, gt = _slides(2, 1)[0]
    region = union(gt)
    ink = _ink(img)
    assert len(_split(ink, region, SCALE, [], H_PT)) == 2
    cx = (region[0] + region[2]) / 2
    centred = Line((cx - 60, region[3] + 3, cx + 60, region[3] + 13), "图3 两件青铜器", source="ocr")
    assert _split(ink, region, SCALE, [centred], H_PT) == [region]


def test_solid_pictures_the_layout_model_missed_are_found_and_a_title_bar_is_not():
    for img, gt in _slides(1):
        title_px = max(12, int(H_PT * SCALE) // 11)
        title = Line(
            (0.04 * W_PT, 0.3 * title_px / SCALE, 0.5 * W_PT, 1.4 * title_px / SCALE),
            "标题文字",
            source="ocr",
        )
        figs = scan_figures(img, SCALE, [title], [], W_PT, H_PT)
        assert any(iou(f.bbox, gt[0]) > 0.8 for f in figs)
        colour = _ink(img)
        found = [b for b, _ in solid_blobs(colour, SCALE, [title], W_PT, H_PT)]
        assert not any(b[1] < 0.05 * H_PT and b[2] - b[0] > 0.9 * W_PT for b in found)  # the title bar
