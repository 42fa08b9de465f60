"""Export file naming and destination guards (issue 19 item 8, item 11's --overwrite, leftovers)."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from PIL import Image

from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
from culti_desktop.core.errors import CultiError
from culti_desktop.core.export.options import ExportOptions
from culti_desktop.core.export.runner import export_dataset

IDS = ["A" * 60 + "1", "A" * 60 + "2"]


def _png(rgb: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 32), rgb).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def long_id_project(project, tmp_path: Path):
    ds = tmp_path / "ds"
    ds.mkdir()
    pics = {IDS[0]: _png((200, 0, 0)), IDS[1]: _png((0, 0, 200))}
    with open(ds / "train_imgs.tsv", "w", encoding="utf-8") as fh:
        for iid, data in pics.items():
            fh.write(f"{iid}\t{base64.urlsafe_b64encode(data).decode()}\n")
    with open(ds / "train_texts.jsonl", "w", encoding="utf-8") as fh:
        for n, iid in enumerate(IDS):
            row = {"text_id": n, "text": "红色" if n == 0 else "蓝色", "image_ids": [iid]}
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    import_cnclip_dataset(project, ds)
    return project, {
        "红色": hashlib.sha256(pics[IDS[0]]).hexdigest(),
        "蓝色": hashlib.sha256(pics[IDS[1]]).hexdigest(),
    }


def _records(out: Path, fmt: str) -> dict[str, Path]:
    """caption -> image file, read back from each format's own index."""
    if fmt == "jsonl":
        rows = [json.loads(x) for x in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
        return {r["caption"]: out / r["image"] for r in rows}
    if fmt == "hf":
        got = {}
        for meta in out.glob("*/metadata.jsonl"):
            for x in meta.read_text(encoding="utf-8").splitlines():
                r = json.loads(x)
                got[r["text"]] = meta.parent / r["file_name"]
        return got
    got = {}
    for table in out.glob("*.csv"):
        with table.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                got[r["title"]] = out / r["filepath"]
    return got


@pytest.mark.parametrize("fmt", ["jsonl", "hf", "openclip"])
def test_ids_equal_in_their_first_24_characters_keep_their_own_images(long_id_project, tmp_path, fmt) -> None:
    project, expected = long_id_project
    out = tmp_path / f"out-{fmt}"
    export_dataset(project, out, ExportOptions(format=fmt, split_by="keep"))
    got = _records(out, fmt)
    assert set(got) == set(expected)
    for caption, path in got.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected[caption], caption
    assert len({p.resolve() for p in got.values()}) == 2


def test_writer_refuses_two_records_on_one_file(long_id_project, tmp_path: Path) -> None:
    from culti_desktop.core.export.plan import build_plan
    from culti_desktop.core.export.writer_base import ExportWriter

    w = ExportWriter(tmp_path, build_plan(long_id_project[0], ExportOptions(format="jsonl")))
    w.save_image("images/a.png", b"1")
    with pytest.raises(CultiError, match="two records"):
        w.save_image("images/a.png", b"2")


def test_overwrite_refuses_a_folder_that_is_not_an_export(long_id_project, tmp_path: Path) -> None:
    project, _ = long_id_project
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_bytes(b"years of work")
    with pytest.raises(CultiError, match="not a previous export"):
        export_dataset(project, precious, ExportOptions(format="jsonl", split_by="keep", overwrite=True))
    assert (precious / "chapter1.docx").read_bytes() == b"years of work"


def test_overwrite_never_replaces_the_side_folder(long_id_project) -> None:
    project, _ = long_id_project
    side = project.side_dir
    (side / "models").mkdir(parents=True, exist_ok=True)
    (side / "models" / "v2-tiny.pt").write_bytes(b"fine-tuned")
    (side / "README.md").write_text("not a card", encoding="utf-8")
    for target in (side, project.path.parent):
        with pytest.raises(CultiError, match="project"):
            export_dataset(project, target, ExportOptions(format="jsonl", split_by="keep", overwrite=True))
    assert (side / "models" / "v2-tiny.pt").read_bytes() == b"fine-tuned"


def test_overwrite_of_a_previous_export_still_works(long_id_project, tmp_path: Path) -> None:
    project, _ = long_id_project
    out = tmp_path / "out"
    export_dataset(project, out, ExportOptions(format="jsonl", split_by="keep"))
    export_dataset(project, out, ExportOptions(format="jsonl", split_by="keep", overwrite=True))
    assert (out / "manifest.jsonl").is_file()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_overwrite_onto_a_symlink_leaves_nothing_behind(long_id_project, tmp_path: Path) -> None:
    project, _ = long_id_project
    real = tmp_path / "real"
    export_dataset(project, real, ExportOptions(format="jsonl", split_by="keep"))
    link = tmp_path / "link"
    os.symlink(real, link)
    export_dataset(project, link, ExportOptions(format="jsonl", split_by="keep", overwrite=True))
    assert (link / "manifest.jsonl").is_file()
    assert not [p.name for p in tmp_path.iterdir() if ".old-" in p.name or ".partial-" in p.name]


def test_full_destination_disk_names_the_export_folder(project, tmp_path: Path) -> None:
    import random
    import resource
    import subprocess
    import sys

    rng = random.Random(3)
    ds = tmp_path / "ds"
    ds.mkdir()
    with (
        open(ds / "train_imgs.tsv", "w", encoding="utf-8") as imgs,
        open(ds / "train_texts.jsonl", "w", encoding="utf-8") as texts,
    ):
        for n in range(3):  # incompressible pictures, ~200 KB each
            im = Image.frombytes("RGB", (256, 256), bytes(rng.randrange(256) for _ in range(256 * 256 * 3)))
            buf = io.BytesIO()
            im.save(buf, format="PNG")
            imgs.write(f"{n}\t{base64.urlsafe_b64encode(buf.getvalue()).decode()}\n")
            texts.write(
                json.dumps({"text_id": n, "text": f"纹样{n}", "image_ids": [n]}, ensure_ascii=False) + "\n"
            )
    import_cnclip_dataset(project, ds)
    project.close()
    out = tmp_path / "导出"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    done = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "export", str(project.path), str(out), "--format", "jsonl"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 1
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("culti: error:") and "导出" in line and "full" in line, line
    assert project.path.name not in line, line
    assert not out.exists() and not list(tmp_path.glob(".导出.partial-*"))
