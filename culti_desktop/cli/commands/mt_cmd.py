"""``culti mt status | download``: the optional English→Chinese translation model (issue #16)."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("mt", help="the optional English→Chinese translation model (status, download)")
    msub = p.add_subparsers(dest="mt_command", metavar="ACTION", required=True)
    q = msub.add_parser("status", help="whether the model files and its runtime are present")
    add_json(q)
    q.set_defaults(func=cmd_status)
    q = msub.add_parser("download", help="download the model into the user model folder (resumable)")
    add_json(q)
    q.set_defaults(func=cmd_download)


def _human(d: dict) -> str:
    files = "all files present" if d["downloaded"] else f"missing: {', '.join(d['missing'])}"
    runtime = (
        "runtime installed"
        if d["runtime"]
        else "runtime not installed (pip install ctranslate2 sentencepiece)"
    )
    return f"{d['model']}: {d['folder']} ({files}; {runtime})"


def cmd_status(args: argparse.Namespace) -> int:
    from culti_desktop.core.search.mt import mt_status

    emit(mt_status(), args.json, _human)
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    from culti_desktop.core.search.mt import fetch_mt, mt_status

    with cli_job(enabled=not args.json) as job:
        fetch_mt(job=job)
    emit(mt_status(), args.json, _human)
    return 0
