"""``culti init/info/check`` through the real console entry point, JSON and errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def culti(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "culti_desktop", *args], capture_output=True, text=True)


def test_init_info_check_json(tmp_path: Path) -> None:
    path = tmp_path / "项目 one.culti"
    out = culti("init", str(path), "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["schema_version"] >= 1
    info = json.loads(culti("info", str(path), "--json").stdout)
    assert info["documents"] == 0 and info["pairs"] == 0
    assert set(info["pairs_by_status"]) == {"proposed", "accepted", "rejected", "needs_review"}
    check = culti("check", str(path), "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True


def test_errors_are_one_line_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.culti"
    out = culti("info", str(missing))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0]
    path = tmp_path / "p.culti"
    culti("init", str(path))
    again = culti("init", str(path))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_check_fails_on_a_damaged_file(tmp_path: Path, project) -> None:
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    with project.session() as s:
        key = put_blob(s, b"%PDF-1.4 fake bytes " * 2000)
        doc = Document(sha256=key, filename="a.pdf", kind="pdf", page_count=1, state="ready")
        doc.pages.append(Page(index=0, width=100, height=100))
        s.add(doc)
        s.flush()
        for i in range(200):
            r = Region(page_id=doc.pages[0].id, kind="figure", x0=0, y0=0, x1=10 + i, y1=10)
            s.add(r)
            s.flush()
            s.add(Pair(figure_region_id=r.id, caption=f"图{i} 纹样" * 20))
    path = project.path
    project.close()
    assert culti("check", str(path)).returncode == 0
    data = bytearray(path.read_bytes())
    # Overwrite a stretch of b-tree pages (not the header): SQLite's integrity check must notice.
    start = 4096 * 3
    data[start : start + 4096 * 4] = b"\xff" * (4096 * 4)
    path.write_bytes(bytes(data))
    out = culti("check", str(path), "--json")
    assert out.returncode != 0
    if out.stdout.strip():
        assert json.loads(out.stdout)["ok"] is False
    else:
        assert str(path) in out.stderr
