"""``culti pairs`` (list proposed and reviewed pairs) and ``culti review`` (batch accept/reject)."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing, open_from_args
from culti_desktop.cli.output import emit
from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.errors import CultiError
from culti_desktop.core.ingest.pair_review import list_pairs
from culti_desktop.core.storage.models import PAIR_SPLITS, PAIR_STATUSES

_FIELDS = (
    "id",
    "document",
    "page",
    "figure_bbox",
    "caption",
    "caption_zh",
    "caption_en",
    "confidence",
    "status",
    "split",
)


def _ids(text: str) -> list[int]:
    """'3,5,7-9' -> [3, 5, 7, 8, 9]."""
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = part.split("-", 1)
                out += list(range(int(a), int(b) + 1))
            else:
                out.append(int(part))
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not a list of pair ids: '{text}'") from exc
    return out


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("pairs", help="list figure-caption pairs")
    add_project(p)
    p.add_argument("--status", choices=PAIR_STATUSES, help="only pairs with this status")
    add_json(p)
    p.set_defaults(func=cmd_pairs)

    p = sub.add_parser("review", help="accept or reject pairs in batches")
    add_project(p, writes=True)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--accept", type=_ids, metavar="IDS", help="pair ids to accept, e.g. 3,5,7-9")
    g.add_argument("--reject", type=_ids, metavar="IDS", help="pair ids to reject")
    g.add_argument("--accept-all", action="store_true", help="accept every proposed pair")
    g.add_argument("--needs-review", type=_ids, metavar="IDS", help="pair ids to mark as needing review")
    p.add_argument("--split", choices=PAIR_SPLITS, help="also put the reviewed pairs in this split")
    p.add_argument("--min-confidence", type=float, metavar="X", help="only accept pairs with confidence >= X")
    p.add_argument("--curator", help="name recorded in the edit log")
    add_json(p)
    p.set_defaults(func=cmd_review)


def _human_pairs(rows: list[dict]) -> str:
    if not rows:
        return "no pairs"
    out = []
    for r in rows:
        box = ",".join(f"{v:.0f}" for v in r["figure_bbox"])
        cap = (r["caption"] or "(no caption)").replace("\n", " ")
        out.append(
            f"{r['id']:>5}  {r['status']:<9} {r['confidence']:.2f}  {r['document']} p.{r['page'] + 1} [{box}]  "
            f"{cap[:70]}"
        )
    return "\n".join(out)


def _human_review(d: dict) -> str:
    text = f"accepted {len(d['accepted'])}, rejected {len(d['rejected'])}"
    if d["needs_review"]:
        text += f", needs review {len(d['needs_review'])}"
    if "split" in d:
        text += f"; {d['split_changed']} pairs changed (split {d['split']})"
    if d.get("second_review"):
        waiting = sum(r["status"] == "needs_review" and not r["conflict"] for r in d["reviews"])
        disputed = sum(bool(r["conflict"]) for r in d["reviews"])
        text += (
            f"; {len(d['reviews'])} reviews recorded (second review on): "
            f"{waiting} wait for a second curator, {disputed} in conflict"
        )
    return text


def cmd_pairs(args: argparse.Namespace) -> int:
    with open_from_args(args) as project:
        rows = list_pairs(project, args.status)
    emit([{k: r[k] for k in _FIELDS} for r in rows] if args.json else rows, args.json, _human_pairs)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    if args.min_confidence is not None and args.reject:
        raise CultiError("--min-confidence applies to accepting only")
    with open_for_writing(args) as project:  # with second review on, review_pairs records reviews
        result = review_pairs(
            project,
            accept=args.accept or (),
            reject=args.reject or (),
            accept_all=args.accept_all,
            min_confidence=args.min_confidence,
            curator=args.curator,
            split=args.split,
            needs_review=args.needs_review or (),
        )
    emit(result, args.json, _human_review)
    return 0
