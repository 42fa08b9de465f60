"""Interrupted imports complete when re-run; re-proposing never overwrites a curator's work."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.ingest.pair_review import list_pairs
from culti_desktop.core.ingest.reproposal import repropose
from culti_desktop.core.jobs import Cancelled, Job
from culti_desktop.core.storage.models import Document, Pair


def test_cancelled_import_keeps_finished_files_and_completes_on_rerun(project, born_digital_pdf, tmp_path):
    second = tmp_path / "second.pdf"
    import pymupdf

    doc = pymupdf.open(born_digital_pdf)
    doc.set_metadata({"title": "another copy"})  # different bytes
    doc.save(second)
    job = Job(min_interval=0.0)  # report every step, so the cancel lands right after the first file
    job.on_progress = lambda p: job.cancel() if p.done >= 1 else None
    with pytest.raises(Cancelled):
        import_paths(project, [born_digital_pdf, second], job=job, ocr="off")
    with project.read_session() as s:
        assert [d.filename for d in s.scalars(select(Document))] == ["born_digital.pdf"]
    again = import_paths(project, [born_digital_pdf, second], ocr="off")
    assert again.skipped == [str(born_digital_pdf)] and again.imported == [str(second)]
    assert project.count(Document) == 2


def test_reproposal_keeps_edited_and_reviewed_pairs(project, born_digital_pdf):
    import_paths(project, [born_digital_pdf], ocr="off")
    first, second = list_pairs(project)
    with project.session() as s:
        edited = s.get(Pair, first["id"])
        edited.caption_zh = "策展人改过的说明"
        edited.curator_edited = True
    review_pairs(project, reject=[second["id"]])

    counts = repropose(project)
    assert counts["kept"] == 2 and counts["added"] == 0
    rows = {r["id"]: r for r in list_pairs(project)}
    assert len(rows) == 2
    assert rows[first["id"]]["caption_zh"] == "策展人改过的说明"
    assert rows[second["id"]]["status"] == "rejected"


def test_reproposal_replaces_untouched_proposals(project, born_digital_pdf):
    import_paths(project, [born_digital_pdf], ocr="off")
    before = list_pairs(project)
    counts = repropose(project)
    after = list_pairs(project)
    assert counts == {"kept": 0, "removed": 2, "added": 2}
    assert [r["caption"] for r in after] == [r["caption"] for r in before]
    assert {r["id"] for r in after}.isdisjoint({r["id"] for r in before})


def test_review_in_batches(project, born_digital_pdf):
    import_paths(project, [born_digital_pdf], ocr="off")
    rows = list_pairs(project)
    low = min(r["confidence"] for r in rows)
    high = max(r["confidence"] for r in rows)
    result = review_pairs(project, accept_all=True, min_confidence=(low + high) / 2 if low < high else high)
    accepted = set(result["accepted"])
    assert accepted and all(r["confidence"] >= (low + high) / 2 for r in rows if r["id"] in accepted)
    assert {r["id"] for r in list_pairs(project, "accepted")} == accepted
    with pytest.raises(Exception, match="no such pair"):
        review_pairs(project, accept=[9999])
