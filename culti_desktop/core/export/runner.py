"""Run an export: plan, then stream figure by figure through a format writer into a temp folder.

Memory stays flat: only the small plan is held; each figure's bytes are read, written and
dropped before the next. A figure that cannot be rendered is reported and left out (with its
pairs); cancelling or any other failure removes the temporary folder and leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from culti_desktop.core.errors import InputError
from culti_desktop.core.export.atomic import atomic_directory
from culti_desktop.core.export.card import render_card, write_card
from culti_desktop.core.export.cnclip_writer import CnclipWriter
from culti_desktop.core.export.destination import guard_destination
from culti_desktop.core.export.hf_writer import HfWriter
from culti_desktop.core.export.images import figure_bytes, stored_image_bytes
from culti_desktop.core.export.jsonl_writer import JsonlWriter
from culti_desktop.core.export.openclip_writer import OpenclipWriter
from culti_desktop.core.export.options import ExportOptions
from culti_desktop.core.export.plan import ExportPlan, PlanImage, build_plan, require_pairs
from culti_desktop.core.export.wds_writer import WdsWriter
from culti_desktop.core.export.writer_base import ExportWriter
from culti_desktop.core.jobs import Job, ensure_job
from culti_desktop.core.storage.figures import FigureCache
from culti_desktop.core.storage.models import Region
from culti_desktop.core.storage.project import Project

WRITERS: dict[str, type[ExportWriter]] = {
    "cnclip": CnclipWriter,
    "hf": HfWriter,
    "openclip": OpenclipWriter,
    "wds": WdsWriter,
    "jsonl": JsonlWriter,
}
_EXPUNGE_EVERY = 256


@dataclass
class ExportResult:
    out: Path
    format: str
    counts: dict[str, Any]
    failed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "format": self.format, **self.counts, "failed": self.failed}


def _written_counts(
    plan: ExportPlan, writer: ExportWriter, failed_ids: dict[str, set[str]]
) -> dict[str, Any]:
    per_split: dict[str, dict[str, int]] = {}
    for sp in plan.splits:
        w: dict[str, int] = writer.written.get(sp, {})
        docs = {
            p.document_sha256
            for im in plan.images[sp]
            if str(im.image_id) not in failed_ids[sp]
            for p in im.pairs
        }
        per_split[sp] = {
            "pairs": int(w.get("pairs", 0)),
            "texts": int(w.get("texts", 0)),
            "images": int(w.get("images", 0)),
            "documents": len(docs),
        }
        if "shards" in w:
            per_split[sp]["shards"] = int(w["shards"])
    all_docs = {
        p.document_sha256
        for sp in plan.splits
        for im in plan.images[sp]
        if str(im.image_id) not in failed_ids[sp]
        for p in im.pairs
    }
    return {
        "pairs": sum(v["pairs"] for v in per_split.values()),
        "texts": sum(v["texts"] for v in per_split.values()),
        "images": sum(v["images"] for v in per_split.values()),
        "documents": len(all_docs),
        "skipped_without_text": plan.skipped_no_text,
        "splits": per_split,
    }


def _image_bytes(s: Session, image: PlanImage, image_format: str, cache: FigureCache) -> tuple[bytes, str]:
    if image.stored_image:  # fast path: one column query, no ORM objects, original bytes
        try:
            return stored_image_bytes(s, image.stored_image, image_format)
        except InputError as exc:
            raise InputError(f"figure {image.region_id}: {exc.message}") from exc
    region = s.get(Region, image.region_id)
    if region is None:
        raise InputError(f"figure {image.region_id} no longer exists")
    return figure_bytes(s, region, image_format, cache)


def export_dataset(
    project: Project,
    out: str | Path,
    options: ExportOptions,
    job: Job | None = None,
    plan: ExportPlan | None = None,
) -> ExportResult:
    """Export the selected pairs of ``project`` to the folder ``out`` (created atomically)."""
    job = ensure_job(job)
    options.validate()
    guard_destination(Path(out), project.path, options.overwrite)
    if options.split_by == "keep" and "accepted" in options.statuses:
        # accepted pairs without a split get one, written to the project (ADR 0044), so training,
        # evaluation and this export read the same split
        from culti_desktop.core.curation.splits import ensure_splits

        if ensure_splits(project, options.seed, options.ratios).applied is not None:
            plan = None
    plan = plan or build_plan(project, options)
    require_pairs(plan)
    image_format = options.effective_image_format
    total = sum(len(plan.images[sp]) for sp in plan.splits)
    failed: list[dict[str, Any]] = []
    failed_ids: dict[str, set[str]] = {sp: set() for sp in plan.splits}
    job.start(total, f"exporting {options.format}")
    with atomic_directory(Path(out), overwrite=options.overwrite) as tmp:
        writer = WRITERS[options.format](tmp, plan)
        writer.final_root = Path(out).expanduser().absolute()
        try:
            with project.read_session() as s, FigureCache(size=4) as cache:
                done = 0
                for sp in plan.splits:
                    writer.begin_split(sp)
                    for image in plan.images[sp]:
                        try:
                            data, ext = _image_bytes(s, image, image_format, cache)
                        except InputError as exc:
                            failed_ids[sp].add(str(image.image_id))
                            failed.append(
                                {
                                    "document": image.document,
                                    "page": image.page_index + 1,
                                    "region_id": image.region_id,
                                    "error": exc.one_line(),
                                }
                            )
                        else:
                            writer.add_image(sp, image, data, ext)
                            del data
                        done += 1
                        if done % _EXPUNGE_EVERY == 0:
                            s.expunge_all()  # keep the identity map (and its blobs) from growing
                        job.advance(1, f"{sp}: {image.document}")
                    writer.end_split(sp, failed_ids[sp])
        finally:
            writer.close()
        counts = _written_counts(plan, writer, failed_ids)
        counts["failed"] = failed
        documents = sorted(
            {
                (p.document, p.document_sha256)
                for p in plan.pairs
                if str(p.image_id) not in failed_ids[p.split]
            }
        )
        curators = sorted({p.curator for p in plan.pairs if p.curator})
        write_card(
            tmp,
            render_card(
                plan, counts, documents, curators, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
            ),
        )
        counts.pop("failed")
    return ExportResult(
        out=Path(out).expanduser().absolute(), format=options.format, counts=counts, failed=failed
    )


def export_project_file(
    project_path: str, out: str, options: ExportOptions, job: Job | None = None
) -> ExportResult:
    """Open the project by path and export it: picklable, for a child process (the GUI runs it in
    one so that PyMuPDF renders, which hold the GIL, never freeze the window)."""
    from culti_desktop.core.storage import open_project

    with open_project(project_path) as project:
        return export_dataset(project, out, options, job=job)
