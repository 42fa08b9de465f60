"""Each export format is read back by the real reader that training code uses."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

from PIL import Image

from culti_desktop.core.export import ExportOptions, export_dataset
from culti_desktop.core.storage.figures import DEFAULT_PDF_DPI


def _export(fx, out: Path, **kw):
    return export_dataset(fx.project, out, ExportOptions(**kw))


def test_cnclip_export_is_read_by_cn_clip_builder_and_lmdb_dataset(export_project, tmp_path):
    out = tmp_path / "导出 cnclip"
    result = _export(export_project, out, format="cnclip", seed=3, lang="both")
    assert result.counts["pairs"] == export_project.accepted
    lines_per_split = {
        f.name[: -len("_texts.jsonl")]: sum(
            len(json.loads(x)["image_ids"]) for x in f.read_text("utf-8").splitlines()
        )
        for f in out.glob("*_texts.jsonl")
    }
    with_english = export_project.accepted - 1  # one accepted caption has no English text
    assert sum(lines_per_split.values()) == export_project.accepted + with_english
    splits = [sp for sp, c in result.counts["splits"].items() if c["pairs"]]
    lmdb_dir = tmp_path / "lmdb"
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
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    from cn_clip.training.data import LMDBDataset

    total_samples = 0
    for sp in splits:
        ds = LMDBDataset(str(lmdb_dir / sp), split="val", max_txt_length=52, resolution=64)
        assert ds.number_images == result.counts["splits"][sp]["images"]
        assert len(ds) == lines_per_split[sp]  # Chinese and English texts, every positive image
        for i in range(len(ds)):
            image, text, eos = ds[i]
            assert tuple(image.shape) == (3, 64, 64)
            assert int(eos) > 1  # a real, non-empty tokenised caption
        total_samples += len(ds)
        del ds
    assert total_samples == export_project.accepted + with_english


def test_cnclip_keeps_one_text_with_all_positive_images(export_project, tmp_path):
    out = tmp_path / "cn"
    _export(export_project, out, format="cnclip")
    texts = [
        json.loads(line) for f in out.glob("*_texts.jsonl") for line in f.read_text("utf-8").splitlines()
    ]
    multi = [t for t in texts if t["text"] == "团窠对鸟纹锦"]
    assert len(multi) == 1 and len(multi[0]["image_ids"]) == 2
    feitian = [t for t in texts if t["text"] in ("飞天", "敦煌壁画飞天")]
    assert len(feitian) == 2 and feitian[0]["image_ids"] == feitian[1]["image_ids"]  # one image, two texts
    assert not any(t["text"] in ("未审", "错误") for t in texts)  # only accepted pairs by default


def test_cnclip_lang_both_adds_english_texts_sharing_image_ids(export_project, tmp_path):
    out = tmp_path / "both"
    _export(export_project, out, format="cnclip", lang="both")
    for texts_file in out.glob("*_texts.jsonl"):
        split = texts_file.name[: -len("_texts.jsonl")]
        texts = [json.loads(x) for x in texts_file.read_text("utf-8").splitlines()]
        zh = {t["text_id"]: t for t in texts if t.get("lang") != "en"}
        en = [t for t in texts if t.get("lang") == "en"]
        parallel = [json.loads(x) for x in (out / f"{split}_texts_en.jsonl").read_text("utf-8").splitlines()]
        assert len({t["text_id"] for t in texts}) == len(texts)  # text ids stay unique
        for t in en:
            assert t["zh_text_id"] in zh and set(t["image_ids"]) <= set(zh[t["zh_text_id"]]["image_ids"])
        assert {p["text_id"] for p in parallel} == {t["zh_text_id"] for t in en}
        assert len(parallel) == len({p["text_id"] for p in parallel})
    both = [json.loads(x) for f in out.glob("*_texts.jsonl") for x in f.read_text("utf-8").splitlines()]
    roundel = [t for t in both if t["text"] == "Roundel with paired birds"]
    assert len(roundel) == 1 and len(roundel[0]["image_ids"]) == 2


def test_full_resolution_crops(export_project, tmp_path, make_png):
    png_bytes = make_png  # the pictures embedded in the generated PDFs

    out = tmp_path / "jsonl"
    _export(export_project, out, format="jsonl")
    rows = [json.loads(x) for x in (out / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert len(rows) == export_project.accepted
    zoom = DEFAULT_PDF_DPI / 72.0
    checked = set()
    for row in rows:
        data = (out / row["image"]).read_bytes()
        with Image.open(io.BytesIO(data)) as im:
            size = im.size
        if row["document"].startswith("丝绸纹样"):
            d = int(row["document"].split(" ")[1][0])
            if row["page"] == 1:  # mapped to its embedded image: the embedded bytes, untouched
                assert hashlib.sha256(data).hexdigest() == hashlib.sha256(png_bytes(10 * d)).hexdigest()
                checked.add("embedded")
            else:  # a vector figure: rendered from the PDF at high resolution
                assert abs(size[0] - 280 * zoom) <= 2 and abs(size[1] - 120 * zoom) <= 2
                checked.add("vector")
        elif row["bbox"] == [20.0, 10.0, 120.0, 90.0]:
            assert size == (100, 80)  # pixel crop of the image page
            checked.add("crop")
        else:
            assert size == (200, 160)
            checked.add("whole")
        assert row["bbox_unit"] in ("pt", "px") and row["status"] == "accepted"
        for key in (
            "caption_zh",
            "caption_en",
            "caption",
            "document",
            "page",
            "bbox",
            "split",
            "reviewer",
            "created_at",
            "updated_at",
            "reviewed_at",
            "scores",
        ):
            assert key in row
    assert checked == {"embedded", "vector", "crop", "whole"}
    reviewed = [r for r in rows if r["document"].startswith("丝绸纹样")]
    assert all(r["reviewer"] == "李明" and r["scores"] == {"clip": 0.42} for r in reviewed)


def test_hf_imagefolder_loads_with_datasets(export_project, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    out = tmp_path / "hf 数据"
    result = _export(export_project, out, format="hf", lang="both")
    import datasets

    ds = datasets.load_dataset("imagefolder", data_dir=str(out), cache_dir=str(tmp_path / "hf_cache"))
    names = {"train": "train", "valid": "validation", "test": "test"}
    for sp, c in result.counts["splits"].items():
        if not c["pairs"]:
            continue
        part = ds[names[sp]]
        assert part.num_rows == c["pairs"]
        row = part[0]
        assert row["image"].size[0] > 10 and row["text"]
        assert set(part["caption_zh"]) <= {p for p in part["text"]}
    all_docs = {d for part in ds.values() for d in part["document"]}
    assert "丝绸纹样 0号.pdf" in all_docs and "敦煌壁画.png" in all_docs


def test_hf_card_configs_keep_custom_split_names(project, tmp_path, monkeypatch, make_cnclip_dataset):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf_home"))
    from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset

    make_cnclip_dataset(
        tmp_path / "ds",
        {"train": [(1, "纹一", [1]), (2, "纹二", [2, 3])], "test_composite": [(9, "复合", [9])]},
    )
    import_cnclip_dataset(project, tmp_path / "ds")
    out = tmp_path / "hf"
    export_dataset(project, out, ExportOptions(format="hf", split_by="keep"))
    import datasets

    ds = datasets.load_dataset(str(out), cache_dir=str(tmp_path / "hf_cache"))
    assert {k: v.num_rows for k, v in ds.items()} == {"train": 3, "test_composite": 1}
    assert ds["test_composite"][0]["text"] == "复合" and ds["test_composite"][0]["image"].size == (48, 40)


def test_openclip_csv_reads_with_tab_separator(export_project, tmp_path):
    import pandas as pd

    out = tmp_path / "oc"
    result = _export(export_project, out, format="openclip")
    n = 0
    for sp, c in result.counts["splits"].items():
        df = pd.read_csv(out / f"{sp}.csv", sep="\t")  # what OpenCLIP's CsvDataset does
        assert {"filepath", "title"} <= set(df.columns)
        assert len(df) == c["pairs"]
        for path, title in zip(df["filepath"], df["title"]):
            with Image.open(out / path) as im:
                assert im.size[0] > 10
            assert isinstance(title, str) and title
        n += len(df)
    assert n == export_project.accepted


def test_openclip_absolute_paths_open_from_anywhere(export_project, tmp_path, monkeypatch):
    import pandas as pd

    out = tmp_path / "绝对"
    _export(export_project, out, format="openclip", absolute_paths=True)
    monkeypatch.chdir(tmp_path.parent)  # OpenCLIP opens paths relative to its working directory
    df = pd.concat([pd.read_csv(f, sep="\t") for f in out.glob("*.csv")])
    assert len(df) == export_project.accepted
    for path in df["filepath"]:
        assert Path(path).is_absolute() and str(path).startswith(str(out))
        with Image.open(path) as im:
            assert im.size[0] > 10


def test_webdataset_shards_read_back(export_project, tmp_path):
    import webdataset as wds

    out = tmp_path / "wds"
    result = _export(export_project, out, format="wds", shard_size=3)
    shards = sorted(str(p) for p in out.glob("*.tar"))
    assert len(shards) > len(result.counts["splits"])  # shard_size 3 forces several shards
    ds = wds.WebDataset(shards, shardshuffle=False).decode("pil").to_tuple("jpg", "txt", "json")
    samples = list(ds)
    assert len(samples) == export_project.accepted
    for image, text, meta in samples:
        assert image.size[0] > 10
        assert text == meta["caption"] and meta["status"] == "accepted"
        assert meta["split"] in result.counts["splits"]


def test_uncommon_stored_formats_are_reencoded_and_undecodable_figures_reported(project, tmp_path):
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    ppm = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 10, 10)).save(ppm, format="PPM")
    with project.session() as s:
        for name, data in (("红.ppm", ppm.getvalue()), ("坏.png", b"not an image at all")):
            sha = put_blob(s, data)
            doc = Document(sha256=sha, filename=name, kind="dataset", page_count=1, state="ready")
            page = Page(index=0, width=30, height=20, unit="px")
            fig = Region(kind="figure", source="dataset", image_sha256=sha)
            fig.bbox = (0, 0, 30, 20)
            page.regions.append(fig)
            doc.pages.append(page)
            s.add(doc)
            s.add(Pair(figure=fig, caption=name, caption_zh=name, status="accepted"))
    res = export_dataset(project, tmp_path / "out", ExportOptions(format="jsonl"))
    assert res.counts["pairs"] == 1 and len(res.failed) == 1 and res.failed[0]["document"] == "坏.png"
    (row,) = [json.loads(x) for x in (tmp_path / "out" / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert row["image"].endswith(".png")
    with Image.open(tmp_path / "out" / row["image"]) as im:
        assert im.format == "PNG" and im.size == (30, 20) and im.getpixel((5, 5)) == (200, 10, 10)
    assert "坏.png" in (tmp_path / "out" / "README.md").read_text("utf-8")  # the card lists the failure


def test_pdf_figure_on_an_embedded_image_exports_the_embedded_pixels(project, tmp_path, make_png):
    """No image blob on the region (as the PDF extractor leaves it): the embedded image itself is used."""
    import pymupdf

    from culti_desktop.core.ingest.importer import import_file
    from culti_desktop.core.storage.models import Document, Pair, Region

    jpeg = io.BytesIO()
    Image.open(io.BytesIO(make_png(5, (640, 480)))).save(jpeg, format="JPEG", quality=90)
    png = make_png(6, (300, 200))
    pdf_path = tmp_path / "内嵌图像.pdf"
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=500)
    page.insert_image(pymupdf.Rect(50, 50, 210, 170), stream=jpeg.getvalue())  # shown at 160x120 pt
    page.insert_image(pymupdf.Rect(50, 250, 200, 350), stream=png)
    page.draw_rect(pymupdf.Rect(250, 250, 350, 350), color=(0, 0, 1), fill=(0.5, 0.8, 0.2))
    doc.save(str(pdf_path))
    import_file(project, pdf_path, ocr="off")
    with project.session() as s:  # keep only the figures this test defines
        s.query(Pair).delete()
        s.query(Region).delete()
    boxes = {"jpeg": (50, 50, 210, 170), "png": (50, 250, 200, 350), "both": (40, 40, 360, 360)}
    with project.session() as s:
        pg = s.query(Document).one().pages[0]
        for name, box in boxes.items():
            fig = Region(page=pg, kind="figure", source="image")
            fig.bbox = box
            s.add(fig)
            s.add(Pair(figure=fig, caption=name, caption_zh=name, status="accepted"))
    export_dataset(project, tmp_path / "out", ExportOptions(format="jsonl"))
    rows = {
        json.loads(x)["caption"]: json.loads(x)
        for x in (tmp_path / "out" / "manifest.jsonl").read_text("utf-8").splitlines()
    }
    data = {k: (tmp_path / "out" / r["image"]).read_bytes() for k, r in rows.items()}
    assert data["jpeg"] == jpeg.getvalue()  # the JPEG stream, byte for byte, at 640x480
    with Image.open(io.BytesIO(data["png"])) as im, Image.open(io.BytesIO(png)) as orig:
        assert im.size == (300, 200) and im.convert("RGB").tobytes() == orig.convert("RGB").tobytes()
    with Image.open(io.BytesIO(data["both"])) as im:  # several pieces: the page clip is rendered
        zoom = DEFAULT_PDF_DPI / 72.0
        assert abs(im.size[0] - 320 * zoom) <= 2


def test_cmyk_jpeg_as_png_export(project, tmp_path):
    """A CMYK JPEG (common in print scans) asked as PNG is converted, not a crash."""
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    buf = io.BytesIO()
    Image.new("CMYK", (40, 30), (0, 200, 200, 0)).save(buf, format="JPEG")
    with project.session() as s:
        sha = put_blob(s, buf.getvalue())
        doc = Document(sha256=sha, filename="印刷.jpg", kind="dataset", page_count=1, state="ready")
        page = Page(index=0, width=40, height=30, unit="px")
        fig = Region(kind="figure", source="dataset", image_sha256=sha)
        fig.bbox = (0, 0, 40, 30)
        page.regions.append(fig)
        doc.pages.append(page)
        s.add(doc)
        s.add(Pair(figure=fig, caption="印", caption_zh="印", status="accepted"))
    res = export_dataset(project, tmp_path / "out", ExportOptions(format="jsonl", image_format="png"))
    assert res.counts["pairs"] == 1 and not res.failed
    (png,) = list((tmp_path / "out").rglob("*.png"))
    with Image.open(png) as im:
        assert im.format == "PNG" and im.mode == "RGB" and im.size == (40, 30)
