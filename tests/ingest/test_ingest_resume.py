"""Page checkpoints: a long OCR'd import killed or cancelled part-way resumes page by page (ADR 0110).

The kill test runs the real CLI in a subprocess on a small generated scan, SIGKILLs it once some
pages are checkpointed, checks the project, re-runs the import and compares it with a clean one.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pymupdf
import pytest
from sqlalchemy import select

from culti_desktop.core.ingest import checkpoints, import_paths
from culti_desktop.core.ingest.analyze import analyze_pdf_page
from culti_desktop.core.ingest.checkpoints import CheckpointStore, analysis_fingerprint, store_path
from culti_desktop.core.ingest.page_codec import decode_page, encode_page
from culti_desktop.core.jobs import Cancelled, Job
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.models import Document, Page, Pair, Region, TextLine

from .conftest import text_image

CAPTIONS = [
    "图1 敦煌壁画 飞天",
    "图2 唐代铜镜",
    "图3 宋代青瓷",
    "图4 元代青花",
    "图5 明代漆器",
    "图6 清代织锦",
]


def scanned_pages(path: Path, n: int) -> Path:
    """``n`` small image-only pages, each a picture and its caption (the OCR + layout path)."""
    doc = pymupdf.open()
    for i in range(n):
        im = text_image(
            [((150, 300), CAPTIONS[i % len(CAPTIONS)], 26)], size=(640, 400), picture=(140, 30, 500, 280)
        )
        buf = io.BytesIO()
        im.save(buf, "PNG")
        page = doc.new_page(width=320, height=200)
        page.insert_image(page.rect, stream=buf.getvalue())
    doc.save(path)
    return path


def snapshot(project) -> dict:
    """Everything an import writes for its documents, without row ids and timestamps."""
    with project.read_session() as s:
        pages = []
        for page in s.scalars(select(Page).order_by(Page.index)):
            lines = s.scalars(
                select(TextLine).where(TextLine.page_id == page.id).order_by(TextLine.reading_order)
            )
            regions = s.scalars(select(Region).where(Region.page_id == page.id).order_by(Region.id))
            pages.append(
                {
                    "index": page.index,
                    "text_source": page.text_source,
                    "extra": page.extra,
                    "lines": [(ln.text, ln.bbox, ln.confidence, ln.vertical) for ln in lines],
                    "regions": [(r.kind, r.source, r.bbox, r.text, r.confidence, r.extra) for r in regions],
                }
            )
        pairs = [
            (p.caption, p.caption_zh, p.caption_en, p.label, p.confidence, p.reason, p.context, p.figure.bbox)
            for p in s.scalars(select(Pair).order_by(Pair.id))
        ]
        docs = [(d.sha256, d.page_count, d.state) for d in s.scalars(select(Document))]
    return {"documents": docs, "pages": pages, "pairs": pairs}


def test_a_page_analysis_round_trips_through_plain_json(born_digital_pdf):
    with pymupdf.open(born_digital_pdf) as doc:
        pages = [analyze_pdf_page(doc[i], i) for i in range(doc.page_count)]
    for page in pages:
        data = json.loads(json.dumps(encode_page(page)))
        back = decode_page(data)
        assert encode_page(back) == encode_page(page)
        assert back.pairs and back.captions
        # the shared objects stay shared: later cross-page steps compare them by identity
        line_ids = {id(ln) for ln in back.lines}
        assert all(id(ln) in line_ids for c in back.captions for ln in c.lines)
        assert all(p.figure in back.figures for p in back.pairs)
        assert all(any(p.caption is c for c in back.captions) for p in back.pairs if p.caption)
    images = [p.figure.image for p in pages[0].pairs if p.figure.image]
    assert images and decode_page(encode_page(pages[0])).pairs[0].figure.image == images[0]


def test_a_checkpoint_of_another_codec_is_refused():
    with pytest.raises(ValueError, match="codec"):
        decode_page({"codec": 0})


def test_the_fingerprint_follows_the_ocr_mode():
    assert analysis_fingerprint("auto") == analysis_fingerprint("auto")
    assert analysis_fingerprint("auto") != analysis_fingerprint("on")


def cancel_after(pages: int) -> Job:
    """A job cancelled once the file's ``pages``-th page is reported done."""
    job = Job(min_interval=0.0)

    def seen(p) -> None:
        if p.message == f"page {pages} / 2":
            job.cancel()

    job.on_progress = seen
    return job


def test_a_cancelled_import_resumes_from_its_checkpointed_pages(tmp_path, born_digital_pdf, monkeypatch):
    monkeypatch.setattr(checkpoints, "MIN_SECONDS", 0.0)  # checkpoint born-digital pages too
    project = create_project(tmp_path / "p.culti")
    store = CheckpointStore(store_path(project.side_dir))
    with pytest.raises(Cancelled):
        import_paths(project, [born_digital_pdf], job=cancel_after(1))
    assert project.count(Document) == 0 and store.count() == 1
    summary = import_paths(project, [born_digital_pdf])
    assert summary.pages == 2 and summary.pages_resumed == 1 and not summary.failed
    assert store.count() == 0  # cleared once the document is in the project
    clean = create_project(tmp_path / "clean.culti")
    assert import_paths(clean, [born_digital_pdf]).pages_resumed == 0
    assert snapshot(project) == snapshot(clean)
    assert snapshot(project)["pairs"]
    project.close()
    clean.close()


def test_born_digital_pages_are_not_checkpointed(project, born_digital_pdf):
    summary = import_paths(project, [born_digital_pdf])
    assert summary.pages == 2 and not summary.failed
    assert not store_path(project.side_dir).exists()  # fast pages: no store, no per-page commits


def test_a_damaged_checkpoint_store_never_fails_an_import(tmp_path, born_digital_pdf, monkeypatch):
    monkeypatch.setattr(checkpoints, "MIN_SECONDS", 0.0)
    project = create_project(tmp_path / "p.culti")
    path = store_path(project.side_dir)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    summary = import_paths(project, [born_digital_pdf])
    assert not summary.failed and summary.pages == 2 and project.count(Document) == 1
    project.close()


def test_a_damaged_checkpoint_row_is_analysed_again(tmp_path, born_digital_pdf, monkeypatch):
    monkeypatch.setattr(checkpoints, "MIN_SECONDS", 0.0)
    project = create_project(tmp_path / "p.culti")
    with pytest.raises(Cancelled):
        import_paths(project, [born_digital_pdf], job=cancel_after(1))
    import sqlite3

    con = sqlite3.connect(store_path(project.side_dir))
    con.execute('UPDATE page_checkpoints SET data = \'{"codec": 1, "lines": [\'')
    con.commit()
    con.close()
    summary = import_paths(project, [born_digital_pdf])
    assert not summary.failed and summary.pages == 2 and summary.pages_resumed == 0
    project.close()


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "culti_desktop.cli.main", *args]


@pytest.mark.slow
def test_a_killed_ocr_import_resumes_page_by_page(tmp_path):
    """SIGKILL the CLI after k OCR'd pages are checkpointed; the re-run analyses only the rest."""
    n_pages = 3
    scan = scanned_pages(tmp_path / "scan.pdf", n_pages)
    proj = tmp_path / "p.culti"
    create_project(proj).close()
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    store = CheckpointStore(store_path(proj.with_name(proj.name + ".d")))
    proc = subprocess.Popen(
        _cli("import", str(proj), str(scan), "--json"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 300
        while store.count() < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the import ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    kept = store.count()
    assert 1 <= kept < n_pages
    check = subprocess.run(_cli("check", str(proj), "--json"), env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    with open_project(proj) as p:
        assert p.count(Document) == 0  # nothing of the file was written before its one transaction

    rerun = subprocess.run(
        _cli("import", str(proj), str(scan), "--json"), env=env, capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["pages"] == n_pages and summary["pages_resumed"] == kept  # the rest was analysed
    assert store.count() == 0
    store.close()

    clean = tmp_path / "clean.culti"
    with create_project(clean) as c:
        assert import_paths(c, [scan]).pages_resumed == 0
    with open_project(proj) as p, open_project(clean) as c:
        resumed, fresh = snapshot(p), snapshot(c)
    assert len(resumed["pairs"]) >= n_pages - 1
    assert resumed == fresh
