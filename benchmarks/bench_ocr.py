"""OCR engines side by side: character accuracy on Simplified, Traditional and vertical text,
and seconds per image, PP-OCRv4 (rapidocr-onnxruntime) against PP-OCRv6 (rapidocr 3.x).

Images are generated here (known text, drawn in the bundled font, then blurred, noised and
JPEG-compressed like a scan); woodblock caption columns from ../shared/data are added when
present (development figures). Accuracy is 1 - edit distance / length of the truth, with the
recognised lines put in reading order by the product's own step (vertical columns right to
left, a larger title first). Both engines run on the same images, alternately.

    python benchmarks/bench_ocr.py [--n 3] [--json-out FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("CULTI_SHARED", ROOT.parent / "shared"))


def _scanlike(im: Image.Image, rng: random.Random) -> np.ndarray:
    im = im.rotate(rng.uniform(-1.5, 1.5), fillcolor=(245, 242, 235), resample=Image.Resampling.BICUBIC)
    im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.9)))
    arr = np.asarray(im, np.float32) + np.random.default_rng(rng.randint(0, 1 << 30)).normal(
        0, 6, (im.height, im.width, 1)
    )
    buf = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(buf, "JPEG", quality=60)
    return np.asarray(Image.open(buf).convert("RGB"))


def sample(kind: str, rng: random.Random) -> tuple[np.ndarray, str]:
    from culti_desktop.testing.docgen import text as T

    font_px = rng.randint(22, 30)
    font = ImageFont.truetype(str(T.FONT_PATH), font_px)
    trad = kind != "simplified"
    if kind == "vertical":
        title = T.zh_phrase(rng, rng.randint(4, 7), trad=True)
        cols = [T.zh_phrase(rng, rng.randint(8, 14), trad=True) for _ in range(rng.randint(2, 4))]
        big = ImageFont.truetype(str(T.FONT_PATH), int(font_px * 1.45))
        w = int(font_px * (2.2 + 1.6 * len(cols)) + 40)
        h = int(font_px * 1.1 * max(len(c) for c in cols) + 60)
        im = Image.new("RGB", (w, h), (245, 242, 235))
        d = ImageDraw.Draw(im)
        x = w - 20 - int(font_px * 1.45)
        for k, ch in enumerate(title):
            d.text((x, 20 + k * font_px * 1.5), ch, font=big, fill=(25, 25, 25))
        x -= int(font_px * 1.9)
        for col in cols:
            for k, ch in enumerate(col):
                d.text((x, 30 + k * font_px * 1.1), ch, font=font, fill=(25, 25, 25))
            x -= int(font_px * 1.6)
        return _scanlike(im, rng), title + "".join(cols)
    lines = [
        T.zh_phrase(rng, rng.randint(12, 20), trad=trad) + "，" + T.zh_phrase(rng, 4, trad=trad) + "。"
        for _ in range(6)
    ]
    w = int(font_px * 26 + 40)
    im = Image.new("RGB", (w, int(font_px * 1.7 * len(lines) + 40)), (245, 242, 235))
    d = ImageDraw.Draw(im)
    for i, ln in enumerate(lines):
        d.text((20, 20 + i * font_px * 1.7), ln, font=font, fill=(25, 25, 25))
    return _scanlike(im, rng), "".join(lines)


def plates() -> list[tuple[np.ndarray, str]]:
    """Woodblock caption blocks from the development set (as printed, title column first)."""
    gt_path = SHARED / "data" / "gt" / "haixian_plates_c01-c06_scanned.json"
    if not gt_path.is_file():
        return []
    import pymupdf

    gt = json.loads(gt_path.read_text())
    doc = pymupdf.open(SHARED / "data" / "docs" / gt["doc"])
    out = []
    for f in gt["figures"]:
        if not f.get("caption_bbox"):
            continue
        clip = pymupdf.Rect(f["caption_bbox"]) + (-8, -8, 8, 8)
        pix = doc[f["page"]].get_pixmap(dpi=144, clip=clip, colorspace=pymupdf.csRGB, alpha=False)
        out.append((np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, 3).copy(), f["caption"]))
    return out


def cer_accuracy(pred: str, truth: str) -> float:
    a, b = "".join(pred.split()), "".join(truth.split())
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return max(0.0, 1 - prev[-1] / max(1, len(b)))


def _read(engine: str, img: np.ndarray) -> str:
    from culti_desktop.core.ingest import engines
    from culti_desktop.core.ingest.columns import column_blocks

    lines = engines.ocr_lines(img, engine=engine)
    horiz = [ln for ln in lines if not ln.vertical]
    vert = [ln for bl in column_blocks(lines) for ln in bl]
    return "".join(ln.text for ln in horiz) + "".join(ln.text for ln in vert)


def run(n: int = 3, seed: int = 0) -> dict:
    from culti_desktop.core.ingest import engines

    rng = random.Random(seed)
    sets = {k: [sample(k, rng) for _ in range(n)] for k in ("simplified", "traditional", "vertical")}
    if p := plates():
        sets["woodblock plates (dev set)"] = p
    names = engines.ENGINES
    for name in names:  # load both outside the timings
        engines.ocr_lines(sets["simplified"][0][0], engine=name)
    res: dict = {}
    for kind, items in sets.items():
        acc = {k: [] for k in names}
        secs = {k: 0.0 for k in names}
        for img, truth in items:
            for name in names:
                t0 = time.perf_counter()
                text = _read(name, img)
                secs[name] += time.perf_counter() - t0
                acc[name].append(cer_accuracy(text, truth))
        res[kind] = {
            name: {
                "char_accuracy": round(float(np.mean(acc[name])), 3),
                "seconds_per_image": round(secs[name] / len(items), 2),
            }
            for name in names
        }
        res[kind]["images"] = len(items)
    return res


def table(res: dict) -> str:
    from culti_desktop.core.ingest import engines

    names = engines.ENGINES
    head = "| text | images | " + " | ".join(f"{n} acc. | {n} s/img" for n in names) + " |"
    rows = [head, "|" + "---|" * (2 + 2 * len(names))]
    for kind, r in res.items():
        rows.append(
            f"| {kind} | {r['images']} | "
            + " | ".join(f"{r[n]['char_accuracy']} | {r[n]['seconds_per_image']}" for n in names)
            + " |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--json-out")
    a = ap.parse_args()
    r = run(a.n)
    if a.json_out:
        Path(a.json_out).write_text(json.dumps(r, ensure_ascii=False, indent=1))
    print(json.dumps(r, ensure_ascii=False, indent=1))
    print(table(r))
