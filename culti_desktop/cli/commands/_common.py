"""Arguments and helpers shared by subcommands."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from culti_desktop.core.storage import Project, open_project


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output on stdout")


def add_project(parser: argparse.ArgumentParser, writes: bool = False) -> None:
    parser.add_argument(
        "project",
        metavar="PROJECT",
        help="project file (.culti) or PostgreSQL URL (postgresql://user@host/db)",
    )
    if writes:
        add_force(parser)


def add_force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even though CulTi Desktop holds the project (only if that instance is gone or hung)",
    )


def open_from_args(args: argparse.Namespace) -> Project:
    return open_project(args.project)


@contextlib.contextmanager
def open_for_writing(args: argparse.Namespace, path: str | None = None) -> Iterator[Project]:
    """Open a project to write to it: refused while the app holds it (unless ``--force``) and
    when the file is damaged, before anything is written."""
    from culti_desktop.core.storage.checks import refuse_writes_if_damaged
    from culti_desktop.core.storage.lock import ProjectLock

    with open_project(path or args.project) as project:
        skip = getattr(args, "force", False) or project.is_server  # a server project has no file lock
        lock = None if skip else ProjectLock(project.path).acquire_shared()
        try:
            refuse_writes_if_damaged(project)
            yield project
        finally:
            if lock is not None:
                lock.release()
