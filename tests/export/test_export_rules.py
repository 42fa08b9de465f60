"""Rules every export follows: splits by document, reproducible seeds, atomic writes, names."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from culti_desktop.core.errors import CultiError
from culti_desktop.core.export import ExportOptions, build_plan, export_dataset
from culti_desktop.core.jobs import Cancelled, Job


def _files(root: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if p.name == "README.md":  # the card differs only by its "Exported at" line
                data = b"\n".join(line for line in data.splitlines() if not line.startswith(b"- Exported at"))
            out[str(p.relative_to(root))] = data
    return out


def _split_of_documents(plan) -> dict[str, set[str]]:
    docs: dict[str, set[str]] = {}
    for p in plan.pairs:
        docs.setdefault(p.document, set()).add(p.split)
    return docs


@pytest.mark.parametrize("seed", [0, 1, 2, 7])
def test_pages_of_one_document_never_straddle_splits(export_project, seed):
    plan = build_plan(
        export_project.project, ExportOptions(format="jsonl", seed=seed, ratios=(0.5, 0.25, 0.25))
    )
    docs = _split_of_documents(plan)
    assert set(docs) == set(export_project.doc_names)
    assert all(len(splits) == 1 for splits in docs.values())
    assert len({s for splits in docs.values() for s in splits}) >= 2  # it did split


def test_split_assignment_depends_on_the_seed_only(export_project):
    opts = lambda seed: ExportOptions(format="jsonl", seed=seed, ratios=(0.5, 0.25, 0.25))  # noqa: E731 - a one-line factory reads best here
    first = _split_of_documents(build_plan(export_project.project, opts(0)))
    assert _split_of_documents(build_plan(export_project.project, opts(0))) == first
    others = [_split_of_documents(build_plan(export_project.project, opts(s))) for s in range(1, 6)]
    assert any(o != first for o in others)


def test_random_split_keeps_a_text_and_its_images_together(export_project):
    plan = build_plan(
        export_project.project,
        ExportOptions(format="jsonl", split_by="random", seed=4, ratios=(0.4, 0.3, 0.3)),
    )
    multi = {p.split for p in plan.pairs if p.text_key == "multi"}
    shared = {p.split for p in plan.pairs if p.region_id == export_project.shared_region}
    assert len(multi) == 1 and len(shared) == 1


@pytest.mark.parametrize("fmt", ["cnclip", "wds", "hf"])
def test_same_seed_gives_the_same_export(export_project, tmp_path, fmt):
    a = export_dataset(export_project.project, tmp_path / "a", ExportOptions(format=fmt, seed=5))
    b = export_dataset(export_project.project, tmp_path / "b", ExportOptions(format=fmt, seed=5))
    assert a.counts == b.counts
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_status_filter_and_dataset_card(export_project, tmp_path):
    out = tmp_path / "卡片"
    res = export_dataset(
        export_project.project,
        out,
        ExportOptions(
            format="jsonl", statuses=("accepted", "proposed"), license="CC-BY-4.0", name="丝绸 纹样"
        ),
    )
    assert res.counts["pairs"] == export_project.accepted + 1
    card = (out / "README.md").read_text("utf-8")
    assert card.startswith('---\nlicense: "cc-by-4.0"')  # the Hub's identifier form
    assert "Licence of this dataset: CC-BY-4.0" in card
    assert "# 丝绸 纹样" in card and "丝绸纹样 3号.pdf" in card and "李明" in card
    assert f"| **all** | {res.counts['pairs']} |" in card
    assert "Pair status: accepted, proposed" in card


def test_non_ascii_names_survive(export_project, tmp_path):
    out = tmp_path / "导出 数据集"
    export_dataset(export_project.project, out, ExportOptions(format="openclip"))
    names = {p.name for p in out.rglob("*.png")}
    assert any("丝绸纹样 0号" in n for n in names) and any("敦煌壁画" in n for n in names)
    csv_text = "".join(p.read_text("utf-8") for p in out.glob("*.csv"))
    assert "团窠对鸟纹锦" in csv_text and "丝绸纹样" in csv_text


class _CancelAfter(Job):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def advance(self, step: int = 1, message=None) -> None:
        if self.done + step >= self.n:
            self.cancel()
        super().advance(step, message)


@pytest.mark.parametrize("fmt", ["cnclip", "wds", "jsonl"])
def test_cancelled_export_leaves_nothing(export_project, tmp_path, fmt):
    out = tmp_path / "exports" / "out"
    with pytest.raises(Cancelled):
        export_dataset(export_project.project, out, ExportOptions(format=fmt), job=_CancelAfter(3))
    assert not out.exists()
    assert list(out.parent.iterdir()) == []  # no temporary folder either


def test_failed_export_keeps_previous_export(export_project, tmp_path, monkeypatch):
    out = tmp_path / "exports" / "out"
    export_dataset(export_project.project, out, ExportOptions(format="jsonl"))
    before = _files(out)
    with pytest.raises(CultiError, match="already exists"):
        export_dataset(export_project.project, out, ExportOptions(format="jsonl"))

    from culti_desktop.core.export import jsonl_writer

    def boom(*a, **k):  # a disk-full style failure in the middle of writing
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jsonl_writer.JsonlWriter, "save_image", boom)
    with pytest.raises(OSError):
        export_dataset(export_project.project, out, ExportOptions(format="jsonl", overwrite=True))
    assert _files(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["out"]


def test_overwrite_replaces_only_when_complete(export_project, tmp_path):
    out = tmp_path / "out"
    export_dataset(export_project.project, out, ExportOptions(format="jsonl", seed=1))
    export_dataset(export_project.project, out, ExportOptions(format="cnclip", overwrite=True))
    assert (out / "train_imgs.tsv").exists() and not (out / "manifest.jsonl").exists()


def test_nothing_to_export_is_a_clear_error(project, tmp_path):
    with pytest.raises(CultiError, match="nothing to export"):
        export_dataset(project, tmp_path / "x", ExportOptions(format="cnclip"))
    assert not (tmp_path / "x").exists()


def test_english_only_export_skips_pairs_without_english(export_project, tmp_path):
    res = export_dataset(export_project.project, tmp_path / "en", ExportOptions(format="jsonl", lang="en"))
    assert res.counts["skipped_without_text"] == 1  # 敦煌壁画飞天 has no English caption
    rows = [json.loads(x) for x in (tmp_path / "en" / "manifest.jsonl").read_text("utf-8").splitlines()]
    assert all(r["caption"] == r["caption_en"] and r["caption_en"] for r in rows)


def test_folder_left_by_a_killed_export_is_removed_next_time(export_project, tmp_path):
    import subprocess
    import sys

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    out = tmp_path / "exports" / "out"
    out.parent.mkdir()
    stale = out.parent / f".out.partial-{dead_pid}-deadbeef"
    (stale / "images").mkdir(parents=True)
    alive = out.parent / f".out.partial-{os.getpid()}-0badcafe"  # a live export's folder is left alone
    alive.mkdir()
    export_dataset(export_project.project, out, ExportOptions(format="cnclip"))
    assert not stale.exists() and alive.exists() and (out / "README.md").exists()


def test_random_split_keeps_look_alike_pairs(project, tmp_path):
    """Two pairs with the same words on the same figure box are two units, and both are exported."""
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    with project.session() as s:
        sha = put_blob(s, b"\x89PNG fake bytes never decoded by the plan")
        doc = Document(sha256=sha, filename="同.png", kind="image", page_count=1, state="ready")
        page = Page(index=0, width=100, height=100, unit="px")
        doc.pages.append(page)
        s.add(doc)
        for _ in range(2):
            fig = Region(kind="figure", source="curator")
            fig.bbox = (10, 10, 50, 50)
            page.regions.append(fig)
            s.add(Pair(figure=fig, caption="同名", caption_zh="同名", status="accepted"))
    plan = build_plan(project, ExportOptions(format="jsonl", split_by="random"))
    assert len(plan.pairs) == 2 and all(p.split for p in plan.pairs)
