"""Dataset parsing failures from the outside harness (issue 19 item 6, and empty captions)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_cnclip_dataset

from culti_desktop.core.datasets.cnclip_format import read_texts
from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
from culti_desktop.core.errors import InputError
from culti_desktop.core.storage.models import Pair


@pytest.mark.parametrize("depth", [100_000, 3_000])
def test_deeply_nested_json_line_is_a_file_line_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "train_texts.jsonl"
    good = json.dumps({"text_id": 1, "text": "红色圆形", "image_ids": [1]}, ensure_ascii=False)
    path.write_text(good + "\n" + "[" * depth + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_texts(path)
    line = err.value.one_line()
    assert line.startswith(f"{path}: line 2:") and "nested" in line


def _with_empty_caption(root: Path) -> Path:
    texts = root / "train_texts.jsonl"
    rows = [json.loads(x) for x in texts.read_text(encoding="utf-8").splitlines()]
    rows[0]["text"] = ""
    rows[1]["text"] = "   "
    texts.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return root


def test_empty_captions_are_reported_and_skipped(project, tmp_path: Path) -> None:
    root = _with_empty_caption(make_cnclip_dataset(tmp_path / "ds", n_train=6, n_valid=2))
    summary = import_cnclip_dataset(project, root).as_dict()
    train = summary["splits"]["train"]
    assert train["empty_captions"] == 2 and train["pairs"] == 4
    assert summary["empty_caption_lines"][:2] == ["train_texts.jsonl:1", "train_texts.jsonl:2"]
    with project.read_session() as s:
        assert all((p.caption or "").strip() for p in s.query(Pair))


def test_empty_captions_are_kept_when_asked(project, tmp_path: Path) -> None:
    root = _with_empty_caption(make_cnclip_dataset(tmp_path / "ds", n_train=6, n_valid=2))
    summary = import_cnclip_dataset(project, root, keep_empty_captions=True).as_dict()
    assert summary["splits"]["train"]["pairs"] == 6 and summary["splits"]["train"]["empty_captions"] == 2


def test_unpaired_surrogate_escape_is_a_file_line_error(tmp_path: Path) -> None:
    path = tmp_path / "train_texts.jsonl"
    path.write_text('{"text_id": 1, "text": "\\ud800", "image_ids": [1]}\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 1: .*surrogate"):
        read_texts(path)
