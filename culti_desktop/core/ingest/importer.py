"""Import files and folders into a project, one transaction per file.

A file is either imported whole or not at all: its bytes, document, pages, text lines, regions
and proposed pairs are written in one transaction after all the (slow) analysis is done, so a
failure, a cancel or a kill leaves the project as it was for that file, and re-running the
import completes the rest (same bytes = no-op).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from culti_desktop.core.errors import InputError
from culti_desktop.core.ingest.analyze import OCR_MODES, analyze_image, analyze_pdf_page, attach_context
from culti_desktop.core.ingest.page_model import PageAnalysis
from culti_desktop.core.ingest.proposals import write_pages
from culti_desktop.core.ingest.sources import (
    IMAGE_SUFFIXES,
    PDF_SUFFIXES,
    image_frames,
    kind_of,
    open_pdf,
    read_bytes,
)
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.blobs import put_blob, sha256_of
from culti_desktop.core.storage.models import Document
from culti_desktop.core.storage.project import Project

_MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
}


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0
    pairs: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "failed": self.failed,
            "pages": self.pages,
            "pairs": self.pairs,
        }


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus supported files found by walking folders recursively (sorted)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p, onerror=None):
                dirs.sort()
                for name in files:
                    f = Path(root) / name
                    if f.suffix.lower() in PDF_SUFFIXES | IMAGE_SUFFIXES:
                        found.append(f)
            out += sorted(found)
        else:
            out.append(p)
    return out


def analyze_file(
    path: Path, data: bytes, ocr: str = "auto", job: Job | None = None
) -> tuple[str, list[PageAnalysis]]:
    """(kind, page analyses) of one file's bytes; raises InputError for unusable input."""
    kind = kind_of(path, data)
    analyses: list[PageAnalysis] = []
    if kind == "pdf":
        doc = open_pdf(data, path)
        with doc:
            for i in range(doc.page_count):
                try:
                    analyses.append(analyze_pdf_page(doc[i], i, ocr))
                except InputError:
                    raise
                except Exception as exc:  # noqa: BLE001 - a page the libraries choke on: a damaged file
                    raise InputError(f"page {i + 1} cannot be read ({exc})", path) from exc
                if job is not None:
                    job.check_cancelled()
    else:
        for i, frame in enumerate(image_frames(data, path)):
            analyses.append(analyze_image(frame, i, ocr))
            if job is not None:
                job.check_cancelled()
    attach_context(analyses)
    return kind, analyses


def import_file(
    project: Project, path: Path, ocr: str = "auto", job: Job | None = None
) -> tuple[str, int, int]:
    """Import one file; returns ("imported"|"skipped", pages, pairs). Raises InputError on bad input."""
    data = read_bytes(path)
    key = sha256_of(data)
    with project.read_session() as s:
        existing = s.scalar(select(Document).where(Document.sha256 == key))
        if existing is not None and existing.state == "ready":
            return "skipped", 0, 0
    kind, analyses = analyze_file(path, data, ocr, job)
    with project.session() as s:
        old = s.scalar(select(Document).where(Document.sha256 == key))
        if old is not None:  # left half-done by an older crash; start it again
            s.delete(old)
            s.flush()
        put_blob(s, data)
        doc = Document(
            sha256=key,
            filename=path.name,
            source_path=str(path),
            kind=kind,
            media_type=_MEDIA_TYPES.get(path.suffix.lower()),
            page_count=len(analyses),
            extra={"ocr": ocr},
        )
        s.add(doc)
        n_pairs = write_pages(s, doc, analyses)
        doc.state = "ready"
    return "imported", len(analyses), n_pairs


def import_paths(
    project: Project, paths: Iterable[str | Path], job: Job | None = None, ocr: str = "auto"
) -> ImportSummary:
    """Import every file under ``paths``; failures are collected per file and the batch goes on.

    ``ocr``: ``auto`` (OCR pages without a text layer), ``on`` (every page) or ``off``.
    Cancelling stops after the current file is rolled back; files already imported stay.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}")
    job = ensure_job(job)
    files = expand_paths(paths)
    summary = ImportSummary()
    job.start(len(files), "importing")
    for path in files:
        job.check_cancelled()
        try:
            outcome, n_pages, n_pairs = import_file(project, path, ocr, job)
        except InputError as exc:
            summary.failed.append({"file": str(path), "error": exc.message})
        else:
            (summary.imported if outcome == "imported" else summary.skipped).append(str(path))
            summary.pages += n_pages
            summary.pairs += n_pairs
        job.advance(1, path.name)
    return summary
