"""``culti export PROJECT OUT --format cnclip|hf|openclip|wds|jsonl``: publish corrected pairs."""

from __future__ import annotations

import argparse
import errno

from culti_desktop.cli.commands._common import add_json, add_project, open_from_args
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job
from culti_desktop.core.errors import CultiError
from culti_desktop.core.export import FORMATS, ExportOptions, build_plan, export_dataset
from culti_desktop.core.export.options import IMAGE_FORMATS, LANGS, SPLIT_MODES
from culti_desktop.core.export.plan import require_pairs
from culti_desktop.core.storage.models import PAIR_STATUSES


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export", help="export pairs as a dataset (Chinese-CLIP, HF imagefolder, OpenCLIP, WebDataset, JSONL)"
    )
    add_project(p)
    p.add_argument("out", metavar="OUT", help="folder to create (written atomically)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "--status",
        default="accepted",
        help=f"comma-separated pair statuses to export (default: accepted; any of {', '.join(PAIR_STATUSES)})",
    )
    p.add_argument(
        "--split-by",
        choices=SPLIT_MODES,
        default="keep",
        help="keep: each pair's stored split; accepted pairs without one get one by document and keep "
        "it (default); document: pages of one document never straddle splits; random: by text",
    )
    p.add_argument("--seed", type=int, default=0, help="split seed (same seed, same export)")
    p.add_argument("--ratios", default="0.8,0.1,0.1", help="train,valid,test shares (default 0.8,0.1,0.1)")
    p.add_argument("--lang", choices=LANGS, default="zh", help="caption language(s) (default zh)")
    p.add_argument(
        "--image-format",
        choices=IMAGE_FORMATS,
        default=None,
        help="auto keeps stored image bytes and writes PNG crops (default; wds defaults to jpg)",
    )
    p.add_argument("--shard-size", type=int, default=1000, help="samples per WebDataset shard")
    p.add_argument(
        "--absolute-paths",
        action="store_true",
        help="openclip: write absolute image paths in the CSV (default: relative to OUT)",
    )
    p.add_argument("--license", help="licence written into the dataset card")
    p.add_argument("--name", help="dataset name for the card")
    p.add_argument("--overwrite", action="store_true", help="replace OUT once the new export is complete")
    p.add_argument("--dry-run", action="store_true", help="only count what would be exported")
    add_json(p)
    p.set_defaults(func=cmd_export)


def _options(args: argparse.Namespace) -> ExportOptions:
    statuses = tuple(s.strip() for s in args.status.split(",") if s.strip())
    unknown = [s for s in statuses if s not in PAIR_STATUSES]
    if unknown or not statuses:
        raise CultiError(
            f"unknown status {', '.join(unknown) or '(none)'} (choose from {', '.join(PAIR_STATUSES)})"
        )
    try:
        ratios = tuple(float(x) for x in args.ratios.split(","))
    except ValueError as exc:
        raise CultiError(f"--ratios must be three numbers like 0.8,0.1,0.1 ({exc})") from exc
    return ExportOptions(
        format=args.format,
        statuses=statuses,
        split_by=args.split_by,
        seed=args.seed,
        ratios=ratios,  # type: ignore[arg-type]
        lang=args.lang,
        image_format=args.image_format,
        shard_size=args.shard_size,
        overwrite=args.overwrite,
        absolute_paths=args.absolute_paths,
        license=args.license,
        name=args.name,
    ).validate()


def _human(d: dict) -> str:
    head = "would export" if d.get("dry_run") else f"exported {d['format']} to {d['out']}:"
    lines = [
        f"{head} {d['pairs']} pairs, {d['texts']} texts, {d['images']} images from {d['documents']} documents"
    ]
    for sp, c in d["splits"].items():
        lines.append(f"  {sp:<14} {c['pairs']:>7} pairs {c['texts']:>7} texts {c['images']:>7} images")
    if d.get("skipped_without_text"):
        lines.append(f"  {d['skipped_without_text']} pairs left out: no caption in the chosen language")
    for f in d.get("failed", []):
        lines.append(f"  failed: {f['error']}")
    return "\n".join(lines)


def _destination_error(exc: OSError, out: str) -> CultiError:
    if exc.errno in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", -1)):
        reason = f"disk full while writing the export; free some space and export again ({exc.strerror})"
    else:
        reason = f"cannot write the export ({exc.strerror or exc})"
    return CultiError(reason, out)


def cmd_export(args: argparse.Namespace) -> int:
    options = _options(args)
    with open_from_args(args) as project:
        if args.dry_run:
            plan = build_plan(project, options)
            require_pairs(plan)
            emit({"dry_run": True, "format": options.format, **plan.counts()}, args.json, _human)
            return 0
        with cli_job(enabled=not args.json) as job:
            try:
                result = export_dataset(project, args.out, options, job=job)
            except OSError as exc:  # the destination failed, not the project: name the export folder
                raise _destination_error(exc, args.out) from exc
    emit(result.as_dict(), args.json, _human)
    return 1 if result.failed and not result.counts["pairs"] else 0
