"""``culti split``: give pairs a train/valid/test split in bulk, seeded and reproducible."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.commands.pairs_cmd import _ids
from culti_desktop.cli.output import emit
from culti_desktop.core.curation.splits import SPLIT_BY, assign_splits, parse_ratios


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "split",
        help="split accepted pairs into train/valid/test (by document or at random); hand-set splits stay",
    )
    add_project(p, writes=True)
    p.add_argument("--by", choices=SPLIT_BY, default="document", help="document (default) or random")
    p.add_argument("--ratios", default="8,1,1", help="train,valid,test shares (default 8,1,1)")
    p.add_argument("--seed", type=int, default=0, help="same seed, same split (default 0)")
    p.add_argument("--ids", type=_ids, metavar="IDS", help="only these pairs (any status), e.g. 3,5,7-9")
    p.add_argument(
        "--replace", action="store_true", help="split the chosen pairs anew even when they have a split"
    )
    p.add_argument("--curator", help="name recorded in the edit log")
    add_json(p)
    p.set_defaults(func=cmd_split)


def _human(d: dict) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in d["splits"].items())
    lines = [f"split {d['assigned']} pairs by {d['by']} ({d['kept']} kept their split): {counts}"]
    if d["warning"]:
        lines.append(f"warning: {d['warning']['message']}")
    return "\n".join(lines)


def cmd_split(args: argparse.Namespace) -> int:
    ratios = parse_ratios(args.ratios)
    with open_for_writing(args) as project:
        result = assign_splits(
            project, args.by, ratios, args.seed, ids=args.ids, replace=args.replace, curator=args.curator
        )
    emit(result.as_dict(), args.json, _human)
    return 0
