"""Lines of a PDF page's own text layer, with fonts (the cues captions are recognised by)."""

from __future__ import annotations

import pymupdf

from culti_desktop.core.ingest.page_model import Line

_FLAGS = (pymupdf.TEXTFLAGS_DICT | pymupdf.TEXT_MEDIABOX_CLIP) & ~pymupdf.TEXT_PRESERVE_IMAGES


def text_layer_lines(page: pymupdf.Page) -> tuple[list[Line], bool]:
    """(lines in content order, whether all of the text is invisible, as OCR layers are)."""
    lines: list[Line] = []
    visible = False
    for block in page.get_text("dict", flags=_FLAGS)["blocks"]:
        if block.get("type") != 0:
            continue
        for ln in block["lines"]:
            spans = [s for s in ln["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = "".join(s["text"] for s in ln["spans"]).strip()
            main = max(spans, key=lambda s: len(s["text"].strip()))
            if any(s.get("alpha", 255) != 0 for s in spans):
                visible = True
            dx, dy = ln["dir"]
            font = main["font"]
            lines.append(
                Line(
                    bbox=tuple(ln["bbox"]),
                    text=text,
                    vertical=abs(dy) > abs(dx),
                    source="pdf",
                    font=font,
                    font_size=round(float(main["size"]), 2),
                    bold=bool(main["flags"] & 16) or "bold" in font.lower(),
                    block=int(block["number"]),
                )
            )
    return lines, (bool(lines) and not visible)
