"""``culti push``, ``culti pull`` (a project between a file and a PostgreSQL server) and ``culti agreement``."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_from_args
from culti_desktop.cli.output import emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="copy a .culti file into an empty PostgreSQL database (team project)")
    p.add_argument("file", metavar="FILE", help="the .culti file")
    p.add_argument(
        "url", metavar="URL", help="postgresql://user@host:port/db (password from ~/.pgpass or PGPASSWORD)"
    )
    add_json(p)
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("pull", help="copy a team project from PostgreSQL into a new .culti file")
    p.add_argument("url", metavar="URL", help="postgresql://user@host:port/db")
    p.add_argument("file", metavar="FILE", help="the new .culti file")
    add_json(p)
    p.set_defaults(func=cmd_pull)

    p = sub.add_parser(
        "agreement", help="agreement between reviewers: Cohen's kappa, box IoU, caption similarity"
    )
    add_project(p)
    add_json(p)
    p.set_defaults(func=cmd_agreement)

    p = sub.add_parser("conflicts", help="pairs whose two reviewers disagree")
    add_project(p)
    p.add_argument(
        "--second-review", choices=("on", "off"), help="also turn the second-review setting on or off"
    )
    add_json(p)
    p.set_defaults(func=cmd_conflicts)


def cmd_conflicts(args: argparse.Namespace) -> int:
    from culti_desktop.core.curation import team_review

    with open_from_args(args) as project:
        if args.second_review:
            team_review.set_second_review(project, args.second_review == "on")
        data = {
            "project": project.locator,
            "second_review": team_review.second_review_enabled(project),
            "conflicts": team_review.conflicts(project),
        }
    emit(
        data,
        args.json,
        lambda d: (
            f"second review {'on' if d['second_review'] else 'off'}; {len(d['conflicts'])} conflicts"
            + "".join(
                f"\n  pair {c['pair_id']}: "
                + ", ".join(f"{r['curator']} {r['status']}" for r in c["reviews"])
                for c in d["conflicts"]
            )
        ),
    )
    return 0


def _human_copy(d: dict) -> str:
    total = sum(d["rows"].values())
    return f"copied {total} rows from {d['source']} to {d['target']}"


def cmd_push(args: argparse.Namespace) -> int:
    from culti_desktop.core.storage.transfer import push

    args.project = args.url
    emit(push(args.file, args.url), args.json, _human_copy)
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    from culti_desktop.core.storage.transfer import pull

    args.project = args.url
    emit(pull(args.url, args.file), args.json, _human_copy)
    return 0


def _human_agreement(d: dict) -> str:
    def fmt(v: float | None) -> str:
        return "-" if v is None else f"{v:.3f}"

    lines = [
        f"pairs reviewed twice {d['pairs']}  kappa(status) {fmt(d['kappa'])}  box IoU {fmt(d['mean_iou'])}  "
        f"caption similarity {fmt(d['mean_caption_similarity'])}"
    ]
    for doc in d["documents"]:
        lines.append(
            f"  {doc['document']:<30} pairs {doc['pairs']:>4}  kappa {fmt(doc['kappa'])}  IoU {fmt(doc['mean_iou'])}  "
            f"caption {fmt(doc['mean_caption_similarity'])}"
        )
    return "\n".join(lines)


def cmd_agreement(args: argparse.Namespace) -> int:
    from culti_desktop.core.curation.agreement import agreement_report

    with open_from_args(args) as project:
        emit(agreement_report(project), args.json, _human_agreement)
    return 0
