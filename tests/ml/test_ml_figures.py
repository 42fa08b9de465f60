"""figure_image crops the stored originals of PDF pages, image pages and image blobs."""

from __future__ import annotations

import io

import numpy as np
import pymupdf
from PIL import Image

from culti_desktop.core.storage.blobs import put_blob
from culti_desktop.core.storage.figures import FigureCache, figure_image
from culti_desktop.core.storage.models import Document, Page, Region


def _pdf_with_red_square(path):
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=600)
    page.draw_rect(pymupdf.Rect(100, 200, 200, 300), color=(1, 0, 0), fill=(1, 0, 0))
    page.draw_rect(pymupdf.Rect(250, 200, 350, 300), color=(0, 0, 1), fill=(0, 0, 1))
    doc.save(path)


def import_file(project, path):
    """Store the file as a one-document import would, without the importer's page analysis (OCR)."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        with pymupdf.open(path) as doc:
            kind, sizes, unit = "pdf", [(p.rect.width, p.rect.height) for p in doc], "pt"
    else:
        with Image.open(path) as im:
            kind, sizes, unit = "image", [im.size], "px"
    with project.session() as s:
        key = put_blob(s, data)
        doc = Document(sha256=key, filename=path.name, kind=kind, page_count=len(sizes), state="ready")
        for i, (w, h) in enumerate(sizes):
            doc.pages.append(Page(index=i, width=w, height=h, unit=unit))
        s.add(doc)


def _add_region(project, doc_filename, box, **kw):
    with project.session() as s:
        doc = s.query(Document).filter_by(filename=doc_filename).one()
        r = Region(page_id=doc.pages[0].id, kind="figure", **kw)
        r.bbox = box
        s.add(r)
        s.flush()
        return r.id


def test_pdf_region_is_rendered_from_the_stored_pdf(project, tmp_path):
    pdf = tmp_path / "doc.pdf"
    _pdf_with_red_square(pdf)
    import_file(project, pdf)
    pdf.unlink()  # the project is self-contained
    red = _add_region(project, "doc.pdf", (100, 200, 200, 300))
    blue = _add_region(project, "doc.pdf", (250, 200, 350, 300))
    with project.read_session() as s, FigureCache() as cache:
        im_red = figure_image(s, s.get(Region, red), cache=cache)
        im_blue = figure_image(s, s.get(Region, blue), max_side=64, cache=cache)
    assert im_red.mode == "RGB"
    assert abs(im_red.width - 100 * 200 / 72) <= 2  # default 200 dpi
    r, g, b = np.asarray(im_red).reshape(-1, 3).mean(0)
    assert r > 200 and b < 60
    assert max(im_blue.size) == 64
    r, g, b = np.asarray(im_blue).reshape(-1, 3).mean(0)
    assert b > 200 and r < 60


def test_image_page_region_is_cropped_in_pixels(project, tmp_path):
    arr = np.zeros((120, 200, 3), dtype=np.uint8)
    arr[:, 100:] = (0, 255, 0)
    png = tmp_path / "scan.png"
    Image.fromarray(arr).save(png)
    import_file(project, png)
    rid = _add_region(project, "scan.png", (110, 10, 190, 50))
    with project.read_session() as s:
        im = figure_image(s, s.get(Region, rid))
    assert im.size == (80, 40)
    assert np.asarray(im)[..., 1].min() == 255


def test_region_with_its_own_blob_uses_that_image(project, tmp_path):
    png = tmp_path / "page.png"
    Image.new("RGB", (50, 50), "white").save(png)
    import_file(project, png)
    buf = io.BytesIO()
    Image.new("RGB", (300, 150), (10, 20, 250)).save(buf, format="PNG")
    with project.session() as s:
        key = put_blob(s, buf.getvalue())
    rid = _add_region(project, "page.png", (0, 0, 10, 10), image_sha256=key)
    with project.read_session() as s:
        im = figure_image(s, s.get(Region, rid), max_side=100)
    assert im.size == (100, 50)
    assert tuple(np.asarray(im)[25, 50]) == (10, 20, 250)
