"""The general born-digital rules, each on generated pages (culti_desktop.testing.docgen).

Pages come from fixed seeds; the assertions leave a margin of several items, so they test the
rule, not one page's luck.
"""

from __future__ import annotations

import pymupdf
import pytest

from culti_desktop.core.ingest.analyze import analyze_pdf
from culti_desktop.core.ingest.geometry import inside_fraction
from culti_desktop.testing.docgen.build import build_document, build_specs
from culti_desktop.testing.docgen.predict import predict_pdf
from culti_desktop.testing.docgen.render import render_pdf
from culti_desktop.testing.docgen.score import f1, match
from culti_desktop.testing.docgen.spec import RectOp, TextOp


def _score(family: str, pages: int, seed: int = 3) -> dict:
    pdf, gt = build_document(family, pages, seed)
    return match(gt["figures"], predict_pdf(pdf, ocr="off"))


def _pair_f1(res: dict) -> float:
    return f1(res["pair_tp"], res["n_gt"], res["n_pred"])


def test_boxes_of_text_lines_are_not_figures():
    """Shaded code listings, boxed notes and ruled tables are not proposed as figures."""
    specs = build_specs("distractors", 6, seed=5)
    pdf = render_pdf(specs)
    boxes = {i: [op.bbox for op in s.ops if isinstance(op, RectOp)] for i, s in enumerate(specs)}
    assert sum(len(b) for b in boxes.values()) >= 6
    preds = predict_pdf(pdf, ocr="off")
    for p in preds:
        for b in boxes[p["page"]]:
            assert inside_fraction(b, p["figure_bbox"]) < 0.5, (p, b)


@pytest.mark.parametrize("family", ["distractors", "single", "two_column"])
def test_a_figure_box_never_swallows_a_text_block(family):
    specs = build_specs(family, 6, seed=7)
    pdf = render_pdf(specs)
    preds = predict_pdf(pdf, ocr="off")
    assert preds
    for p in preds:
        for op in specs[p["page"]].ops:
            if isinstance(op, TextOp) and len(op.lines) >= 2 and not op.vertical:
                assert inside_fraction(op.bbox, p["figure_bbox"]) < 0.3, (family, p, op.lines[0])


def test_stacked_and_tiled_panels_with_sub_captions_are_one_figure():
    res = _score("panels", 8)
    assert res["n_gt"] == 8
    assert res["fig_tp"] >= 7 and res["n_pred"] <= 9
    assert _pair_f1(res) >= 0.85


def test_bilingual_captions_fill_both_fields_in_either_order():
    pdf, gt = build_document("bilingual", 8, seed=2)
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        pages = analyze_pdf(doc, ocr="off")
    props = [p for pg in pages for p in pg.pairs if p.caption is not None]
    assert len(props) >= len(gt["figures"]) - 1 >= 7
    both = [p for p in props if p.caption_zh and p.caption_en]
    assert len(both) >= len(props) - 1
    for p in both:  # the full caption holds both halves
        assert p.caption_zh[:4] in p.caption.text and p.caption_en[:8] in p.caption.text
    en_first = [p for p in both if p.caption.text.lstrip()[:1].isascii()]
    zh_first = [p for p in both if not p.caption.text.lstrip()[:1].isascii()]
    assert en_first and zh_first  # the seed prints both orders
    assert _pair_f1(match(gt["figures"], predict_pdf(pdf, ocr="off"))) >= 0.85


@pytest.mark.parametrize("family", ["single", "beside", "grid"])
def test_captions_above_below_and_beside(family):
    assert _pair_f1(_score(family, 8)) >= 0.85


def test_captions_on_the_next_or_previous_page():
    res = _score("next_page", 10, seed=1)
    assert res["n_gt"] >= 4
    assert _pair_f1(res) >= 0.85


def test_two_columns_and_full_width_figures():
    res = _score("two_column", 8)
    assert res["n_gt"] >= 8
    assert _pair_f1(res) >= 0.85


def test_vertical_captions_read_title_first_then_right_to_left():
    """Plates with a larger title column and text columns beside the picture, written one
    glyph at a time in the text layer: one caption, in reading order."""
    res = _score("vertical", 8)
    assert res["n_gt"] == 8
    assert _pair_f1(res) >= 0.85


def test_column_order_puts_a_larger_title_first():
    from culti_desktop.core.ingest.columns import order_columns
    from culti_desktop.core.ingest.page_model import Line

    body_right = Line((300, 100, 310, 200), "右列", vertical=True)
    body_left = Line((280, 100, 290, 200), "左列", vertical=True)
    title = Line((250, 90, 266, 200), "題目", vertical=True)  # left of the text, set larger
    assert [c.text for c in order_columns([body_left, title, body_right])] == ["題目", "右列", "左列"]
    same = Line((250, 90, 260, 200), "三列", vertical=True)
    assert [c.text for c in order_columns([body_left, same, body_right])] == ["右列", "左列", "三列"]
