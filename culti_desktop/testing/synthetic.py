"""A generated image-text set (coloured shapes, Chinese captions) for tests, benchmarks and demos.

It lands in the project exactly as imported datasets do: an image document per picture, one
page, a full-page figure region, one accepted pair with its split and a ``text_key`` shared by
all pictures of one caption (one text, several positive images).
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from culti_desktop.core.storage.blobs import put_blob
from culti_desktop.core.storage.models import Document, Page, Pair, Region
from culti_desktop.core.storage.project import Project

COLOURS = {
    "红色": (220, 30, 30),
    "绿色": (30, 180, 40),
    "蓝色": (30, 60, 220),
    "黄色": (235, 210, 20),
    "紫色": (140, 40, 190),
    "黑色": (10, 10, 10),
}
SHAPES = ("圆形", "方形", "三角形")


def shape_image(
    colour: tuple[int, int, int], shape: str, rng: np.random.Generator, size: int = 96
) -> Image.Image:
    bg = tuple(int(v) for v in rng.integers(170, 256, 3))
    im = Image.new("RGB", (size, size), bg)
    d = ImageDraw.Draw(im)
    s = int(rng.integers(size * 3 // 8, size * 3 // 4))
    x0, y0 = (int(v) for v in rng.integers(0, size - s, 2))
    if shape == "圆形":
        d.ellipse((x0, y0, x0 + s, y0 + s), fill=colour)
    elif shape == "方形":
        d.rectangle((x0, y0, x0 + s, y0 + s), fill=colour)
    else:
        d.polygon([(x0 + s // 2, y0), (x0, y0 + s), (x0 + s, y0 + s)], fill=colour)
    return im


def add_shapes_dataset(project: Project, per_split: dict[str, int], seed: int = 0, size: int = 96) -> int:
    """``per_split[name]`` pictures of each of the 18 colour×shape captions; returns pairs added."""
    rng = np.random.default_rng(seed)
    added = 0
    with project.session() as s:
        for split, n in per_split.items():
            for k in range(n):
                for colour, rgb in COLOURS.items():
                    for shape in SHAPES:
                        buf = io.BytesIO()
                        shape_image(rgb, shape, rng, size).save(buf, format="PNG")
                        key = put_blob(s, buf.getvalue())
                        doc = Document(
                            sha256=key,
                            filename=f"{split}-{colour}{shape}-{k}.png",
                            kind="image",
                            media_type="image/png",
                            page_count=1,
                            state="ready",
                        )
                        page = Page(index=0, width=size, height=size, unit="px")
                        doc.pages.append(page)
                        s.add(doc)
                        region = Region(kind="figure", source="dataset")
                        region.bbox = (0, 0, size, size)
                        page.regions.append(region)
                        s.flush()
                        caption = f"{colour}的{shape}"
                        s.add(
                            Pair(
                                figure_region_id=region.id,
                                caption=caption,
                                caption_zh=caption,
                                status="accepted",
                                split=split,
                                text_key=f"{split}:{caption}",
                                confidence=1.0,
                            )
                        )
                        added += 1
    return added
