"""The curator's loop end to end: a generated Chinese PDF, an isolated model folder, offline."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

CAPTIONS = ["联珠团窠对鸟纹锦", "宝相花纹", "缠枝莲纹", "龟背纹", "云气纹", "狮子纹"]


def make_loop_pdf(path: Path) -> Path:
    """Six pages, each a distinct raster figure with a Chinese caption under it and body text."""
    import pymupdf
    from PIL import Image, ImageDraw

    doc = pymupdf.open()
    for k, cap in enumerate(CAPTIONS):
        page = doc.new_page(width=400, height=560)
        im = Image.new("RGB", (240, 180), (240 - 30 * k, 120 + 20 * k, 60 + 30 * k))
        draw = ImageDraw.Draw(im)
        for j in range(k + 2):
            draw.ellipse([20 + 30 * j, 30 + 10 * j, 80 + 30 * j, 90 + 10 * j], outline=(20, 20, 20), width=3)
        buf = io.BytesIO()
        im.save(buf, "PNG")
        page.insert_image(pymupdf.Rect(60, 60, 340, 270), stream=buf.getvalue())
        page.insert_text((60, 292), f"图{k + 1} {cap}", fontname="china-s", fontsize=11)
        page.insert_text((60, 400), "本文讨论唐代丝绸纹样的流变。", fontname="china-s", fontsize=9)
    doc.save(path)
    doc.close()
    return path


@pytest.fixture
def loop_pdf(tmp_path: Path) -> Path:
    return make_loop_pdf(tmp_path / "唐代 纹样.pdf")


@pytest.fixture(autouse=True)
def offline_models(tmp_path_factory, monkeypatch):
    """An empty user model folder and no network: the first model must come from a choice."""
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path_factory.mktemp("user-models")))
    monkeypatch.setenv("CULTI_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")


def read_lmdb(out: Path, tmp: Path) -> dict[str, int]:
    """Run cn_clip's own LMDB builder on an export and count what its dataset class reads."""
    import subprocess
    import sys

    splits = sorted(p.name[: -len("_imgs.tsv")] for p in out.glob("*_imgs.tsv"))
    lmdb_dir = tmp / "lmdb"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cn_clip.preprocess.build_lmdb_dataset",
            "--data_dir",
            str(out),
            "--splits",
            ",".join(splits),
            "--lmdb_dir",
            str(lmdb_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    from cn_clip.training.data import LMDBDataset

    counts = {}
    for sp in splits:
        ds = LMDBDataset(str(lmdb_dir / sp), split="val", max_txt_length=52, resolution=64)
        counts[sp] = len(ds)
        ds[0]  # a real sample: image decoded, text tokenised
    return counts
