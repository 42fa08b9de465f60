"""Generated documents and projects for bench_gui: scanned and text PDFs, a project built from one."""

from __future__ import annotations

import io
from pathlib import Path

A4 = (595.0, 842.0)  # PDF points


def scan_pdf(path: Path, pages: int, seed: int = 0) -> Path:
    """Image-only PDF: each page one 300-dpi A4 JPEG scan (noise + shapes, like a real scan)."""
    import numpy as np
    import pymupdf
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    doc = pymupdf.open()
    for i in range(pages):
        base = rng.normal(225, 12, size=(3508, 2480, 1)).clip(0, 255).astype("uint8")
        img = Image.fromarray(np.repeat(base, 3, axis=2))
        d = ImageDraw.Draw(img)
        d.rectangle((300, 400, 2180, 1900), fill=(150 + 10 * i % 80, 110, 80))
        for k in range(40):
            y = 2100 + k * 30
            d.rectangle((300, y, 300 + int(rng.integers(800, 1880)), y + 14), fill=(40, 40, 40))
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=80)
        page = doc.new_page(width=A4[0], height=A4[1])
        page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(path)
    return path


def text_pdf(path: Path, pages: int) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=A4[0], height=A4[1])
        page.draw_rect(pymupdf.Rect(60, 80, 535, 420), color=(0.4, 0.2, 0.1), fill=(0.85, 0.7, 0.5))
        page.insert_text((60, 445), f"Fig. {i + 1} Silk pattern", fontsize=11)
        for k in range(10):
            page.insert_text((60, 480 + 22 * k), f"Body line {k} of page {i + 1}", fontsize=10)
    doc.save(path)
    return path


def project_from_pdf(project_path: Path, pdf: Path, lines_per_page: int = 10) -> list[int]:
    """A project holding ``pdf`` with one figure, caption, pair and some text lines per page."""
    import pymupdf
    from sqlalchemy import select

    from culti_desktop.core.storage import create_project, open_project
    from culti_desktop.core.storage.blobs import put_blob, sha256_of
    from culti_desktop.core.storage.models import Document, Page, Pair, Region, TextLine

    data = pdf.read_bytes()
    with pymupdf.open(pdf) as d:
        sizes = [(p.rect.width, p.rect.height) for p in d]
    with create_project(project_path) as project, project.session() as s:
        put_blob(s, data)
        doc = Document(
            sha256=sha256_of(data), filename=pdf.name, kind="pdf", page_count=len(sizes), state="ready"
        )
        s.add(doc)
        s.flush()
        for i, (w, h) in enumerate(sizes):
            page = Page(document_id=doc.id, index=i, width=w, height=h, unit="pt")
            s.add(page)
            s.flush()
            fig = Region(page_id=page.id, kind="figure", source="bench", confidence=0.5)
            fig.bbox = (60, 80, 535, 420)
            cap = Region(page_id=page.id, kind="caption", source="bench", text=f"Fig. {i + 1} Silk pattern")
            cap.bbox = (60, 432, 250, 448)
            s.add_all([fig, cap])
            for k in range(lines_per_page):
                line = TextLine(page_id=page.id, text=f"Body line {k}", reading_order=k)
                line.bbox = (60, 470 + 22 * k, 300, 484 + 22 * k)
                s.add(line)
            s.flush()
            s.add(
                Pair(
                    figure_region_id=fig.id,
                    caption_region_id=cap.id,
                    caption=cap.text,
                    confidence=(i * 37 % 100) / 100,
                    proposer="bench",
                )
            )
    with open_project(project_path) as p, p.read_session() as s:
        return list(s.scalars(select(Page.id).order_by(Page.index)))


# -- measurements -------------------------------------------------------------------------------
