"""``culti glossary PROJECT list|add|remove|import|export``: the project's EN→ZH heritage terms."""

from __future__ import annotations

import argparse
from pathlib import Path

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing, open_from_args
from culti_desktop.cli.output import emit
from culti_desktop.core.errors import CultiError
from culti_desktop.core.search import glossary as gl


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "glossary",
        help="list or edit the project's English→Chinese glossary (used by English queries)",
        description="The shipped heritage glossary plus the project's own terms, which win; "
        "a removed shipped term is hidden in this project only.",
    )
    add_project(p, writes=True)
    ops = p.add_subparsers(dest="op", metavar="OP", required=True)
    o = ops.add_parser("list", help="every term in effect (shipped, project, override)")
    o.add_argument("--project-only", action="store_true", help="only the project's own terms")
    o.add_argument("--grep", help="only terms whose English or Chinese contains this text")
    add_json(o)
    o = ops.add_parser("add", help="add a term or override a shipped one")
    o.add_argument("english")
    o.add_argument("chinese")
    add_json(o)
    o = ops.add_parser("remove", help="remove a project term, or hide a shipped one")
    o.add_argument("english")
    add_json(o)
    o = ops.add_parser("import", help='add terms from a JSON {"terms": {...}} or a two-column TSV/CSV file')
    o.add_argument("file", type=Path)
    add_json(o)
    o = ops.add_parser("export", help="write the project's terms as JSON")
    o.add_argument("file", type=Path)
    o.add_argument("--all", action="store_true", help="the whole effective glossary, shipped terms too")
    add_json(o)
    p.set_defaults(func=cmd_glossary)


def cmd_glossary(args: argparse.Namespace) -> int:
    # add/remove/import write: refused while the app holds the project (unless --force)
    opener = open_for_writing if args.op in ("add", "remove", "import") else open_from_args
    with opener(args) as project:
        if args.op == "list":
            rows = gl.entries(project)
            if args.project_only:
                rows = [r for r in rows if r[2] != "shipped"]
            if args.grep:
                needle = args.grep.lower()
                rows = [r for r in rows if needle in r[0] or needle in r[1]]
            data = {"terms": [{"en": en, "zh": zh, "origin": o} for en, zh, o in rows]}
            emit(
                data,
                args.json,
                lambda d: "\n".join(f"{t['en']}\t{t['zh']}\t{t['origin']}" for t in d["terms"]),
            )
            return 0
        if args.op == "add":
            key = gl.add_term(project, args.english, args.chinese)
            emit({"added": key, "zh": args.chinese.strip()}, args.json, lambda d: f"{d['added']} → {d['zh']}")
            return 0
        if args.op == "remove":
            if not gl.remove_term(project, args.english):
                raise CultiError(f"{args.english!r} is not in the glossary", project.path)
            emit({"removed": gl.normalise_term(args.english)}, args.json, lambda d: f"removed {d['removed']}")
            return 0
        if args.op == "import":
            added, errors = gl.import_terms(project, args.file)
            emit(
                {"added": added, "errors": errors},
                args.json,
                lambda d: "\n".join([f"added {d['added']} terms"] + [f"skipped: {e}" for e in d["errors"]]),
            )
            return 1 if errors and not added else 0
        n = gl.export_terms(project, args.file, include_shipped=args.all)
        emit(
            {"exported": n, "file": str(args.file)},
            args.json,
            lambda d: f"wrote {d['exported']} terms to {d['file']}",
        )
        return 0
