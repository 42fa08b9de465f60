"""``culti repropose PROJECT [--document D]``: analyse documents again and propose their pairs anew.

Pairs a curator touched (edited, reviewed) are kept; untouched proposals are replaced. Useful
after a better proposer or with another OCR mode.
"""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job
from culti_desktop.core.errors import InputError
from culti_desktop.core.ingest.analyze import OCR_MODES
from culti_desktop.core.ingest.reproposal import repropose
from culti_desktop.core.storage.project import Project
from culti_desktop.core.views.documents import document_choices


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "repropose", help="propose pairs again on imported documents, keeping every pair a curator touched"
    )
    add_project(p, writes=True)
    p.add_argument(
        "--document",
        action="append",
        metavar="D",
        help="only this document (id or file name); repeat for several (default: every document)",
    )
    p.add_argument(
        "--ocr", choices=OCR_MODES, default="auto", help="OCR mode of the new analysis (default auto)"
    )
    add_json(p)
    p.set_defaults(func=cmd_repropose)


def resolve_documents(project: Project, wanted: list[str]) -> list[int]:
    """Document ids named by id or by file name; an unknown one is a one-line error naming it."""
    docs = document_choices(project)
    by_id = {str(i): i for i, _ in docs}
    by_name: dict[str, list[int]] = {}
    for i, name in docs:
        by_name.setdefault(name, []).append(i)
    out: list[int] = []
    for w in wanted:
        if w in by_id:
            out.append(by_id[w])
        elif w in by_name:
            out.extend(by_name[w])
        else:
            raise InputError(f"no document '{w}' in this project (give its id or file name)", project.path)
    return sorted(set(out))


def _human(d: dict) -> str:
    return (
        f"re-proposed {d['documents']} document(s): kept {d['kept']} touched pair(s), "
        f"replaced {d['removed']} proposal(s) by {d['added']}"
    )


def cmd_repropose(args: argparse.Namespace) -> int:
    with open_for_writing(args) as project:
        ids = resolve_documents(project, args.document) if args.document else None
        with cli_job(enabled=not args.json) as job:
            counts = repropose(project, ids, ocr=args.ocr, job=job)
            n_docs = job.total or 0  # the PDFs and images it went through (datasets have no pages to analyse)
    emit({"documents": n_docs, **counts}, args.json, _human)
    return 0
