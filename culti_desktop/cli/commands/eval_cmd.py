"""``culti eval PROJECT``: text→image and image→text recall of a model on a split (MR as in CulTi)."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="retrieval recall (R@1/5/10 both ways, MR) of a model on a split")
    add_project(p, writes=True)
    p.add_argument("--model", help="version id, version name or arch (default: the current model)")
    p.add_argument("--split", default="test", help="split name (default test)")
    p.add_argument(
        "--laclip",
        choices=("off", "on", "both"),
        default="off",
        help="also score with LACLIP local-alignment re-ranking (on and both report both)",
    )
    p.add_argument("--device", default="auto")
    p.add_argument("--no-record", action="store_true", help="do not store the figures on the model version")
    add_json(p)
    p.set_defaults(func=cmd_eval)


def _fmt(m: dict) -> str:
    t, i = m["t2i"], m["i2t"]
    return (
        f"T2I R@1/5/10 {t['r1']:.1f}/{t['r5']:.1f}/{t['r10']:.1f}   "
        f"I2T R@1/5/10 {i['r1']:.1f}/{i['r5']:.1f}/{i['r10']:.1f}   MR {m['mr']:.1f}"
    )


def _human(d: dict) -> str:
    lines = [
        f"{d['model']} on '{d['split']}': {d['n_texts']} texts, {d['n_images']} images",
        f"  global  {_fmt(d['global'])}",
    ]
    if "laclip" in d:
        lines.append(f"  LACLIP  {_fmt(d['laclip'])}")
    if d.get("skipped_figures"):
        lines.append(f"  ({len(d['skipped_figures'])} figures could not be rendered and were skipped)")
    return "\n".join(lines)


def cmd_eval(args: argparse.Namespace) -> int:
    from culti_desktop.cli.commands.train_cmd import ensure_splits_for_cli
    from culti_desktop.core.ml.evaluate import evaluate
    from culti_desktop.core.ml.registry import load_encoder
    from culti_desktop.core.search.laclip import eval_scores

    scorer = eval_scores if args.laclip != "off" else None
    with open_for_writing(args) as project, cli_job(enabled=not args.json) as job:
        ensure_splits_for_cli(project)
        encoder = load_encoder(project, args.model, device=args.device)
        result = evaluate(
            project, encoder, split=args.split, laclip=scorer, job=job, record=not args.no_record
        )
    emit(result, args.json, _human)
    return 0
