"""Small generated projects and datasets for the export tests (never the shared data folder beside the checkout).

``export_project`` holds real PyMuPDF-generated PDFs with non-ASCII names and embedded images,
one image page, accepted pairs with Chinese and English captions (one text with two positive
images, one image with two texts), and a few proposed/rejected pairs that must not be exported.
"""

from __future__ import annotations

import base64
import io
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from culti_desktop.core.ingest.importer import import_file
from culti_desktop.core.storage.blobs import put_blob
from culti_desktop.core.storage.models import Document, Pair, Region

IMG_RECT = (72.0, 90.0, 252.0, 225.0)  # where each PDF page shows its picture (points, top-left origin)


def png_bytes(seed: int, size: tuple[int, int] = (120, 90)) -> bytes:
    """A distinct, deterministic picture (blocks of seeded colours) as PNG bytes."""
    rng = random.Random(seed)
    im = Image.new("RGB", size)
    px = im.load()
    colours = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(6)]
    for y in range(size[1]):
        for x in range(size[0]):
            px[x, y] = colours[(x // 20 + y // 15 + seed) % len(colours)]
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def make_pdf(path: Path, pictures: list[bytes]) -> None:
    import pymupdf

    doc = pymupdf.open()
    for pic in pictures:
        page = doc.new_page(width=400, height=500)
        page.insert_image(pymupdf.Rect(*IMG_RECT), stream=pic)
        page.draw_rect(pymupdf.Rect(60, 300, 340, 420), color=(0.8, 0.1, 0.1), fill=(0.2, 0.5, 0.7))
        page.insert_text((72, 250), "Figure", fontsize=11)
    doc.save(str(path))
    doc.close()


@dataclass
class ExportFixture:
    project: object
    doc_names: list[str]
    accepted: int
    multi_key: str
    shared_region: int


def _drop_proposals(project) -> None:
    """The importer proposes pairs of its own; these tests define every pair themselves."""
    from sqlalchemy import delete

    from culti_desktop.core.storage.models import TextLine

    with project.session() as s:
        for model in (Pair, Region, TextLine):
            s.execute(delete(model))


def _populate(project, src: Path) -> ExportFixture:
    src.mkdir()
    names = []
    for d in range(6):
        name = f"丝绸纹样 {d}号.pdf"
        pics = [png_bytes(10 * d + p) for p in range(2)]
        make_pdf(src / name, pics)
        import_file(project, src / name, ocr="off")
        names.append(name)
    photo = src / "敦煌壁画.png"
    Image.open(io.BytesIO(png_bytes(99, (200, 160)))).save(photo)
    import_file(project, photo, ocr="off")
    names.append(photo.name)
    _drop_proposals(project)

    accepted = 0
    with project.session() as s:
        docs = {doc.filename: doc for doc in s.query(Document).all()}
        for d in range(6):
            doc = docs[f"丝绸纹样 {d}号.pdf"]
            for page in doc.pages:
                # even pages: the extractor mapped the figure to its embedded image (own blob);
                # odd pages: a drawn (vector) figure, rendered from the PDF
                if page.index == 0:
                    sha = put_blob(s, png_bytes(10 * d + page.index))
                    fig = Region(page=page, kind="figure", source="image", image_sha256=sha)
                    fig.bbox = IMG_RECT
                else:
                    fig = Region(page=page, kind="figure", source="vector")
                    fig.bbox = (60.0, 300.0, 340.0, 420.0)
                s.add(fig)
                s.flush()
                key = "multi" if d == 0 else None
                zh = "团窠对鸟纹锦" if d == 0 else f"宝相花纹 第{d}件 第{page.index + 1}页"
                s.add(
                    Pair(
                        figure=fig,
                        caption=zh,
                        caption_zh=zh,
                        caption_en="Roundel with paired birds"
                        if d == 0
                        else f"Baoxiang flower {d}-{page.index}",
                        status="accepted",
                        text_key=key,
                        curator="李明",
                        scores={"clip": 0.42},
                    )
                )
                accepted += 1
        image_doc = docs["敦煌壁画.png"]
        page = image_doc.pages[0]
        whole = Region(page=page, kind="figure", source="curator")
        whole.bbox = (0.0, 0.0, 200.0, 160.0)
        part = Region(page=page, kind="figure", source="curator")
        part.bbox = (20.0, 10.0, 120.0, 90.0)
        s.add_all([whole, part])
        s.flush()
        # one image, two texts
        s.add(
            Pair(
                figure=whole,
                caption="飞天",
                caption_zh="飞天",
                caption_en="Flying apsaras",
                status="accepted",
            )
        )
        s.add(
            Pair(
                figure=whole,
                caption="敦煌壁画飞天",
                caption_zh="敦煌壁画飞天",
                caption_en="",
                status="accepted",
            )
        )
        s.add(Pair(figure=part, caption="莲花", caption_zh="莲花", caption_en="Lotus", status="accepted"))
        accepted += 3
        s.add(Pair(figure=part, caption="未审", caption_zh="未审", status="proposed"))
        s.add(Pair(figure=whole, caption="错误", caption_zh="错误", status="rejected"))
        shared = whole.id
    return ExportFixture(project, names, accepted, "multi", shared)


@pytest.fixture(scope="session")
def _export_template(tmp_path_factory) -> tuple[Path, ExportFixture]:
    """Built once (real import of generated PDFs); each test gets its own copy of the file."""
    from culti_desktop.core.storage import create_project

    root = tmp_path_factory.mktemp("export_template")
    path = root / "模板 project.culti"
    with create_project(path) as project:
        fx = _populate(project, root / "源文件")
    return path, fx


@pytest.fixture
def export_project(_export_template, tmp_path: Path):
    from culti_desktop.core.storage import open_project

    template, fx = _export_template
    path = tmp_path / "测试 project.culti"
    shutil.copyfile(template, path)
    project = open_project(path)
    yield ExportFixture(project, fx.doc_names, fx.accepted, fx.multi_key, fx.shared_region)
    project.close()


def write_cnclip_dataset(
    root: Path, splits: dict[str, list[tuple[object, str, list[int]]]], english: bool = True
) -> dict[int, bytes]:
    """A Chinese-CLIP format folder: ``splits`` maps name → [(text_id, text, image_ids)]."""
    root.mkdir(parents=True, exist_ok=True)
    images: dict[int, bytes] = {}
    for split, texts in splits.items():
        ids = sorted({i for _, _, iids in texts for i in iids})
        with (root / f"{split}_imgs.tsv").open("w", encoding="utf-8") as fh:
            for i in ids:
                images[i] = png_bytes(1000 + i, (48, 40))
                fh.write(f"{i}\t{base64.urlsafe_b64encode(images[i]).decode()}\n")
        with (root / f"{split}_texts.jsonl").open("w", encoding="utf-8") as fh:
            for tid, text, iids in texts:
                fh.write(
                    json.dumps({"text_id": tid, "text": text, "image_ids": iids}, ensure_ascii=False) + "\n"
                )
        if english:
            with (root / f"{split}_texts_en.jsonl").open("w", encoding="utf-8") as fh:
                for tid, _text, iids in texts:
                    fh.write(json.dumps({"text_id": tid, "text": f"EN {tid}", "image_ids": iids}) + "\n")
    return images


@pytest.fixture
def make_png():
    """The picture generator (tests cannot import conftest under importlib mode)."""
    return png_bytes


@pytest.fixture
def make_cnclip_dataset():
    return write_cnclip_dataset
