"""Draw a :class:`PageSpec` on a PyMuPDF page: text in the bundled font, rasters, vector charts."""

from __future__ import annotations

import math
import random

import pymupdf

from culti_desktop.testing.docgen import text as T
from culti_desktop.testing.docgen.spec import ASC, ChartOp, ImageOp, LineOp, PageSpec, RectOp, TextOp


def _text(tw, op: TextOp) -> None:
    """Through a TextWriter with one shared Font: the font is embedded once per document, and
    inserting text line by line with a font file is ~10x slower."""
    font = T.font()
    step = op.size * op.leading
    for i, ln in enumerate(op.lines):
        if op.vertical:
            x = op.x - i * step - op.size
            for k, ch in enumerate(ln):
                tw.append((x, op.y + k * op.size * 1.05 + ASC * op.size), ch, font=font, fontsize=op.size)
        else:
            tw.append((op.x, op.y + i * step + ASC * op.size), ln, font=font, fontsize=op.size)


def _rect(page, op: RectOp) -> None:
    r = pymupdf.Rect(op.bbox)
    shape = page.new_shape()
    if op.radius:
        shape.draw_rect(r, radius=min(0.2, op.radius / max(1.0, min(r.width, r.height))))
    else:
        shape.draw_rect(r)
    shape.finish(color=op.stroke, fill=op.fill, width=op.width if op.stroke else 0)
    shape.commit()


def _chart(page, op: ChartOp) -> None:
    """Axes with ticks and either bars, curves or a diagram of boxes and arrows."""
    rng = random.Random(op.seed)
    x0, y0, x1, y1 = op.bbox
    sh = page.new_shape()
    if op.kind == "diagram":
        n = rng.randint(3, 5)
        bw = (x1 - x0) / (n * 1.6)
        cy = (y0 + y1) / 2
        centers = []
        for i in range(n):
            bx = x0 + i * (x1 - x0 - bw) / max(1, n - 1)
            by = y0 + rng.uniform(0, (y1 - y0) * 0.6)
            h = (y1 - y0) * 0.35
            by = min(by, y1 - h)
            sh.draw_oval(pymupdf.Rect(bx, by, bx + bw, by + h)) if i % 2 else sh.draw_rect(
                pymupdf.Rect(bx, by, bx + bw, by + h)
            )
            centers.append((bx + bw / 2, by + h / 2))
        sh.finish(color=(0.1, 0.2, 0.5), fill=(0.85, 0.9, 1.0), width=1)
        for a, b in zip(centers, centers[1:], strict=False):
            sh.draw_curve(pymupdf.Point(a), pymupdf.Point((a[0] + b[0]) / 2, cy), pymupdf.Point(b))
        sh.finish(color=(0.2, 0.2, 0.2), width=0.8)
        # the diagram's corners are marked so its box is what was asked for
        sh.draw_line(pymupdf.Point(x0, y0), pymupdf.Point(x0 + 4, y0 + 4))
        sh.draw_line(pymupdf.Point(x1, y1), pymupdf.Point(x1 - 4, y1 - 4))
        sh.finish(color=(0.2, 0.2, 0.2), width=0.8)
        sh.commit()
        return
    sh.draw_line(pymupdf.Point(x0, y1), pymupdf.Point(x1, y1))
    sh.draw_line(pymupdf.Point(x0, y1), pymupdf.Point(x0, y0))
    for k in range(1, 6):
        tx = x0 + k * (x1 - x0) / 6
        sh.draw_line(pymupdf.Point(tx, y1), pymupdf.Point(tx, y1 - 3))
    sh.finish(color=(0, 0, 0), width=0.8)
    if op.kind == "bars":
        n = rng.randint(4, 9)
        bw = (x1 - x0) / (n * 1.5)
        for i in range(n):
            h = rng.uniform(0.2, 0.95) * (y1 - y0)
            bx = x0 + 4 + i * (x1 - x0 - 8) / n
            sh.draw_rect(pymupdf.Rect(bx, y1 - h, bx + bw, y1))
            sh.finish(color=None, fill=(rng.random() * 0.6, 0.3 + rng.random() * 0.5, 0.7), width=0)
    else:
        for c in range(rng.randint(1, 3)):
            ph, amp = rng.uniform(0, 6.3), rng.uniform(0.15, 0.45)
            pts = [
                pymupdf.Point(
                    x0 + (x1 - x0) * t / 40,
                    (y0 + y1) / 2 - (y1 - y0) * amp * math.sin(ph + t / 40 * 2 * math.pi * (1 + c)),
                )
                for t in range(41)
            ]
            sh.draw_polyline(pts)
            sh.finish(color=((c * 0.4) % 1, 0.2, 0.8 - 0.3 * c), width=1.1, closePath=False)
    sh.commit()


def draw_page(page, spec: PageSpec) -> None:
    writers: dict[tuple, pymupdf.TextWriter] = {}
    for op in spec.ops:
        if isinstance(op, TextOp):
            _text(writers.setdefault(op.color, pymupdf.TextWriter(page.rect)), op)
        elif isinstance(op, RectOp):
            _rect(page, op)
        elif isinstance(op, LineOp):
            page.draw_line(op.p0, op.p1, color=op.color, width=op.width)
        elif isinstance(op, ImageOp):
            page.insert_image(pymupdf.Rect(op.bbox), stream=op.png, keep_proportion=False)
        elif isinstance(op, ChartOp):
            _chart(page, op)
    for color, tw in writers.items():
        tw.write_text(page, color=color)


def render_pdf(specs: list[PageSpec]) -> bytes:
    doc = pymupdf.open()
    for spec in specs:
        draw_page(doc.new_page(width=spec.width, height=spec.height), spec)
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data
