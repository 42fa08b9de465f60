"""Fixtures of the ml area: a tiny encoder and a small generated dataset in a real project."""

from __future__ import annotations

import pytest
import torch

torch.set_num_threads(1)  # 2 cores are shared by the whole team


@pytest.fixture(autouse=True)
def _user_model_dir(tmp_path_factory, monkeypatch):
    """Never touch the real user model folder."""
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path_factory.mktemp("user-models")))


@pytest.fixture
def tiny_encoder():
    from culti_desktop.core.ml.registry import load_encoder

    return load_encoder(None, "tiny", device="cpu")


COLOURS = {"红色": (220, 30, 30), "绿色": (30, 180, 40), "蓝色": (30, 60, 220), "黄色": (235, 210, 20),
           "紫色": (140, 40, 190), "黑色": (10, 10, 10)}
SHAPES = ("圆形", "方形", "三角形")


def _shape_png(colour, shape, rng) -> bytes:
    import io

    from PIL import Image, ImageDraw

    bg = tuple(int(v) for v in rng.integers(170, 256, 3))
    im = Image.new("RGB", (96, 96), bg)
    d = ImageDraw.Draw(im)
    size = int(rng.integers(36, 70))
    x0, y0 = (int(v) for v in rng.integers(0, 96 - size, 2))
    box = (x0, y0, x0 + size, y0 + size)
    if shape == "圆形":
        d.ellipse(box, fill=colour)
    elif shape == "方形":
        d.rectangle(box, fill=colour)
    else:
        d.polygon([(x0 + size // 2, y0), (x0, y0 + size), (x0 + size, y0 + size)], fill=colour)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def add_shapes_dataset(project, per_split: dict[str, int], seed: int = 0) -> None:
    """Image documents with one coloured shape each and accepted pairs "红色的圆形" (shared text_key).

    Built the way the dataset importer lands data: document of kind image, one page, a full-page
    figure region, one accepted pair per image with its split.
    """
    import numpy as np

    from culti_desktop.core.ingest.store import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    rng = np.random.default_rng(seed)
    with project.session() as s:
        for split, n in per_split.items():
            for k in range(n):
                for colour, rgb in COLOURS.items():
                    for shape in SHAPES:
                        data = _shape_png(rgb, shape, rng)
                        key = put_blob(s, data)
                        doc = Document(sha256=key, filename=f"{split}-{colour}{shape}-{k}.png", kind="image",
                                       media_type="image/png", page_count=1, state="ready")
                        page = Page(index=0, width=96, height=96, unit="px")
                        doc.pages.append(page)
                        s.add(doc)
                        region = Region(kind="figure", source="dataset")
                        region.bbox = (0, 0, 96, 96)
                        page.regions.append(region)
                        s.flush()
                        caption = f"{colour}的{shape}"
                        s.add(Pair(figure_region_id=region.id, caption=caption, caption_zh=caption, status="accepted",
                                   split=split, text_key=f"{split}:{caption}", confidence=1.0))


@pytest.fixture
def shapes_project(project):
    add_shapes_dataset(project, {"train": 6, "valid": 1, "test": 2})
    return project


@pytest.fixture
def add_shapes():
    """The dataset builder itself, for tests that need several projects."""
    return add_shapes_dataset
