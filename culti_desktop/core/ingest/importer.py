"""Import files and folders into a project, one transaction per file.

A file is either imported whole or not at all: its bytes, document, pages, text lines, regions
and proposed pairs are written in one transaction after all the (slow) analysis is done, so a
failure, a cancel or a kill leaves the project as it was for that file, and re-running the
import completes the rest (same bytes = no-op). Slow pages are checkpointed on the side as they
are analysed (:mod:`checkpoints`, ADR 0110), so re-running after a kill or a cancel in the middle
of a long scan analyses only the pages not yet done.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from culti_desktop.core.errors import InputError
from culti_desktop.core.ingest.analyze import OCR_MODES, analyze_image, analyze_pdf_page, attach_context
from culti_desktop.core.ingest.checkpoints import CheckpointStore, FileResume, store_path
from culti_desktop.core.ingest.page_model import PageAnalysis
from culti_desktop.core.ingest.proposals import write_pages
from culti_desktop.core.ingest.sources import (
    IMAGE_SUFFIXES,
    PDF_SUFFIXES,
    display_path,
    image_frames,
    kind_of,
    open_pdf,
    read_bytes,
)
from culti_desktop.core.jobs import Cancelled, Job, ensure_job
from culti_desktop.core.storage.blobs import put_blob, sha256_of
from culti_desktop.core.storage.models import Document, Page, Pair, Region
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
    #: Pages taken back from checkpoints of an earlier, interrupted import instead of analysed.
    pages_resumed: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "failed": self.failed,
            "pages": self.pages,
            "pairs": self.pairs,
            "pages_resumed": self.pages_resumed,
        }


class FileOutcome(NamedTuple):
    outcome: str  # imported | skipped
    pages: int
    pairs: int
    resumed: int = 0


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[dict[str, str]]]:
    """Files given directly, plus supported files found by walking folders recursively (sorted),
    and one error per folder that could not be listed (an unreadable sub-folder is not silent)."""
    out: list[Path] = []
    errors: list[dict[str, str]] = []

    def unlisted(exc: OSError) -> None:
        where = display_path(Path(exc.filename)) if exc.filename else "folder"
        errors.append({"file": where, "error": f"cannot list folder ({exc.strerror or exc}); skipped"})

    for raw in paths:
        p = Path(raw)
        try:
            is_dir = p.is_dir()
        except OSError as exc:  # e.g. a file inside a folder we may not enter
            errors.append({"file": display_path(p), "error": f"cannot read file ({exc.strerror or exc})"})
            continue
        if is_dir:
            found = []
            for root, dirs, files in os.walk(p, onerror=unlisted):
                dirs.sort()
                for name in files:
                    f = Path(root) / name
                    if f.suffix.lower() in PDF_SUFFIXES | IMAGE_SUFFIXES:
                        found.append(f)
            out += sorted(found)
        else:
            out.append(p)
    return out, errors


def analyze_file(
    path: Path, data: bytes, ocr: str = "auto", job: Job | None = None, resume: FileResume | None = None
) -> tuple[str, list[PageAnalysis]]:
    """(kind, page analyses) of one file's bytes; raises InputError for unusable input.

    ``job`` advances once per PDF page ("page i / n"): OCR is per page, so progress on a long scan
    is too. ``resume``: pages checkpointed by an earlier run are taken from it, the others are
    analysed and handed to it as they are done.
    """
    kind = kind_of(path, data)
    analyses: list[PageAnalysis] = []
    if kind == "pdf":
        doc = open_pdf(data, path)
        with doc:
            n = doc.page_count
            if job is not None:  # one unit per page, and a last one for writing them: the file
                job.start(n + 1, f"page 0 / {n}")  # counts as done only once it is in the project
            for i in range(n):
                try:
                    analyses.append(_page(i, resume, partial(analyze_pdf_page, doc[i], i, ocr)))
                except InputError:
                    raise
                except Exception as exc:
                    raise InputError(f"page {i + 1} cannot be read ({exc})", path) from exc
                if job is not None:
                    job.advance(1, f"page {i + 1} / {n}")
    else:
        for i, frame in enumerate(image_frames(data, path)):
            analyses.append(_page(i, resume, partial(analyze_image, frame, i, ocr)))
            if job is not None:
                job.check_cancelled()
    attach_context(analyses)
    return kind, analyses


def _page(index: int, resume: FileResume | None, analyse: Callable[[], PageAnalysis]) -> PageAnalysis:
    """Page ``index`` from its checkpoint, else analysed now (and checkpointed when slow)."""
    if resume is not None:
        kept = resume.take(index)
        if kept is not None:
            return kept
    t0 = time.perf_counter()
    analysis = analyse()
    if resume is not None:
        resume.keep(analysis, time.perf_counter() - t0)
    return analysis


def import_file(
    project: Project,
    path: Path,
    ocr: str = "auto",
    job: Job | None = None,
    checkpoints: CheckpointStore | None = None,
) -> FileOutcome:
    """Import one file; returns its outcome ("imported"|"skipped"), pages, pairs and resumed pages.

    Raises InputError on bad input. ``checkpoints``: the project's page checkpoint store (one is
    opened for this file when not given).
    """
    data = read_bytes(path)
    key = sha256_of(data)
    store = checkpoints if checkpoints is not None else CheckpointStore(store_path(project.side_dir))
    try:
        with project.read_session() as s:
            existing = s.scalar(select(Document).where(Document.sha256 == key))
            if existing is not None and existing.state == "ready":
                store.clear(key)  # checkpoints left by a kill after the file's own commit
                return FileOutcome("skipped", 0, 0)
        resume = FileResume(store, key, ocr)
        try:
            kind, analyses = analyze_file(path, data, ocr, job, resume)
        except Cancelled:
            raise  # the pages analysed so far stay checkpointed: the next import goes on from there
        except InputError:
            store.clear(key)
            raise
        except Exception as exc:
            store.clear(key)
            raise InputError(f"cannot be analysed ({type(exc).__name__}: {exc})", display_path(path)) from exc
        outcome = _write(project, path, key, data, kind, ocr, analyses)
        store.clear(key)  # after the commit: a kill in between leaves rows the next run clears
        return outcome._replace(resumed=resume.resumed)
    finally:
        if checkpoints is None:
            store.close()


def _write(
    project: Project, path: Path, key: str, data: bytes, kind: str, ocr: str, analyses: list[PageAnalysis]
) -> FileOutcome:
    """The file's one transaction: bytes, document, pages, lines, regions and proposed pairs."""
    shown = display_path(path)
    extra: dict[str, object] = {"ocr": ocr}
    if shown != str(path):  # not UTF-8 on disk: keep the exact bytes to find the file again
        extra["source_path_bytes"] = os.fsencode(str(path)).hex()
    with project.session() as s:
        put_blob(s, data)  # the first write: from here this transaction holds the write lock
        s.flush()
        old = s.scalar(select(Document).where(Document.sha256 == key))
        if old is not None and (old.state == "ready" or _has_curated_pairs(s, old)):
            # Another import of the same bytes finished while we analysed: keep its (curated) work.
            return FileOutcome("skipped", 0, 0)
        if old is not None:  # left half-done by an older crash; start it again
            s.delete(old)
            s.flush()
        doc = Document(
            sha256=key,
            filename=Path(shown).name,
            source_path=shown,
            kind=kind,
            media_type=_MEDIA_TYPES.get(path.suffix.lower()),
            page_count=len(analyses),
            extra=extra,
        )
        s.add(doc)
        n_pairs = write_pages(s, doc, analyses)
        doc.state = "ready"
    return FileOutcome("imported", len(analyses), n_pairs)


def _has_curated_pairs(s: Session, doc: Document) -> bool:
    """True when a curator has touched any pair of ``doc`` (status changed, caption edited)."""
    q = (
        select(Pair.id)
        .join(Region, Pair.figure_region_id == Region.id)
        .join(Page, Region.page_id == Page.id)
        .where(Page.document_id == doc.id, (Pair.status != "proposed") | Pair.curator.is_not(None))
        .limit(1)
    )
    return s.scalar(q) is not None


def import_paths(
    project: Project, paths: Iterable[str | Path], job: Job | None = None, ocr: str = "auto"
) -> ImportSummary:
    """Import every file under ``paths``; failures are collected per file and the batch goes on.

    ``ocr``: ``auto`` (OCR pages without a text layer), ``on`` (every page) or ``off``.
    Cancelling stops after the current file is rolled back; files already imported stay, and the
    cancelled file's analysed pages stay checkpointed for the next import.
    """
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}")
    job = ensure_job(job)
    files, unlisted = collect_files(paths)
    summary = ImportSummary(failed=unlisted)
    job.start(len(files), "importing")
    store = CheckpointStore(store_path(project.side_dir))
    try:
        for path in files:
            job.check_cancelled()
            try:
                done = import_file(project, path, ocr, job.child(1), store)
            except InputError as exc:
                summary.failed.append({"file": display_path(path), "error": exc.message})
            else:
                (summary.imported if done.outcome == "imported" else summary.skipped).append(
                    display_path(path)
                )
                summary.pages += done.pages
                summary.pairs += done.pairs
                summary.pages_resumed += done.resumed
            job.advance(0, Path(display_path(path)).name)  # the file's child job counted its one unit
    finally:
        store.close()
    return summary
