"""Import files and folders into a project, one transaction per file.

A file is either imported whole or not at all: its document, pages and everything derived from
it are written in one transaction, so a failure or a kill leaves the project as it was for that
file, and re-running the import completes the rest (same bytes = no-op).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from sqlalchemy import select

from culti_desktop.core.errors import InputError
from culti_desktop.core.ingest.store import put_blob, sha256_of
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.models import Document, Page
from culti_desktop.core.storage.project import Project

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"imported": self.imported, "skipped": self.skipped, "failed": self.failed, "pages": self.pages}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files given directly, plus supported files found by walking folders recursively."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PDF_SUFFIXES | IMAGE_SUFFIXES
            )
        else:
            out.append(p)
    return out


def _page_sizes_pdf(data: bytes, path: Path) -> list[tuple[float, float]]:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot open as PDF ({exc})", path) from exc
    with doc:
        if doc.needs_pass:
            raise InputError("PDF is password-protected", path)
        if doc.page_count == 0:
            raise InputError("PDF has no pages", path)
        return [(pg.rect.width, pg.rect.height) for pg in doc]


def _page_sizes_image(data: bytes, path: Path) -> list[tuple[float, float]]:
    from PIL import Image, ImageSequence

    try:
        with Image.open(io.BytesIO(data)) as im:
            return [(float(f.width), float(f.height)) for f in ImageSequence.Iterator(im)]
    except Exception as exc:  # noqa: BLE001
        raise InputError(f"cannot read image ({exc})", path) from exc


def import_file(project: Project, path: Path) -> tuple[str, int]:
    """Import one file; returns ("imported"|"skipped", pages). Raises InputError on bad input."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path) from exc
    if not data:
        raise InputError("file is empty (0 bytes)", path)
    key = sha256_of(data)
    with project.read_session() as s:
        existing = s.scalar(select(Document).where(Document.sha256 == key))
        if existing is not None and existing.state == "ready":
            return "skipped", 0
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        kind, sizes, unit = "pdf", _page_sizes_pdf(data, path), "pt"
    elif suffix in IMAGE_SUFFIXES:
        kind, sizes, unit = "image", _page_sizes_image(data, path), "px"
    else:
        raise InputError(f"unsupported file type '{suffix or '(none)'}'", path)
    with project.session() as s:
        old = s.scalar(select(Document).where(Document.sha256 == key))
        if old is not None:  # left half-done by an older crash; start it again
            s.delete(old)
            s.flush()
        put_blob(s, data)
        doc = Document(sha256=key, filename=path.name, source_path=str(path), kind=kind, page_count=len(sizes))
        s.add(doc)
        for i, (w, h) in enumerate(sizes):
            doc.pages.append(Page(index=i, width=w, height=h, unit=unit))
        doc.state = "ready"
    return "imported", len(sizes)


def import_paths(
    project: Project, paths: Iterable[str | Path], job: Optional[Job] = None, ocr: str = "auto"
) -> ImportSummary:
    """Import every file under ``paths``; failures are collected per file and the batch goes on."""
    job = ensure_job(job)
    files = expand_paths(paths)
    summary = ImportSummary()
    job.start(len(files), "importing")
    for path in files:
        try:
            outcome, n_pages = import_file(project, path)
        except InputError as exc:
            summary.failed.append({"file": str(path), "error": exc.message})
        else:
            (summary.imported if outcome == "imported" else summary.skipped).append(str(path))
            summary.pages += n_pages
        job.advance(1, path.name)
    return summary
