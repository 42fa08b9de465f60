"""``culti import-dataset PROJECT DIR --format cnclip``: start a project from an existing dataset."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job
from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import-dataset",
        help="import a Chinese-CLIP/CulTi dataset folder ({split}_imgs.tsv + {split}_texts.jsonl)",
    )
    add_project(p, writes=True)
    p.add_argument("dir", metavar="DIR", help="dataset folder")
    p.add_argument("--format", choices=["cnclip"], default="cnclip", help="dataset format (default: cnclip)")
    p.add_argument("--splits", help="comma-separated splits to import (default: every split in DIR)")
    p.add_argument(
        "--key-prefix",
        default="",
        help="prefix for text keys, to keep two datasets with the same split/text ids apart",
    )
    p.add_argument(
        "--keep-empty-captions",
        action="store_true",
        help="also import texts whose caption is empty (default: report and skip them)",
    )
    add_json(p)
    p.set_defaults(func=cmd_import_dataset)


def _human(d: dict) -> str:
    lines = [f"imported {d['pairs']} pairs ({d['images']} images, {d['texts']} texts) from {d['dataset']}"]
    for name, sp in d["splits"].items():
        extra = f", {sp['existing_pairs']} already present" if sp["existing_pairs"] else ""
        lines.append(
            f"  {name:<16} {sp['pairs']:>7} pairs  {sp['images']:>7} images  {sp['texts']:>7} texts{extra}"
        )
    if d.get("empty_captions"):
        where = ", ".join(d["empty_caption_lines"][:5])
        lines.append(f"{d['empty_captions']} text(s) with an empty caption were skipped ({where} ...)")
    return "\n".join(lines)


def cmd_import_dataset(args: argparse.Namespace) -> int:
    splits = [s.strip() for s in args.splits.split(",") if s.strip()] if args.splits else None
    with open_for_writing(args) as project, cli_job(enabled=not args.json) as job:
        summary = import_cnclip_dataset(
            project,
            args.dir,
            key_prefix=args.key_prefix,
            splits=splits,
            job=job,
            keep_empty_captions=args.keep_empty_captions,
        )
    emit(summary.as_dict(), args.json, _human)
    return 0
