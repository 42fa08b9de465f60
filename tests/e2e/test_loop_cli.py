"""The whole loop through the CLI alone, in subprocesses, offline, never naming a model."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import CAPTIONS, read_lmdb


def _culti(*args: str, ok: bool = True) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.environ.get("PYTHONPATH", os.getcwd()))
    proc = subprocess.run(
        [sys.executable, "-m", "culti_desktop", *args], capture_output=True, text=True, env=env, timeout=600
    )
    assert (proc.returncode == 0) == ok, (args, proc.stdout, proc.stderr)
    return proc


def test_cli_loop_offline_without_model(tmp_path, loop_pdf):
    p = str(tmp_path / "循环.culti")
    _culti("init", p)
    _culti("import", p, str(loop_pdf), "--ocr", "off")
    rows = json.loads(_culti("pairs", p, "--json").stdout)
    assert len(rows) == len(CAPTIONS) and all(r["page"] == i for i, r in enumerate(rows))  # JSON: 0-based
    ids = ",".join(str(r["id"]) for r in rows)
    _culti("review", p, "--accept", ids)

    # no model chosen, no weights, offline: the error names the three ways, one per line
    failed = _culti("train", p, "--epochs", "2", ok=False).stderr
    assert "a split by document" not in failed  # a run that cannot start writes no split
    err = failed.strip().splitlines()
    choices = [line for line in err if line.startswith("  - ")]
    assert len(choices) == 3 and "culti model download ViT-B-16" in choices[0]
    assert "culti model import" in choices[1] and "culti model use PROJECT tiny" in choices[2]
    assert not any("Traceback" in line for line in err)

    _culti("model", "use", p, "tiny")
    trained = _culti("train", p, "--epochs", "2", "--batch", "4", "--device", "cpu", "--json")
    assert "gave 6 accepted pairs a split by document" in trained.stderr  # logged, undoable edit
    assert "culti split PROJECT --by random" in trained.stderr  # one document: told what to do
    result = json.loads(trained.stdout)
    assert result["version_id"] and result["epochs_run"] == 2
    _culti("index", p, "--device", "cpu")
    found = json.loads(_culti("search", p, "--text", "宝相花", "--mode", "hybrid", "--json").stdout)
    assert found["results"] and "宝相花" in found["results"][0]["caption"]

    out = tmp_path / "导出"
    exported = json.loads(_culti("export", p, str(out), "--format", "cnclip", "--json").stdout)
    assert exported["pairs"] == len(CAPTIONS)
    assert read_lmdb(out, tmp_path) == {"train": len(CAPTIONS)}
