"""File- and batch-level import failures found by the outside harness (issue 19, items 2-5 and 7).

One bad file is one line in ``failed``; the good file next to it is always imported, and
``--json`` output is exactly one JSON document on stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.storage.models import Document


def _good_png(path: Path, red: int = 140) -> Path:
    from PIL import Image

    Image.new("RGB", (64, 48), (red, 30, 30)).save(path)
    return path


def _one_page_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page()
    data = doc.tobytes()
    doc.close()
    return data


def _import_json(project, *paths: Path, capsys) -> dict:
    code = main(["import", str(project.path), *map(str, paths), "--ocr", "off", "--json"])
    out = capsys.readouterr().out
    data = json.loads(out)  # the whole of stdout is one JSON document
    data["code"] = code
    return data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_fifo_named_pdf_is_skipped_not_read(project, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    os.mkfifo(folder / "x.pdf")
    _good_png(folder / "y.png")
    data = _import_json(project, folder, capsys=capsys)  # before the fix: blocks forever in read_bytes
    assert [Path(f).name for f in data["imported"]] == ["y.png"]
    assert [Path(f["file"]).name for f in data["failed"]] == ["x.pdf"]
    assert "not a regular file" in data["failed"][0]["error"]


@pytest.mark.parametrize(
    "edit",
    [
        (b"/Count 1/Kids[4 0 R]", b"/Count 1000000000/Kids[4 0 R]"),
        (b"/Count 1/Kids[4 0 R]", b"/Count 100000/Kids[" + b"4 0 R " * 100_000 + b"]"),
    ],
    ids=["count", "kids"],
)
def test_bogus_page_count_fails_only_that_file(project, tmp_path: Path, capsys, edit) -> None:
    data = _one_page_pdf()
    assert edit[0] in data
    (tmp_path / "a bad.pdf").write_bytes(data.replace(*edit))
    _good_png(tmp_path / "b good.png")
    out = _import_json(project, tmp_path / "a bad.pdf", tmp_path / "b good.png", capsys=capsys)
    assert [Path(f).name for f in out["imported"]] == ["b good.png"]
    assert [Path(f["file"]).name for f in out["failed"]] == ["a bad.pdf"] and out["code"] == 1
    assert "\n" not in out["failed"][0]["error"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names are bytes on Linux only")
def test_non_utf8_file_name_is_imported_with_its_bytes_kept(project, tmp_path: Path, capsys) -> None:
    raw = "海贤图".encode("gbk") + b".png"  # a GBK name from an old zip
    folder = tmp_path / "zip"
    folder.mkdir()
    _good_png(Path(os.fsdecode(os.path.join(os.fsencode(folder), raw))))
    _good_png(folder / "后来.png", red=20)
    out = _import_json(project, folder, capsys=capsys)
    assert out["code"] == 0 and not out["failed"] and len(out["imported"]) == 2
    with project.read_session() as s:
        docs = {d.filename: d for d in s.query(Document)}
    assert "后来.png" in docs
    gbk = next(d for name, d in docs.items() if name != "后来.png")
    assert gbk.filename == "海贤图.png"  # the display form, decoded as GBK
    assert bytes.fromhex(gbk.extra["source_path_bytes"]).endswith(raw)  # the lossless form


def test_mupdf_messages_never_reach_stdout(project, tmp_path: Path) -> None:
    # A page tree with a cycle makes MuPDF print "format error: cycle in page tree".
    data = _one_page_pdf().replace(b"/Type/Page/", b"/Type/Pages/Kids[2 0 R]/Count 1/")
    (tmp_path / "cycle.pdf").write_bytes(data)
    _good_png(tmp_path / "good.png")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "culti_desktop", "import", str(project.path), str(tmp_path), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    data = json.loads(done.stdout)  # raises if MuPDF printed before the "{"
    assert [Path(f).name for f in data["imported"]] == ["good.png"]


def _unreadable_setup(root: Path) -> tuple[Path, Path]:
    folder = root / "docs"
    (folder / "locked").mkdir(parents=True)
    _good_png(folder / "locked" / "hidden.png")
    _good_png(folder / "open.png")
    secret = root / "secret.png"
    _good_png(secret)
    return folder, secret


def _without_root_overrides() -> None:
    """In the child: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so root obeys file modes too."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # PR_CAPBSET_DROP = 24; the exec'd child gets no such capability
        if libc.prctl(24, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX permissions, Linux capabilities")
def test_unreadable_folders_and_files_are_per_file_errors(tmp_path: Path) -> None:
    from culti_desktop.core.storage import create_project

    folder, secret = _unreadable_setup(tmp_path)
    project = tmp_path / "p.culti"
    create_project(project).close()
    os.chmod(folder / "locked", 0o000)
    os.chmod(secret, 0o000)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    cmd = [sys.executable, "-m", "culti_desktop", "import", str(project), str(folder), str(secret)]
    try:
        done = subprocess.run(
            [*cmd, "--ocr", "off", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            preexec_fn=_without_root_overrides if os.geteuid() == 0 else None,
        )
    finally:
        os.chmod(folder / "locked", 0o755)
        os.chmod(secret, 0o644)
    data = json.loads(done.stdout)
    assert [Path(f).name for f in data["imported"]] == ["open.png"], done.stderr
    failed = {Path(f["file"]).name: f["error"] for f in data["failed"]}
    assert set(failed) == {"locked", "secret.png"}, (failed, done.stderr)
    assert all("permission denied" in e.lower() for e in failed.values())


def test_messages_say_what_the_file_is(project, tmp_path: Path) -> None:
    html = tmp_path / "download.pdf"
    html.write_bytes(b"<!DOCTYPE html><html><body>Login required. See the file %PDF-1.7 later</body></html>")
    junk = tmp_path / "scan.png"
    junk.write_bytes(b"\x89PNG not really an image at all")
    summary = import_paths(project, [html, junk], ocr="off")
    errors = {Path(f["file"]).name: f["error"] for f in summary.failed}
    assert "HTML" in errors["download.pdf"] and "truncated" not in errors["download.pdf"]
    assert "BytesIO" not in errors["scan.png"] and "0x" not in errors["scan.png"], errors
