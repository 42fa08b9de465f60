"""Turn born-digital pages into 'scans': one raster per page with the flaws of a real scan.

Show-through of the facing side, uneven illumination, skew, blur, sensor noise and JPEG
artefacts, each drawn from the page's own seed. The ground truth boxes are moved with the skew.
"""

from __future__ import annotations

import io
import math
import random

import numpy as np
import pymupdf
from PIL import Image, ImageFilter

DPI = 150


def _render(page) -> Image.Image:
    pix = page.get_pixmap(dpi=DPI, colorspace=pymupdf.csRGB, alpha=False)
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


def degrade(img: Image.Image, back: Image.Image | None, rng: random.Random, angle: float) -> Image.Image:
    arr = np.asarray(img, np.float32)
    if back is not None:  # the other side of the leaf shows through, mirrored and faint
        b = np.asarray(back.transpose(Image.Transpose.FLIP_LEFT_RIGHT).resize(img.size), np.float32)
        arr = arr - rng.uniform(0.05, 0.14) * (255 - b)
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    shade = 1 - rng.uniform(0.05, 0.22) * np.hypot((xx - cx) / w, (yy - cy) / h)
    paper = np.array([rng.uniform(235, 255), rng.uniform(228, 250), rng.uniform(210, 240)], np.float32) / 255
    arr = arr * shade[..., None] * paper
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    out = out.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=(235, 232, 225))
    out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    noise = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, rng.uniform(3, 9), (h, w, 1))
    out = Image.fromarray(np.clip(np.asarray(out, np.float32) + noise, 0, 255).astype(np.uint8))
    if rng.random() < 0.4:
        out = out.convert("L").convert("RGB")
    return out


def rotate_box(box, angle: float, w: float, h: float) -> list[float]:
    """The box around ``box``'s corners after PIL's rotate(angle) about the page centre."""
    t = math.radians(angle)
    cx, cy = w / 2, h / 2
    pts = []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        dx, dy = x - cx, y - cy
        pts.append((cx + dx * math.cos(t) + dy * math.sin(t), cy - dx * math.sin(t) + dy * math.cos(t)))
    return [
        round(min(p[0] for p in pts), 2),
        round(min(p[1] for p in pts), 2),
        round(max(p[0] for p in pts), 2),
        round(max(p[1] for p in pts), 2),
    ]


def scan_pdf(pdf_bytes: bytes, figures: list[dict], seed: int) -> tuple[bytes, list[dict]]:
    """A scanned copy of ``pdf_bytes`` and its ground truth moved with each page's skew."""
    rng = random.Random(seed)
    src = pymupdf.open(stream=pdf_bytes, filetype="pdf")
    renders = [_render(p) for p in src]
    out = pymupdf.open()
    angles = []
    for i, page in enumerate(src):
        angle = rng.uniform(-3, 3)
        angles.append(angle)
        back = renders[i + 1] if i + 1 < len(renders) and rng.random() < 0.7 else None
        img = degrade(renders[i], back, rng, angle)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=rng.randint(35, 75))
        new = out.new_page(width=page.rect.width, height=page.rect.height)
        new.insert_image(new.rect, stream=buf.getvalue())
    moved = []
    for f in figures:
        g = dict(f)
        pg = src[f["page"]]
        w, h = pg.rect.width, pg.rect.height
        g["figure_bbox"] = rotate_box(f["figure_bbox"], angles[f["page"]], w, h)
        cp = f.get("caption_page", f["page"])
        if f.get("caption_bbox"):
            g["caption_bbox"] = rotate_box(f["caption_bbox"], angles[cp], w, h)
        moved.append(g)
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    src.close()
    return data, moved
