"""Embedded captures (slides pasted as one raster) are analysed like scanned pages inside their box,
and a page's layout model call runs on the caller's own thread pair (no shared one-worker pool)."""

from __future__ import annotations

import threading

import numpy as np

from culti_desktop.core.ingest import analyze
from culti_desktop.core.ingest.geometry import inside_fraction, iou
from culti_desktop.testing.docgen.build import build_specs
from culti_desktop.testing.docgen.predict import predict_pdf
from culti_desktop.testing.docgen.render import render_pdf
from culti_desktop.testing.docgen.spec import ImageOp


def test_pictures_inside_a_slide_raster_replace_the_raster():
    specs = build_specs("slides", 2, seed=11)
    slides = [(i, op.bbox) for i, s in enumerate(specs) for op in s.ops if isinstance(op, ImageOp)]
    assert len(slides) == 4
    preds = predict_pdf(render_pdf(specs), ocr="auto")
    inside = [
        p
        for p in preds
        if any(i == p["page"] and inside_fraction(p["figure_bbox"], b) > 0.9 for i, b in slides)
    ]
    whole = [p for p in inside if any(iou(p["figure_bbox"], b) > 0.8 for _, b in slides)]
    # At least half the slides are looked into: what is proposed there is a picture, not the slide.
    assert len(inside) - len(whole) >= 2
    assert len(whole) <= 2


def test_concurrent_pages_run_the_layout_model_each_on_its_own_thread():
    """No process-wide one-worker pool: pages analysed at once (concurrent imports) don't queue."""
    assert not hasattr(analyze, "_layout_pool")
    img = np.full((200, 160, 3), 255, np.uint8)
    img[40:120, 30:130] = (90, 60, 30)
    results: list = []
    threads = [
        threading.Thread(target=lambda: results.append(analyze._ocr_with_layout(img, 1.0, False)))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 3 and all(lines == [] and isinstance(layout, list) for lines, layout in results)


def test_photos_are_not_taken_for_captures_and_slides_are():
    """The cheap flat-ground look sends slides on to OCR and spares plain photographs."""
    import pymupdf

    from culti_desktop.core.ingest.embedded import FLAT_SHARE, flat_share
    from culti_desktop.testing.docgen.build import build_document

    def shares(family: str) -> list[float]:
        pdf, _ = build_document(family, 3, seed=4)
        with pymupdf.open(stream=pdf, filetype="pdf") as doc:
            return [flat_share(p, i["bbox"]) for p in doc for i in p.get_image_info()]

    assert all(v >= FLAT_SHARE for v in shares("slides"))
    photos = [v for v in shares("grid") if v < FLAT_SHARE]
    assert len(photos) >= 2
