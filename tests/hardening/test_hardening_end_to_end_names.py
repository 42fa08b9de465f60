"""Paths and names with spaces, Chinese characters and emoji, end to end through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_cnclip_dataset, make_documents


def culti(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "culti_desktop", *args, "--json"], capture_output=True, text=True
    )
    assert out.returncode == 0, f"culti {' '.join(args)}: {out.stderr}"
    return json.loads(out.stdout)


@pytest.mark.slow
def test_unicode_and_emoji_paths_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "档案 📜 folder"
    project = root / "丝绸 项目 🧵.culti"
    docs = make_documents(root / "文献 📚", 2)
    renamed = docs[0].with_name("联珠纹 🐦 catalogue.pdf")
    docs[0].rename(renamed)
    data = make_cnclip_dataset(root / "数据集 ✨", n_train=12, n_valid=4)

    culti("init", str(project))
    imported = culti("import", str(project), str(root / "文献 📚"), "--ocr", "off")
    assert {Path(p).name for p in imported["imported"]} == {"联珠纹 🐦 catalogue.pdf", docs[1].name}
    culti("import-dataset", str(project), str(data))
    pairs = culti("pairs", str(project))
    assert any(p["document"] == "联珠纹 🐦 catalogue.pdf" for p in pairs)
    culti("train", str(project), "--model", "tiny", "--epochs", "1", "--batch", "8", "--device", "cpu")
    culti("index", str(project), "--device", "cpu")
    hits = culti("search", str(project), "--text", "红色圆形", "--k", "3")
    assert hits  # a ranked list came back through the emoji path
    out = root / "导出 🎁"
    culti("export", str(project), str(out), "--format", "jsonl")
    manifest = next(out.rglob("*.jsonl"))
    assert manifest.read_text(encoding="utf-8").strip()
    assert (out / "README.md").is_file()
    assert culti("check", str(project))["ok"] is True
