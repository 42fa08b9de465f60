"""Small documents built on the fly for the ingest tests (PyMuPDF and Pillow; nothing downloaded)."""

from __future__ import annotations

import io
import math
import struct
import zlib
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-microhei.ttc"


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def picture_png(w: int = 300, h: int = 200, seed: int = 0) -> bytes:
    """A 'photo': coloured shapes on a tinted background."""
    im = Image.new("RGB", (w, h), (230, 210, 180))
    d = ImageDraw.Draw(im)
    for i in range(12):
        x, y = (37 * (i + seed)) % w, (53 * (i + 2 * seed)) % h
        d.ellipse([x, y, x + 60, y + 40], fill=((90 * i) % 255, (40 * i + 80) % 255, 120))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def draw_plot(page: pymupdf.Page, rect: pymupdf.Rect) -> None:
    """A vector line plot: axes, ticks and a sine curve drawn as many short slanted segments."""
    sh = page.new_shape()
    sh.draw_line(rect.bl, rect.br)
    sh.draw_line(rect.bl, rect.tl)
    pts = [
        pymupdf.Point(
            rect.x0 + rect.width * t / 40,
            rect.y0 + rect.height / 2 - rect.height * 0.4 * math.sin(t / 40 * 2 * math.pi),
        )
        for t in range(41)
    ]
    for a, b in zip(pts, pts[1:]):
        sh.draw_line(a, b)
    sh.finish(color=(0, 0, 0.8), width=1)
    sh.commit()


@pytest.fixture
def born_digital_pdf(tmp_path: Path) -> Path:
    """Page 0: body text citing 图1, a raster figure with a bilingual caption below.
    Page 1: a two-panel vector figure with one caption ("Fig. 2"), and a ruled table."""
    doc = pymupdf.open()
    p0 = doc.new_page(width=595, height=842)
    p0.insert_text(
        (72, 80), "丝绸纹样的研究：如图1所示，团窠纹样在唐代十分流行。", fontname="china-s", fontsize=11
    )
    p0.insert_image(pymupdf.Rect(150, 120, 450, 320), stream=picture_png())
    p0.insert_text((150, 340), "图1 唐代联珠团窠对鸟纹锦", fontname="china-s", fontsize=10)
    p0.insert_text(
        (150, 356), "Figure 1 Tang dynasty roundel silk with paired birds", fontname="helv", fontsize=9
    )
    p0.insert_text(
        (72, 420),
        "这是正文的另一段，与图片无关，讨论织物的组织结构与染色工艺。",
        fontname="china-s",
        fontsize=11,
    )
    p1 = doc.new_page(width=595, height=842)
    draw_plot(p1, pymupdf.Rect(80, 100, 280, 250))
    draw_plot(p1, pymupdf.Rect(300, 100, 500, 250))
    p1.insert_text((170, 262), "(a)", fontname="helv", fontsize=8)
    p1.insert_text((390, 262), "(b)", fontname="helv", fontsize=8)
    p1.insert_text(
        (80, 285), "Fig. 2. Two dyeing curves: (a) madder, (b) indigo.", fontname="helv", fontsize=9
    )
    sh = p1.new_shape()  # a table: horizontal rules around text, no caption, not a figure
    for y in (400, 420, 480):
        sh.draw_line((80, y), (500, y))
    sh.finish(color=(0, 0, 0), width=0.8)
    sh.commit()
    for i, y in enumerate((415, 440, 460)):
        p1.insert_text((90, y), f"row {i}   madder   indigo   weld   {i * 3}", fontname="helv", fontsize=9)
    path = tmp_path / "born_digital.pdf"
    doc.save(path)
    return path


def text_image(
    lines: list[tuple[tuple[int, int], str, int]],
    size=(640, 360),
    vertical: list | None = None,
    picture: tuple[int, int, int, int] | None = None,
) -> Image.Image:
    im = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(im)
    if picture:
        x0, y0, x1, y1 = picture
        d.rectangle(picture, fill=(120, 90, 60))
        for k in range(0, x1 - x0, 12):
            d.line([(x0 + k, y0), (x1 - k // 2, y1)], fill=(20, 20, 20), width=3)
        d.ellipse([x0 + 20, y0 + 20, x1 - 20, y1 - 20], outline=(0, 0, 0), width=4)
    for (x, y), text, sz in lines:
        d.text((x, y), text, fill="black", font=font(sz))
    for (x, y), text, sz in vertical or []:
        for k, ch in enumerate(text):
            d.text((x, y + k * int(sz * 1.15)), ch, fill="black", font=font(sz))
    return im


@pytest.fixture
def scanned_pdf(tmp_path: Path) -> Path:
    """One image-only page: a picture with a caption line under it (OCR + layout path)."""
    im = text_image([((150, 300), "图3 敦煌壁画 飞天", 26)], size=(640, 400), picture=(140, 30, 500, 280))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    doc = pymupdf.open()
    page = doc.new_page(width=320, height=200)
    page.insert_image(page.rect, stream=buf.getvalue())
    path = tmp_path / "scanned.pdf"
    doc.save(path)
    return path


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a huge size (a decompression bomb's signature) with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def zero_page_pdf() -> bytes:
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


@pytest.fixture
def bad_inputs(tmp_path: Path, born_digital_pdf: Path) -> dict[str, Path]:
    """One file per kind of bad input (issue item 8)."""
    d = tmp_path / "bad"
    d.mkdir()
    good = born_digital_pdf.read_bytes()
    files = {
        "empty.pdf": b"",
        "not_a_pdf.pdf": b"PK\x03\x04 this is a zip file, not a PDF" * 10,
        "truncated.pdf": good[: len(good) // 2],
        "corrupt.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n",
        "zero_pages.pdf": zero_page_pdf(),
        "bomb.png": huge_png_header(20000, 20000),
        "garbage.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
    }
    out = {}
    for name, data in files.items():
        p = d / name
        p.write_bytes(data)
        out[name] = p
    locked = pymupdf.open(born_digital_pdf)
    p = d / "locked.pdf"
    locked.save(p, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    out["locked.pdf"] = p
    out["missing.pdf"] = d / "does-not-exist.pdf"
    return out
