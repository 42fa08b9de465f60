"""``culti init``, ``culti info`` and ``culti check``."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._common import add_json, add_project, open_from_args
from culti_desktop.cli.output import emit
from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.stats import project_info


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "init", help="create a new, empty project file (or a team project in an empty PostgreSQL database)"
    )
    add_project(p)
    p.add_argument("--name", help="project name (default: the file name)")
    add_json(p)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="counts of documents, pages and pairs, and the schema version")
    add_project(p)
    add_json(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("check", help="integrity and consistency checks; exits 1 on any problem")
    add_project(p)
    p.add_argument("--fast", action="store_true", help="skip re-hashing stored documents")
    add_json(p)
    p.set_defaults(func=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    with create_project(args.project, name=args.name) as project:
        emit(
            {"project": project.locator, "schema_version": project.schema_version},
            args.json,
            lambda d: f"created {d['project']} (schema {d['schema_version']})",
        )
    return 0


def _human_info(d: dict) -> str:
    st = d["pairs_by_status"]
    return "\n".join(
        [
            f"project        {d['project']}",
            f"schema version {d['schema_version']}",
            f"documents      {d['documents']}",
            f"pages          {d['pages']}",
            f"pairs          {d['pairs']}  (" + ", ".join(f"{k} {v}" for k, v in st.items()) + ")",
            f"model versions {d['model_versions']}  (current: "
            + (f"v{d['current_model']['id']} {d['current_model']['name']}" if d["current_model"] else "-")
            + ")",
        ]
    )


def cmd_info(args: argparse.Namespace) -> int:
    with open_from_args(args) as project:
        emit(project_info(project), args.json, _human_info)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_from_args(args) as project:
        report = check_project(project, verify_hashes=not args.fast)
        data = {"project": project.locator, **report.as_dict()}
    emit(
        data,
        args.json,
        lambda d: "ok" if d["ok"] else "\n".join(f"problem: {p}" for p in d["problems"]),
    )
    return 0 if report.ok else 1
