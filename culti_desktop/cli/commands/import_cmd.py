"""``culti import PROJECT PATH... [--ocr auto|on|off]``: import documents and propose pairs."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.ingest.analyze import OCR_MODES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="import PDFs and images (files or folders) and propose figure-caption pairs"
    )
    add_project(p, writes=True)
    p.add_argument(
        "paths", nargs="+", metavar="PATH", help="PDF / JPEG / PNG / TIFF files or folders (recursive)"
    )
    p.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default="auto",
        help="auto: OCR pages without a text layer (default); on: every page; off: never",
    )
    add_json(p)
    p.set_defaults(func=cmd_import)


def _human(d: dict) -> str:
    out = [
        f"imported {len(d['imported'])} file(s), {d['pages']} page(s), {d['pairs']} proposed pair(s); "
        f"skipped {len(d['skipped'])} already imported; failed {len(d['failed'])}"
    ]
    if d.get("pages_resumed"):
        out.append(f"resumed {d['pages_resumed']} page(s) analysed by an interrupted import")
    out += [f"failed: {f['file']}: {f['error']}" for f in d["failed"]]
    return "\n".join(out)


def cmd_import(args: argparse.Namespace) -> int:
    with open_for_writing(args) as project, cli_job(enabled=not args.json) as job:
        summary = import_paths(project, args.paths, job=job, ocr=args.ocr)
    emit(summary.as_dict(), args.json, _human)
    return 1 if summary.failed else 0
