"""Woodblock plates: a vertical caption (large-type title column, then description columns
right to left) inside the printed frame, beside a line drawing, with a margin title outside
the frame. Built with Pillow and the bundled CJK font; read through the real OCR models."""

from __future__ import annotations

import difflib

import numpy as np
from PIL import Image, ImageDraw

from culti_desktop.core.ingest.analyze import analyze_image
from culti_desktop.core.ingest.vertical import read_vertical_block

from .conftest import font

TITLE, RIGHT, LEFT = "釘頭鼠尾描", "正鋒而十分尖筆", "為鼠尾用細筆"


def _column(d: ImageDraw.ImageDraw, x: int, y: int, text: str, size: int, pitch: float) -> None:
    for k, ch in enumerate(text):
        d.text((x, y + int(k * pitch)), ch, fill="black", font=font(size))


def woodblock_plate() -> Image.Image:
    im = Image.new("RGB", (700, 1000), (246, 242, 232))
    d = ImageDraw.Draw(im)
    d.rectangle((40, 60, 640, 960), outline="black", width=4)  # the printed frame
    _column(d, 655, 120, "海仙畫譜", 26, 32)  # margin title, outside the frame
    # A line drawing: a figure of curves and folds.
    for k in range(9):
        d.arc((90 + 12 * k, 200 + 20 * k, 430 - 8 * k, 900 - 10 * k), 200, 340 + 5 * k, fill="black", width=3)
        d.line((120 + 30 * k, 880, 160 + 25 * k, 420 + 15 * k), fill="black", width=2)
    d.ellipse((200, 110, 320, 230), outline="black", width=3)
    # The caption: the title in larger type, then two description columns hanging beside its foot.
    _column(d, 560, 90, TITLE, 48, 56)
    _column(d, 596, 90 + 4 * 56 + 10, RIGHT, 32, 38)
    _column(d, 552, 90 + 5 * 56 + 4, LEFT, 32, 38)
    return im


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def test_vertical_block_is_read_title_first_then_right_to_left() -> None:
    img = np.asarray(woodblock_plate())
    cap = read_vertical_block(img, 1.0, (480.0, 70.0, 638.0, 700.0), 32.0)
    assert cap is not None
    assert cap.vertical and len(cap.lines) == 3, [ln.text for ln in cap.lines]
    assert _similar(cap.text, TITLE + RIGHT + LEFT) >= 0.8, cap.text
    assert cap.lines[0].text.startswith(TITLE[:2]) or _similar(cap.lines[0].text, TITLE) >= 0.6
    # 十 is a thin character the ink cells alone miss: the column's pitch still cuts it out.
    assert len(cap.lines[1].text) >= len(RIGHT) - 1, cap.lines[1].text


def test_woodblock_page_pairs_the_drawing_with_its_vertical_caption_not_the_margin_title() -> None:
    page = analyze_image(np.asarray(woodblock_plate()), 0)
    assert page.pairs, "no proposal"
    captioned = [p for p in page.pairs if p.caption is not None]
    assert captioned, [p.reason for p in page.pairs]
    best = max(captioned, key=lambda p: _similar(p.caption.text, TITLE + RIGHT + LEFT))
    # The caption found beside the drawing, title first (reading quality: the test above).
    assert best.caption.vertical and "vertical caption" in best.reason
    assert _similar(best.caption.text[: len(TITLE)], TITLE) >= 0.6, best.caption.text
    assert "海仙" not in best.caption.text and "畫譜" not in best.caption.text
    x0, _, x1, _ = best.figure.bbox
    assert x1 <= 560 and x0 >= 40, best.figure.bbox  # the drawing, without the caption columns
