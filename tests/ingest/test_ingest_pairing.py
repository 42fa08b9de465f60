"""Pairing cues: position (below, above, beside), labels, vertical captions, multi-panel merging."""

from __future__ import annotations

from culti_desktop.core.ingest.page_model import Caption, Figure, Line
from culti_desktop.core.ingest.pairing import pair_page

PW, PH = 595.0, 842.0


def cap(box, text, label=None, vertical=False) -> Caption:
    ln = Line(bbox=box, text=text, vertical=vertical, font_size=9)
    return Caption(lines=[ln], bbox=box, text=text, label=label, vertical=vertical)


def test_caption_below_wins_over_a_caption_further_away():
    fig = Figure((100, 100, 400, 300), "image")
    near = cap((100, 310, 380, 320), "Figure 1 Near", "Figure 1")
    far = cap((100, 500, 380, 510), "Figure 2 Far", "Figure 2")
    pairs = pair_page([fig], [far, near], [], PW, PH)
    assert len(pairs) == 1
    assert pairs[0].caption is near
    assert "below" in pairs[0].reason and "Figure 1" in pairs[0].reason


def test_caption_above_the_figure():
    fig = Figure((100, 200, 400, 400), "image")
    above = cap((100, 180, 300, 190), "图版三 青铜器", "图版三")
    pairs = pair_page([fig], [above], [], PW, PH)
    assert pairs[0].caption is above and "above" in pairs[0].reason
    assert pairs[0].caption_zh == "青铜器"


def test_side_caption_top_aligned():
    fig = Figure((220, 60, 550, 400), "vector")
    side = cap((40, 62, 205, 200), "Figure 3 Side caption", "Figure 3")
    pairs = pair_page([fig], [side], [], PW, PH)
    assert pairs[0].caption is side and "beside" in pairs[0].reason


def test_two_figures_two_captions_are_matched_one_to_one():
    f1, f2 = Figure((60, 100, 280, 300), "image"), Figure((320, 100, 540, 300), "image")
    c1 = cap((60, 310, 280, 320), "Fig. 1 Left", "Fig. 1")
    c2 = cap((320, 310, 540, 320), "Fig. 2 Right", "Fig. 2")
    pairs = pair_page([f1, f2], [c2, c1], [], PW, PH)
    by_fig = {id(p.figure): p.caption for p in pairs}
    assert by_fig[id(f1)] is c1 and by_fig[id(f2)] is c2


def test_vertical_caption_beside_a_woodblock_picture():
    fig = Figure((30, 130, 540, 980), "layout")
    col = cap((552, 130, 610, 800), "高古游絲描用十分尖筆", vertical=True)
    pairs = pair_page([fig], [col], [], 643, 1062)
    assert pairs[0].caption is col and "vertical" in pairs[0].reason


def test_panels_without_their_own_caption_merge_into_one_figure():
    top = Figure((150, 100, 440, 210), "vector")
    bottom = Figure((150, 240, 440, 350), "vector")
    caption = cap((90, 380, 500, 390), "图2.3 总声压级", "图2.3")
    labels = [Line((218, 220, 229, 229), "(a)", font_size=9)]
    pairs = pair_page([top, bottom], [caption], labels, PW, PH)
    assert len(pairs) == 1
    assert pairs[0].figure.bbox == (150, 100, 440, 350)


def test_panels_do_not_merge_across_body_text():
    top = Figure((150, 100, 440, 210), "vector")
    bottom = Figure((150, 250, 440, 350), "vector")
    caption = cap((90, 380, 500, 390), "图2.3 总声压级", "图2.3")
    body = [Line((90, 225, 500, 237), "这是一段正文，位于两幅图之间，所以它们不是同一幅图。", font_size=10)]
    pairs = pair_page([top, bottom], [caption], body, PW, PH, keep_uncaptioned_area=0.0)
    assert len(pairs) == 2
    assert sum(p.caption is not None for p in pairs) == 1


def test_a_rotated_latin_axis_title_is_not_a_vertical_caption():
    """Vertical writing is Chinese text; a plot's rotated English axis title belongs to the plot."""
    import pymupdf

    from culti_desktop.core.ingest.analyze import analyze_pdf_page

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    sh = page.new_shape()  # a plot: axes and a curve of slanted segments
    sh.draw_polyline([(120, 100), (120, 300), (420, 300)])
    sh.draw_polyline([(120 + 10 * k, 200 + (40 if k % 2 else -40)) for k in range(31)])
    sh.finish(color=(0, 0, 0.8), width=1, closePath=False)
    sh.commit()
    page.insert_text((105, 260), "Amplitude (mV)", fontname="helv", fontsize=8, rotate=90)
    page.insert_text((120, 325), "Fig. 1. A recording over one second.", fontname="helv", fontsize=9)
    res = analyze_pdf_page(page, 0, ocr="off")
    assert len(res.pairs) == 1
    assert res.pairs[0].caption is not None and res.pairs[0].caption.text.startswith("Fig. 1.")
