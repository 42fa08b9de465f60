"""Fixtures of the search tests: projects filled with generated figures, and tiny encoders."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from PIL import Image

from culti_desktop.core.storage.blobs import put_blob
from culti_desktop.core.storage.models import Document, Page, Pair, Region


def add_figure_pair(
    project,
    image: Image.Image,
    caption_zh: str,
    caption_en: str = "",
    *,
    margin: int = 20,
    status: str = "proposed",
    split: str | None = None,
    filename: str | None = None,
    ocr_text: str | None = None,
) -> tuple[int, int]:
    """An image page holding ``image`` at (margin, margin) with a caption below: (pair id, region id)."""
    w, h = image.size
    page_img = Image.new("RGB", (w + 2 * margin, h + 2 * margin + 30), "white")
    page_img.paste(image, (margin, margin))
    buf = io.BytesIO()
    page_img.save(buf, "PNG")
    with project.session() as s:
        sha = put_blob(s, buf.getvalue())
        doc = Document(
            sha256=sha,
            filename=filename or f"{sha[:8]}.png",
            kind="image",
            media_type="image/png",
            page_count=1,
            state="ready",
        )
        page = Page(document=doc, index=0, width=page_img.width, height=page_img.height, unit="px")
        region = Region(page=page, kind="figure", source="curator")
        region.bbox = (margin, margin, margin + w, margin + h)
        pair = Pair(
            figure=region,
            caption=caption_zh,
            caption_zh=caption_zh,
            caption_en=caption_en,
            status=status,
            split=split,
            ocr_text=ocr_text,
        )
        s.add_all([doc, page, region, pair])
        s.flush()
        return pair.id, region.id


@pytest.fixture
def tiny_encoder(project):
    """The project's tiny base model (seeded random weights) as a registered model version."""
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder

    mv = ensure_base_version(project, "tiny")
    return load_encoder(project, mv, device="cpu")


MOTIF_WEIGHTS = Path(__file__).parent / "data" / "motif_tiny_seed0.pt"


@pytest.fixture(scope="session")
def motif_model_state():
    """Weights of a tiny cn_clip taught single motifs by the real training loop, checked in (the
    same numbers on every machine; ``python -m culti_desktop.testing.motif_training`` remakes them)."""
    from culti_desktop.testing.motif_training import load_compact

    return load_compact(MOTIF_WEIGHTS)


@pytest.fixture
def add_pair(project):
    """``add_pair(image, caption_zh, caption_en="", **kw) -> (pair id, region id)`` in ``project``."""
    return lambda image, caption_zh, caption_en="", **kw: add_figure_pair(
        project, image, caption_zh, caption_en, **kw
    )


def solid(colour, size=(48, 40)) -> Image.Image:
    return Image.new("RGB", size, colour)


@pytest.fixture
def solid_image():
    return solid


def _motif_encoder(project, state):
    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.encoder import ClipEncoder
    from culti_desktop.core.ml.tiny import TINY_CONFIG
    from culti_desktop.core.storage.models import ModelVersion

    model = build_tiny_model(0)
    model.load_state_dict(state)
    with project.session() as s:
        mv = ModelVersion(
            name="tiny trained on motifs", arch="tiny", kind="finetuned", config={"clip_config": TINY_CONFIG}
        )
        s.add(mv)
        s.flush()
        mv_id = mv.id
    return ClipEncoder(model, TINY_CONFIG, "tiny", "cpu", model_version_id=mv_id)


@pytest.fixture
def motif_encoder(project, motif_model_state):
    """The session's motif-trained tiny model, registered as a model version of ``project``."""
    return _motif_encoder(project, motif_model_state)


# The CC-CEDICT lexicon is built once into this folder and reused across runs (never the user's cache).
os.environ.setdefault("CULTI_CACHE_DIR", os.path.join(tempfile.gettempdir(), "culti-test-cache"))
