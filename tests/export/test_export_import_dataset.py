"""``import-dataset --format cnclip`` and the cnclip round trip (export → import → same pairs)."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
from culti_desktop.core.errors import InputError
from culti_desktop.core.export import ExportOptions, export_dataset
from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.models import Blob, Document, Pair, Region

SPLITS = {
    "train": [(1, "团窠联珠对鸟纹", [1, 2]), (2, "宝相花纹锦", [3]), (3, "卷草纹", [4])],
    "valid": [(10, "莲花纹", [11]), (11, "云纹", [12, 13])],
    "test_composite": [("c1", "八瓣小花与对兰花", [21, 22, 23])],
}


def _pairs(project) -> set[tuple[str, str, str, str, str]]:
    """(split, text, english, image sha256, text group) — the group named by its first text id."""
    with project.read_session() as s:
        rows = s.execute(
            select(Pair.split, Pair.caption_zh, Pair.caption_en, Region.image_sha256, Pair.text_key).join(
                Region, Region.id == Pair.figure_region_id
            )
        ).all()
    return {tuple(r) for r in rows}


def test_import_keeps_splits_texts_and_all_positives(project, tmp_path, make_cnclip_dataset):
    images = make_cnclip_dataset(tmp_path / "ds", SPLITS)
    summary = import_cnclip_dataset(project, tmp_path / "ds")
    assert set(summary.splits) == set(SPLITS)
    n_pairs = sum(len(ids) for texts in SPLITS.values() for _, _, ids in texts)
    assert summary.pairs == n_pairs
    with project.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Pair).where(Pair.status == "accepted")) == n_pairs
        composite = s.scalars(select(Pair).where(Pair.text_key == "test_composite:c1")).all()
        assert len(composite) == 3 and {p.split for p in composite} == {"test_composite"}
        assert {p.caption_en for p in composite} == {"EN c1"}
        docs = s.scalars(select(Document)).all()
        assert len(docs) == len(images) and {d.kind for d in docs} == {"dataset"}
        for d in docs:
            page = d.pages[0]
            assert page.unit == "px" and (page.width, page.height) == (48, 40)
            (region,) = page.regions
            assert region.kind == "figure" and region.source == "dataset" and region.image_sha256 == d.sha256
            assert region.bbox == (0, 0, 48, 40)
        stored = {b.sha256 for b in s.scalars(select(Blob))}
    assert stored == {hashlib.sha256(b).hexdigest() for b in images.values()}


def test_reimport_adds_nothing_and_other_dataset_needs_a_prefix(project, tmp_path, make_cnclip_dataset):
    make_cnclip_dataset(tmp_path / "ds", SPLITS)
    import_cnclip_dataset(project, tmp_path / "ds")
    before = _pairs(project)
    again = import_cnclip_dataset(project, tmp_path / "ds")
    assert again.pairs == 0 and _pairs(project) == before
    make_cnclip_dataset(tmp_path / "other", {"train": [(1, "另一个数据集", [500])]})
    with pytest.raises(InputError, match="--key-prefix"):
        import_cnclip_dataset(project, tmp_path / "other")
    assert _pairs(project) == before
    import_cnclip_dataset(project, tmp_path / "other", key_prefix="other/")
    assert len(_pairs(project)) == len(before) + 1


def _corrupt(root: Path, name: str, line_no: int, new_line: str) -> None:
    path = root / name
    lines = path.read_text("utf-8").splitlines()
    lines[line_no - 1] = new_line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "name, line, bad, message",
    [
        (
            "valid_texts.jsonl",
            2,
            '{"text_id": 11, "text": "云纹", "image_ids": [12, 13]',
            "line 2: not valid JSON",
        ),
        ("valid_texts.jsonl", 1, '{"text_id": 10, "image_ids": [11]}', "line 1: missing field 'text'"),
        (
            "valid_texts.jsonl",
            2,
            '{"text_id": 11, "text": "云纹", "image_ids": [12, 99]}',
            "image_id 99 is not in",
        ),
        ("valid_imgs.tsv", 2, "12\tnot*base64!", "line 2: invalid base64"),
        (
            "valid_imgs.tsv",
            1,
            "11\t" + base64.urlsafe_b64encode(b"not an image at all").decode(),
            "line 1: image '11'",
        ),
        ("valid_imgs.tsv", 3, "13", "line 3: expected 'image_id<TAB>base64'"),
        (
            "train_texts.jsonl",
            3,
            '{"text_id": 1, "text": "重复", "image_ids": [4]}',
            "line 3: duplicate text_id",
        ),
    ],
)
def test_malformed_dataset_names_file_and_line_and_imports_nothing(
    project, tmp_path, make_cnclip_dataset, name, line, bad, message
):
    make_cnclip_dataset(tmp_path / "ds", SPLITS)
    _corrupt(tmp_path / "ds", name, line, bad)
    with pytest.raises(InputError) as err:
        import_cnclip_dataset(project, tmp_path / "ds")
    assert name in err.value.one_line() and message in err.value.one_line()
    assert project.count(Pair) == 0 and project.count(Document) == 0 and project.count(Blob) == 0


def test_folder_without_dataset_is_a_clear_error(project, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no \\*_texts.jsonl"):
        import_cnclip_dataset(project, tmp_path / "empty")


@pytest.mark.parametrize("lang", ["zh", "both"])
def test_round_trip_dataset_export_import_keeps_pairs_texts_and_images(tmp_path, make_cnclip_dataset, lang):
    make_cnclip_dataset(tmp_path / "ds", SPLITS)
    with create_project(tmp_path / "源.culti") as first:
        import_cnclip_dataset(first, tmp_path / "ds")
        original = _pairs(first)
        export_dataset(first, tmp_path / "导出", ExportOptions(format="cnclip", split_by="keep", lang=lang))
    with create_project(tmp_path / "新.culti") as second:
        import_cnclip_dataset(second, tmp_path / "导出")
        again = _pairs(second)
    if lang == "zh":  # English captions are only exported with --lang both
        original = {(sp, zh, "", sha, key) for sp, zh, _, sha, key in original}
    assert again == original


def test_round_trip_from_curated_documents(export_project, tmp_path):
    """Curated PDF pairs → cnclip → new project: the same texts, the same images by hash, the same groups."""
    out = tmp_path / "导出"
    export_dataset(export_project.project, out, ExportOptions(format="cnclip", lang="both", seed=2))
    exported: dict[str, str] = {}
    for tsv in out.glob("*_imgs.tsv"):
        for line in tsv.read_text("utf-8").splitlines():
            iid, b64 = line.split("\t")
            exported[f"{tsv.name[:-9]}:{iid}"] = hashlib.sha256(base64.urlsafe_b64decode(b64)).hexdigest()
    with create_project(tmp_path / "新.culti") as second:
        import_cnclip_dataset(second, out)
        with second.read_session() as s:
            rows = s.execute(
                select(Pair.caption_zh, Pair.caption_en, Region.image_sha256, Pair.text_key, Pair.split).join(
                    Region, Region.id == Pair.figure_region_id
                )
            ).all()
    assert len(rows) == export_project.accepted
    with export_project.project.read_session() as s:
        want = sorted(
            (p.caption_zh, p.caption_en) for p in s.scalars(select(Pair).where(Pair.status == "accepted"))
        )
    assert sorted((r[0], r[1]) for r in rows) == want
    assert {r[2] for r in rows} == set(exported.values())
    multi = [r for r in rows if r[0] == "团窠对鸟纹锦"]
    assert len(multi) == 2 and len({r[3] for r in multi}) == 1 and len({r[2] for r in multi}) == 2


def test_same_image_in_two_splits_is_one_document(project, tmp_path, make_cnclip_dataset):
    make_cnclip_dataset(tmp_path / "ds", {"train": [(1, "甲", [5])], "valid": [(2, "乙", [5])]})
    import_cnclip_dataset(project, tmp_path / "ds")
    with project.read_session() as s:
        (doc,) = s.scalars(select(Document)).all()
        assert doc.extra["dataset"]["image_ids"] == {"train": "5", "valid": "5"}
        pairs = s.scalars(select(Pair).order_by(Pair.split)).all()
        assert [(p.split, p.caption, p.figure_region_id) for p in pairs] == [
            ("train", "甲", pairs[0].figure_region_id),
            ("valid", "乙", pairs[0].figure_region_id),
        ]


def test_windows_line_endings_and_bom_are_accepted(project, tmp_path, make_cnclip_dataset):
    root = tmp_path / "ds"
    make_cnclip_dataset(root, {"train": [(1, "团花", [1, 2])]})
    for f in root.iterdir():
        text = f.read_text("utf-8")
        f.write_bytes("\ufeff".encode() + text.replace("\n", "\r\n").encode())
    summary = import_cnclip_dataset(project, root)
    assert summary.pairs == 2 and summary.splits["train"].english_captions == 1
