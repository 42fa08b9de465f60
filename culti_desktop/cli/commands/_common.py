"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse

from culti_desktop.core.storage import Project, open_project


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")


def add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="project file (.culti) or PostgreSQL URL (postgresql://user@host/db)")


def open_from_args(args: argparse.Namespace) -> Project:
    return open_project(args.project)
