"""Import progress advances per page (OCR is per page, so a long scan must not sit at 0 %)."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from culti_desktop.core.ingest import import_paths
from culti_desktop.core.jobs import Job
from culti_desktop.core.storage import create_project


def _pdf(path: Path, pages: int) -> Path:
    doc = pymupdf.open()
    for i in range(pages):
        doc.new_page().insert_text((72, 72), f"page {i + 1} text only")
    doc.save(path)
    return path


def test_progress_moves_per_page_and_never_goes_back(tmp_path):
    project = create_project(tmp_path / "p.culti")
    folder = tmp_path / "in"
    folder.mkdir()
    _pdf(folder / "a.pdf", 4)
    _pdf(folder / "b.pdf", 2)
    seen = []
    job = Job(min_interval=0.0)
    job.on_progress = lambda p: seen.append((p.fraction, p.message))
    summary = import_paths(project, [folder], job=job, ocr="off")
    assert len(summary.imported) == 2 and summary.pages == 6
    messages = [m for _, m in seen]
    for i in range(1, 5):
        assert f"page {i} / 4" in messages
    assert "page 2 / 2" in messages
    fractions = [f for f, _ in seen if f is not None]
    assert fractions == sorted(fractions)  # never goes back
    # the bar moves inside each file (two files: whole units only at 0, 0.5 and 1); a file's
    # last share is its write, so 4 pages of the first half are 0.1 ... 0.4
    assert {0.1, 0.2, 0.3, 0.4} <= {round(f, 3) for f in fractions}
    assert any(0.5 < f < 1.0 for f in fractions)
    assert fractions[-1] == 1.0
