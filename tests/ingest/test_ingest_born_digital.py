"""Born-digital PDFs: text layer, raster and vector figures, bilingual captions, context, dedup."""

from __future__ import annotations

from sqlalchemy import select

from culti_desktop.core.ingest import import_paths
from culti_desktop.core.ingest.pair_review import list_pairs
from culti_desktop.core.storage.models import Document, Page, Pair, Region, TextLine


def test_import_proposes_one_pair_per_figure_with_captions(project, born_digital_pdf):
    summary = import_paths(project, [born_digital_pdf], ocr="off")
    assert summary.imported == [str(born_digital_pdf)] and not summary.failed
    assert summary.pages == 2
    rows = list_pairs(project)
    assert [r["page"] for r in rows] == [0, 1]  # the ruled table on page 1 is not a figure

    raster, vector = rows
    assert raster["caption"].startswith("图1 唐代联珠团窠对鸟纹锦")
    assert raster["caption_zh"] == "唐代联珠团窠对鸟纹锦"
    assert raster["caption_en"] == "Tang dynasty roundel silk with paired birds"
    x0, y0, x1, y1 = raster["figure_bbox"]
    assert abs(x0 - 150) < 3 and abs(y0 - 120) < 3 and abs(x1 - 450) < 3 and abs(y1 - 320) < 3
    assert "如图1所示" in (raster["context"] or "")
    assert 0 < raster["confidence"] <= 1 and "label 图1" in raster["reason"]

    # Two plot panels + their (a)/(b) labels are one figure with one caption.
    assert vector["caption"] == "Fig. 2. Two dyeing curves: (a) madder, (b) indigo."
    vx0, vy0, vx1, vy1 = vector["figure_bbox"]
    assert vx0 < 90 and vx1 > 490 and vy0 < 110 and vy1 >= 262
    assert vector["status"] == "proposed"


def test_text_lines_keep_boxes_order_fonts(project, born_digital_pdf):
    import_paths(project, [born_digital_pdf], ocr="off")
    with project.read_session() as s:
        page = s.scalar(select(Page).where(Page.index == 0))
        assert page.text_source == "pdf" and page.unit == "pt" and not page.is_scanned
        lines = s.scalars(
            select(TextLine).where(TextLine.page_id == page.id).order_by(TextLine.reading_order)
        ).all()
        assert lines[0].text.startswith("丝绸纹样的研究")
        assert all(ln.font and ln.font_size for ln in lines)
        assert [ln.reading_order for ln in lines] == list(range(len(lines)))
        assert lines[0].y0 < lines[-1].y0
        regions = s.scalars(select(Region)).all()
        assert {r.kind for r in regions} == {"figure", "caption"}


def test_same_bytes_again_is_a_no_op(project, born_digital_pdf, tmp_path):
    import_paths(project, [born_digital_pdf], ocr="off")
    copy = tmp_path / "copy with another name.pdf"
    copy.write_bytes(born_digital_pdf.read_bytes())
    again = import_paths(project, [born_digital_pdf, copy], ocr="off")
    assert again.imported == [] and again.skipped == [str(born_digital_pdf), str(copy)]
    assert project.count(Document) == 1 and project.count(Pair) == 2


def test_folders_are_walked_recursively(project, born_digital_pdf, tmp_path):
    nested = tmp_path / "box" / "inner"
    nested.mkdir(parents=True)
    (nested / "a.pdf").write_bytes(born_digital_pdf.read_bytes())
    (nested / "notes.txt").write_text("not a document")
    summary = import_paths(project, [tmp_path / "box"], ocr="off")
    assert summary.imported == [str(nested / "a.pdf")]


def test_an_embedded_image_figure_is_stored_as_its_own_blob(project, born_digital_pdf):
    """The figure's region points at the embedded image's own bytes (full resolution)."""
    import io

    from PIL import Image
    from sqlalchemy import select

    from culti_desktop.core.storage.blobs import get_blob
    from culti_desktop.core.storage.models import Region

    import_paths(project, [born_digital_pdf], ocr="off")
    with project.read_session() as s:
        figs = s.scalars(select(Region).where(Region.kind == "figure")).all()
        stored = [r for r in figs if r.image_sha256]
        assert len(stored) == 1  # the raster; the vector plot has no image of its own
        im = Image.open(io.BytesIO(get_blob(s, stored[0].image_sha256)))
        assert (im.width, im.height) == (300, 200)
