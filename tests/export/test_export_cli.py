"""``culti import-dataset`` and ``culti export`` through the real console entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def culti(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "culti_desktop", *args], capture_output=True, text=True, timeout=300
    )


def run_main(capsys, *args: str) -> tuple[int, str]:
    """In-process run of the same entry point (saves a Python start-up per call)."""
    from culti_desktop.cli.main import main

    code = main(list(args))
    return code, capsys.readouterr().out


def test_import_dataset_then_export_every_format_json(tmp_path: Path, make_cnclip_dataset, capsys) -> None:
    make_cnclip_dataset(tmp_path / "数据集", {"train": [(1, "对鸟纹", [1, 2])], "valid": [(2, "花纹", [3])]})
    proj = tmp_path / "项目.culti"
    assert culti("init", str(proj)).returncode == 0
    out = culti("import-dataset", str(proj), str(tmp_path / "数据集"), "--format", "cnclip", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["pairs"] == 3 and set(summary["splits"]) == {"train", "valid"}

    code, stdout = run_main(
        capsys,
        "export",
        str(proj),
        str(tmp_path / "x"),
        "--format",
        "cnclip",
        "--split-by",
        "keep",
        "--dry-run",
        "--json",
    )
    dry = json.loads(stdout)
    assert dry["pairs"] == 3 and dry["splits"]["train"]["texts"] == 1 and not (tmp_path / "x").exists()
    for fmt in ("cnclip", "hf", "openclip", "wds", "jsonl"):
        code, stdout = run_main(
            capsys,
            "export",
            str(proj),
            str(tmp_path / f"导出-{fmt}"),
            "--format",
            fmt,
            "--split-by",
            "keep",
            "--lang",
            "both",
            "--seed",
            "3",
            "--json",
        )
        assert code == 0
        data = json.loads(stdout)
        assert data["pairs"] == 3 and data["format"] == fmt
        assert (tmp_path / f"导出-{fmt}" / "README.md").is_file()


def test_export_errors_are_one_line(tmp_path: Path, make_cnclip_dataset) -> None:
    proj = tmp_path / "p.culti"
    culti("init", str(proj))
    res = culti("export", str(proj), str(tmp_path / "out"), "--format", "cnclip")
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "nothing to export" in lines[0] and str(proj.name) in lines[0]
    bad = tmp_path / "bad"
    make_cnclip_dataset(bad, {"train": [(1, "纹", [1])]})
    (bad / "train_texts.jsonl").write_text(
        '{"text_id": 1, "text": "纹", "image_ids": [7]}\n', encoding="utf-8"
    )
    res = culti("import-dataset", str(proj), str(bad))
    assert res.returncode == 1
    assert (
        "train_texts.jsonl" in res.stderr
        and "line 1" in res.stderr
        and len(res.stderr.strip().splitlines()) == 1
    )
