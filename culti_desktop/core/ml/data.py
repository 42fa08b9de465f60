"""Image-text data of one split, read from the project's accepted pairs.

A split is a set of unique images (figure regions) and unique texts, linked by positive pairs.
Several pairs may share one figure (one image, several captions) and several may share one
``text_key`` (one text, several positive images, as in Chinese-CLIP datasets); without a
``text_key``, identical caption strings are one text, since no model could tell them apart.
Images are squashed to the model resolution once (what cn_clip's preprocess does first) and kept
as uint8 arrays, so training epochs do not re-render PDF pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from culti_desktop.core.errors import InputError
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.figures import FigureCache, figure_image
from culti_desktop.core.storage.models import Page, Pair, Region
from culti_desktop.core.storage.project import Project

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


def pair_text(pair: Pair) -> str:
    """The Chinese caption the model learns from (the printed caption if no Chinese one is set)."""
    return (pair.caption_zh or pair.caption or "").strip()


@dataclass
class SplitData:
    """Unique images and texts of one split plus the positive links between them."""

    split: str
    image_size: int
    region_ids: list[int] = field(default_factory=list)
    image_docs: list[int] = field(default_factory=list)  # document id of each image
    pixels: list[np.ndarray] = field(default_factory=list)  # (S, S, 3) uint8 per image
    texts: list[str] = field(default_factory=list)
    text_keys: list[str] = field(default_factory=list)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (text index, image index)
    failed: list[dict[str, str]] = field(default_factory=list)
    #: the renders before squashing (aspect kept), when asked for: LACLIP crops need real detail
    full_images: list[Image.Image] | None = None

    @property
    def n_images(self) -> int:
        return len(self.region_ids)

    @property
    def n_texts(self) -> int:
        return len(self.texts)

    def text_positives(self) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in self.texts]
        for t, i in self.pairs:
            out[t].add(i)
        return out

    def image_positives(self) -> list[set[int]]:
        out: list[set[int]] = [set() for _ in self.region_ids]
        for t, i in self.pairs:
            out[i].add(t)
        return out

    def images(self) -> list[Image.Image]:
        return [Image.fromarray(a) for a in self.pixels]


def list_splits(project: Project) -> dict[str, int]:
    """Accepted pair counts per split name."""
    from sqlalchemy import func

    with project.read_session() as s:
        rows = s.execute(
            select(Pair.split, func.count()).where(Pair.status == "accepted").group_by(Pair.split)
        ).all()
    return {str(k): int(v) for k, v in rows if k}


def load_split(
    project: Project,
    split: str,
    image_size: int,
    job: Job | None = None,
    render_side: int | None = None,
    keep_full: bool = False,
) -> SplitData:
    """Accepted pairs of ``split``; figures that cannot be rendered are reported and skipped.

    ``keep_full`` also keeps each render (longest side ``render_side``, default twice the model
    resolution) for scorers that crop, such as LACLIP.
    """
    job = ensure_job(job)
    data = SplitData(split=split, image_size=image_size, full_images=[] if keep_full else None)
    side = render_side or max(2 * image_size, 128)
    with project.read_session() as s:
        pairs = s.scalars(
            select(Pair)
            .where(Pair.status == "accepted", Pair.split == split)
            .options(joinedload(Pair.figure).joinedload(Region.page).joinedload(Page.document))
            .order_by(Pair.figure_region_id, Pair.id)
        ).all()
        image_index: dict[int, int] = {}
        text_index: dict[str, int] = {}
        bad_regions: set[int] = set()
        job.start(len(pairs), f"reading {split} pairs")
        with FigureCache() as cache:
            for pair in pairs:
                text = pair_text(pair)
                rid = pair.figure_region_id
                if text and rid not in image_index and rid not in bad_regions:
                    try:
                        im = figure_image(s, pair.figure, max_side=side, cache=cache)
                    except InputError as exc:
                        bad_regions.add(rid)
                        data.failed.append({"region": str(rid), "error": exc.one_line()})
                    else:
                        image_index[rid] = len(data.region_ids)
                        data.region_ids.append(rid)
                        data.image_docs.append(pair.figure.page.document_id)
                        if data.full_images is not None:
                            data.full_images.append(im)
                        sq = im.resize((image_size, image_size), Image.Resampling.BICUBIC)
                        data.pixels.append(np.asarray(sq, dtype=np.uint8).copy())
                if text and rid in image_index:
                    key = pair.text_key or f"text:{text}"
                    if key not in text_index:
                        text_index[key] = len(data.texts)
                        data.texts.append(text)
                        data.text_keys.append(key)
                    link = (text_index[key], image_index[rid])
                    if link not in data.pairs:
                        data.pairs.append(link)
                job.advance(1)
    return data


def pixels_to_tensor(arrays: list[np.ndarray]) -> torch.Tensor:
    """uint8 (S, S, 3) arrays -> normalised (N, 3, S, S) float tensor (cn_clip's ToTensor+Normalize)."""
    x = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float().div_(255.0)
    mean = torch.tensor(CLIP_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(CLIP_STD).view(1, 3, 1, 1)
    return (x - mean) / std
