"""Disk full (a file-size limit via RLIMIT_FSIZE) during import: one clear error, intact project."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_documents


def _limit(nbytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))

    return apply


def test_disk_full_during_import_is_a_clear_error(project, tmp_path: Path) -> None:
    docs = make_documents(tmp_path / "docs", 2)
    path = project.path
    first = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "import", str(path), str(docs[1]), "--ocr", "off", "--json"],
        capture_output=True,
        text=True,
    )
    assert first.returncode == 0, first.stderr
    project.close()
    big = tmp_path / "大文件.pdf"
    import pymupdf

    doc = pymupdf.open()
    for i in range(8):
        page = doc.new_page()
        page.insert_image(page.rect, stream=(docs[1]).read_bytes())
        page.insert_text((50, 50), f"noise {i} " + "x" * 2000, fontsize=4)
    doc.save(big)  # several hundred KB, more than the limit below allows
    size_now = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-*"))
    out = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "import", str(path), str(big), "--ocr", "off", "--json"],
        capture_output=True,
        text=True,
        preexec_fn=_limit(size_now + 64 * 1024),
    )
    assert out.returncode != 0
    err_lines = [ln for ln in out.stderr.strip().splitlines() if ln.startswith("culti: error")]
    assert err_lines and "full" in err_lines[-1].lower() and path.name in err_lines[-1], out.stderr
    check = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "check", str(path), "--json"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    info = json.loads(
        subprocess.run(
            [sys.executable, "-m", "culti_desktop", "info", str(path), "--json"],
            capture_output=True,
            text=True,
        ).stdout
    )
    assert info["documents"] == 1  # the failed file left nothing behind


def test_disk_full_during_export_is_a_clear_error_and_leaves_nothing(project, tmp_path: Path) -> None:
    from kill_harness import make_cnclip_dataset

    data = make_cnclip_dataset(tmp_path / "ds", n_train=40, n_valid=8)
    path = project.path
    project.close()
    done = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "import-dataset", str(path), str(data), "--json"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    before = path.read_bytes()
    out_dir = tmp_path / "导出 full"
    out = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "export", str(path), str(out_dir), "--format", "jsonl"],
        capture_output=True,
        text=True,
        preexec_fn=_limit(1500),  # no file may grow past 1.5 KB
    )
    assert out.returncode != 0
    err = [ln for ln in out.stderr.strip().splitlines() if ln.startswith("culti: error")]
    assert err and ("large" in err[-1].lower() or "full" in err[-1].lower() or "space" in err[-1].lower()), (
        out.stderr
    )
    assert not out_dir.exists()
    assert not list(tmp_path.glob(f".{out_dir.name}.partial-*"))
    check = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "check", str(path), "--json"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert path.read_bytes() == before  # the export never writes to the project
