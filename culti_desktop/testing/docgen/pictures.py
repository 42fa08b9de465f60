"""Raster content for generated pages: 'photos' and slide-like captures holding text and pictures."""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from culti_desktop.testing.docgen import text as T


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=False, compress_level=1)
    return buf.getvalue()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(T.FONT_PATH), size)


def photo_image(rng: random.Random, w: int, h: int) -> Image.Image:
    """A photo-like picture: a tinted gradient, soft blobs, an object with edges, grain."""
    base = np.array([rng.randint(60, 220) for _ in range(3)], float)
    tint = np.array([rng.randint(60, 220) for _ in range(3)], float)
    yy = np.linspace(0, 1, h)[:, None, None]
    xx = np.linspace(0, 1, w)[None, :, None]
    arr = base * (1 - yy) + tint * yy + 30 * np.sin(6 * xx + rng.random() * 6)
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(im)
    for _ in range(rng.randint(4, 10)):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        r = rng.uniform(0.05, 0.3) * min(w, h)
        col = tuple(rng.randint(0, 255) for _ in range(3))
        if rng.random() < 0.5:
            d.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=col)
        else:
            pts = [(cx + r * rng.uniform(-1, 1), cy + r * rng.uniform(-1, 1)) for _ in range(5)]
            d.polygon(pts, fill=col, outline=(20, 20, 20))
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    grain = np.random.default_rng(rng.randint(0, 1 << 30)).normal(0, 6, (h, w, 1))
    return Image.fromarray(np.clip(np.asarray(im, float) + grain, 0, 255).astype(np.uint8))


def photo(
    rng: random.Random, w_pt: float, h_pt: float, padded: bool = False, dpi: float = 110
) -> tuple[bytes, tuple]:
    """PNG bytes and the content box as fractions (x0, y0, x1, y1) of the image.

    ``padded`` sets the picture on a white margin, as exported figures often are: the ground
    truth box is the visible content, not the placement.
    """
    w, h = max(16, int(w_pt * dpi / 72)), max(16, int(h_pt * dpi / 72))
    if not padded:
        return _png(photo_image(rng, w, h)), (0.0, 0.0, 1.0, 1.0)
    fx0, fy0 = rng.uniform(0.04, 0.15), rng.uniform(0.04, 0.15)
    fx1, fy1 = 1 - rng.uniform(0.04, 0.15), 1 - rng.uniform(0.04, 0.15)
    canvas = Image.new("RGB", (w, h), (255, 255, 255))
    inner = photo_image(rng, int((fx1 - fx0) * w), int((fy1 - fy0) * h))
    canvas.paste(inner, (int(fx0 * w), int(fy0 * h)))
    x0, y0 = int(fx0 * w), int(fy0 * h)
    return _png(canvas), (x0 / w, y0 / h, (x0 + inner.width) / w, (y0 + inner.height) / h)


def slide(rng: random.Random, w_pt: float, h_pt: float, dpi: float = 110) -> tuple[bytes, list[dict]]:
    """A slide captured as one raster: a title, bullet points and one or two pictures.

    Returns the PNG and, per picture, its box as fractions of the slide and the caption text
    printed under it inside the raster ("" when the picture has none).
    """
    w, h = int(w_pt * dpi / 72), int(h_pt * dpi / 72)
    bg = (255, 255, 255) if rng.random() < 0.5 else (rng.randint(225, 250), rng.randint(225, 250), 235)
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    title_px = max(12, h // 11)
    d.rectangle([0, 0, w, int(title_px * 1.8)], fill=(40, 60, 110))
    d.text(
        (int(w * 0.04), int(title_px * 0.35)),
        T.zh_phrase(rng, rng.randint(5, 10)),
        font=_font(title_px),
        fill="white",
    )
    body_px = max(10, h // 22)
    n_pics = rng.choice([1, 2])
    text_w = 0.42 if n_pics == 1 else 0.0
    y = int(title_px * 2.4)
    if text_w:
        for _ in range(rng.randint(3, 5)):
            d.text(
                (int(w * 0.05), y),
                "• " + T.zh_phrase(rng, rng.randint(6, 9)),
                font=_font(body_px),
                fill=(20, 20, 20),
            )
            y += int(body_px * 1.8)
    pics = []
    top = title_px * 2.3 / h
    slots = [(0.52, 0.95)] if n_pics == 1 else [(0.05, 0.48), (0.52, 0.95)]
    cap_px = max(10, h // 24)
    for sx0, sx1 in slots:
        fy0 = top + rng.uniform(0.0, 0.05)
        with_cap = rng.random() < 0.5
        fy1 = 0.95 - (0.12 if with_cap else 0.0) - rng.uniform(0, 0.05)
        px0, py0, px1, py1 = int(sx0 * w), int(fy0 * h), int(sx1 * w), int(fy1 * h)
        im.paste(photo_image(rng, px1 - px0, py1 - py0), (px0, py0))
        cap = ""
        if with_cap:
            cap = f"图{rng.randint(1, 30)} " + T.zh_phrase(rng, rng.randint(4, 8))
            d.text((px0, py1 + int(cap_px * 0.5)), cap, font=_font(cap_px), fill=(10, 10, 10))
        pics.append({"box": (px0 / w, py0 / h, px1 / w, py1 / h), "caption": cap, "cap_px": cap_px / h})
    return _png(im), pics
