"""Run the product's page analysis on a generated PDF and write predictions in the GT schema."""

from __future__ import annotations

import pymupdf


def predict_pdf(pdf: bytes, ocr: str = "auto") -> list[dict]:
    """Proposed pairs of every page: page, figure_bbox, caption (as the importer would store them)."""
    from culti_desktop.core.ingest.analyze import analyze_pdf

    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        pages = analyze_pdf(doc, ocr=ocr)
    return [
        {
            "page": pg.index,
            "figure_bbox": [round(v, 2) for v in prop.figure.bbox],
            "caption": prop.caption.text if prop.caption is not None else "",
            "caption_zh": prop.caption_zh,
            "caption_en": prop.caption_en,
        }
        for pg in pages
        for prop in pg.pairs
    ]
