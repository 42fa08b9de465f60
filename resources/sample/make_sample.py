"""Build the bundled sample documents: reproducible, synthetic, free to ship.

Run ``python resources/sample/make_sample.py OUT_DIR``. It writes

* ``丝绸纹样图录.pdf`` — a born-digital catalogue (text layer, embedded raster figures, a
  vector-drawn figure, ``图1 …`` / ``Fig. 1 …`` bilingual captions, body text citing the figures);
* ``敦煌壁画扫描.pdf`` — a scanned-looking, image-only PDF (no text layer, slight skew and noise,
  a horizontal caption and a vertical woodblock-style caption);
* ``青铜器图版.png`` — a single page image with a ``图版三`` plate caption.

Everything is drawn from seeded noise and geometry, so nothing here is third-party material.
Only PyMuPDF, Pillow and NumPy are needed (no import of culti_desktop).
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parents[1] / "fonts" / "wqy-microhei.ttc"

PALETTES = {
    "silk": [(142, 30, 32), (214, 169, 64), (28, 62, 96), (236, 222, 190)],
    "mural": [(120, 150, 130), (184, 92, 60), (226, 205, 160), (70, 60, 50)],
    "bronze": [(60, 90, 80), (110, 140, 120), (40, 50, 45), (150, 160, 130)],
}


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def roundel_silk(w: int, h: int, seed: int, palette: str = "silk") -> Image.Image:
    """A textile-like repeat: pearl roundels with paired motifs on a coloured ground."""
    rng = np.random.default_rng(seed)
    bg, fg, accent, light = PALETTES[palette]
    im = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(im)
    step = int(min(w, h) / rng.integers(2, 4))
    for cy in range(step // 2, h + step, step):
        offset = (cy // step) % 2 * step // 2
        for cx in range(step // 2 - offset, w + step, step):
            r = step * 0.42
            d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=max(2, step // 20))
            for k in range(16):  # the pearl ring
                a = 2 * math.pi * k / 16
                px, py = cx + r * 0.86 * math.cos(a), cy + r * 0.86 * math.sin(a)
                d.ellipse([px - 3, py - 3, px + 3, py + 3], fill=fg)
            for side in (-1, 1):  # a pair of facing "birds" as stylised polygons
                pts = [
                    (cx + side * r * 0.15, cy + r * 0.3),
                    (cx + side * r * 0.55, cy - r * 0.1),
                    (cx + side * r * 0.3, cy - r * 0.45),
                    (cx + side * r * 0.1, cy - r * 0.1),
                ]
                d.polygon(pts, fill=accent, outline=light)
            d.rectangle([cx - 4, cy - r * 0.5, cx + 4, cy + r * 0.5], fill=fg)
    noise = rng.normal(0, 10, (h, w, 1))
    arr = np.clip(np.asarray(im, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(arr)


def mural_scene(w: int, h: int, seed: int) -> Image.Image:
    """A mural-like panel: ochre ground, flowing scarves (apsaras) and cloud scrolls."""
    rng = np.random.default_rng(seed)
    green, red, ground, ink = PALETTES["mural"]
    im = Image.new("RGB", (w, h), ground)
    d = ImageDraw.Draw(im)
    for _ in range(6):
        x0, y0 = rng.integers(0, w), rng.integers(0, h)
        pts = [(x0 + 40 * t + 25 * math.sin(t), y0 + 30 * math.sin(t * 0.9)) for t in np.linspace(0, 6, 30)]
        d.line(pts, fill=red if rng.random() < 0.5 else green, width=int(rng.integers(4, 9)))
    for _ in range(3):
        cx, cy, r = rng.integers(w // 5, 4 * w // 5), rng.integers(h // 5, 4 * h // 5), rng.integers(20, 40)
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=ink)
        d.ellipse([cx - r // 2, cy - 2 * r - r // 2, cx + r // 2, cy - 2 * r + r // 2], fill=red)
    im = im.filter(ImageFilter.GaussianBlur(1.2))
    arr = np.asarray(im, dtype=np.float32) * rng.uniform(0.85, 1.0, (h, w, 1))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def born_digital_pdf(path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    body_zh = "本图录收录唐代丝绸纹样。联珠团窠纹见图1，宝相花纹见图2。"
    # Page 1: one raster figure with a bilingual caption below, body text citing it.
    page = doc.new_page(width=595, height=842)
    page.insert_text((72, 80), "丝绸纹样图录", fontname="china-s", fontsize=20)
    page.insert_text((72, 110), body_zh, fontname="china-s", fontsize=10.5)
    page.insert_image(pymupdf.Rect(110, 140, 485, 440), stream=_png(roundel_silk(750, 600, seed=1)))
    page.insert_text((110, 462), "图1 唐代联珠团窠对鸟纹锦", fontname="china-s", fontsize=10)
    page.insert_text(
        (110, 478), "Fig. 1 Tang dynasty roundel silk with paired birds", fontname="helv", fontsize=9
    )
    page.insert_text(
        (72, 520),
        "团窠外环饰以联珠，内置对鸟，为粟特风格影响下的典型织锦纹样。",
        fontname="china-s",
        fontsize=10.5,
    )
    # Page 2: a two-panel figure (two rasters, one caption) and a vector-drawn figure.
    page = doc.new_page(width=595, height=842)
    page.insert_image(
        pymupdf.Rect(72, 90, 292, 300), stream=_png(roundel_silk(440, 420, seed=2, palette="silk"))
    )
    page.insert_image(
        pymupdf.Rect(303, 90, 523, 300), stream=_png(roundel_silk(440, 420, seed=3, palette="mural"))
    )
    page.insert_text((72, 320), "图2 宝相花纹锦（左：正面；右：背面）", fontname="china-s", fontsize=10)
    page.insert_text(
        (72, 336), "Fig. 2 Baoxiang flower brocade (left: front; right: back)", fontname="helv", fontsize=9
    )
    shape = page.new_shape()  # a vector-drawn lozenge lattice
    for i in range(6):
        for j in range(4):
            cx, cy = 140 + i * 60, 420 + j * 55
            shape.draw_polyline([(cx, cy - 25), (cx + 28, cy), (cx, cy + 25), (cx - 28, cy), (cx, cy - 25)])
    shape.finish(color=(0.55, 0.12, 0.12), fill=(0.85, 0.7, 0.3), width=1.5)
    shape.commit()
    page.insert_text((110, 660), "图3 菱格纹线描", fontname="china-s", fontsize=10)
    page.insert_text((110, 676), "Fig. 3 Line drawing of a lozenge lattice", fontname="helv", fontsize=9)
    doc.set_metadata({"title": "丝绸纹样图录 (CulTi sample)", "author": "CulTi Desktop sample generator"})
    doc.save(path, garbage=3, deflate=True)
    doc.close()


def _scan_page(seed: int, vertical: bool) -> Image.Image:
    """A 150-dpi A4 page image that looks scanned: yellowed paper, figure, caption, skew, noise."""
    rng = np.random.default_rng(seed)
    w, h = 1240, 1754
    page = Image.new("RGB", (w, h), (238, 230, 210))
    d = ImageDraw.Draw(page)
    fig = mural_scene(760, 560, seed=seed + 10)
    if vertical:
        page.paste(fig, (160, 260))
        title = "敦煌壁画"
        d.text((160, 150), title, font=_font(48), fill=(30, 25, 20))
        caption = "莫高窟第三二〇窟飞天"  # vertical, right of the figure, read top to bottom
        for k, ch in enumerate(caption):
            d.text((990, 280 + k * 50), ch, font=_font(40), fill=(25, 20, 15))
    else:
        page.paste(fig, (240, 300))
        d.text((240, 180), "敦煌壁画选", font=_font(48), fill=(30, 25, 20))
        d.text((240, 890), "图4 莫高窟壁画中的飞天与祥云", font=_font(32), fill=(25, 20, 15))
        d.text((240, 940), "Fig. 4 Flying apsaras and clouds, Mogao Caves", font=_font(28), fill=(25, 20, 15))
        for k, line in enumerate(["壁画以土红为底，飞天衣带飘举，", "祥云环绕，线描流畅。"]):
            d.text((240, 1040 + k * 48), line, font=_font(30), fill=(40, 35, 30))
    page = page.rotate(float(rng.uniform(-0.8, 0.8)), resample=Image.BICUBIC, fillcolor=(238, 230, 210))
    arr = np.asarray(page, dtype=np.float32) + rng.normal(0, 6, (h, w, 1))
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def scanned_pdf(path: Path) -> None:
    import pymupdf

    doc = pymupdf.open()
    for k, vertical in enumerate((False, True)):
        im = _scan_page(seed=20 + k, vertical=vertical)
        buf = io.BytesIO()
        im.save(buf, format="JPEG", quality=82)
        page = doc.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(path, garbage=3, deflate=True)
    doc.close()


def plate_image(path: Path) -> None:
    w, h = 1200, 1600
    page = Image.new("RGB", (w, h), (245, 242, 235))
    d = ImageDraw.Draw(page)
    page.paste(roundel_silk(900, 900, seed=30, palette="bronze"), (150, 200))
    d.text((150, 1140), "图版三 商代青铜器饕餮纹拓片", font=_font(40), fill=(20, 20, 20))
    d.text((150, 1200), "Plate 3 Taotie motif on a Shang bronze, rubbing", font=_font(34), fill=(20, 20, 20))
    page.save(path, format="PNG", optimize=True)


def build_sample(out_dir: str | Path) -> list[Path]:
    """Write the three sample documents into ``out_dir`` and return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "丝绸纹样图录.pdf", out / "敦煌壁画扫描.pdf", out / "青铜器图版.png"]
    born_digital_pdf(paths[0])
    scanned_pdf(paths[1])
    plate_image(paths[2])
    return paths


if __name__ == "__main__":
    for p in build_sample(sys.argv[1] if len(sys.argv) > 1 else "sample_out"):
        print(p)
