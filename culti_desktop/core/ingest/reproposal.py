"""Propose pairs again on documents already in the project (after an improved proposer, or a
different OCR mode), keeping every pair a curator has touched."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import select

from culti_desktop.core.ingest.importer import analyze_file
from culti_desktop.core.ingest.proposals import replace_proposals
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.blobs import get_blob
from culti_desktop.core.storage.models import Document
from culti_desktop.core.storage.project import Project


def repropose(
    project: Project, document_ids: Iterable[int] | None = None, ocr: str = "auto", job: Job | None = None
) -> dict[str, int]:
    """Re-run analysis and proposals; returns counts of pairs kept, removed and added."""
    job = ensure_job(job)
    with project.read_session() as s:
        q = select(Document.id, Document.sha256, Document.filename).where(Document.kind.in_(("pdf", "image")))
        if document_ids is not None:
            q = q.where(Document.id.in_(list(document_ids)))
        docs = s.execute(q.order_by(Document.id)).all()
    totals = {"kept": 0, "removed": 0, "added": 0}
    job.start(len(docs), "re-proposing")
    for doc_id, sha, filename in docs:
        with project.read_session() as s:
            data = get_blob(s, sha)
        _, analyses = analyze_file(Path(filename), data, ocr, job.child(0))  # cancel reaches the analysis
        with project.session() as s:
            doc = s.get(Document, doc_id)
            if doc is None:  # deleted while it was being analysed
                continue
            counts = replace_proposals(s, doc, analyses)
        for k, v in counts.items():
            totals[k] += v
        job.advance(1, filename)
    return totals
