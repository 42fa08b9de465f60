"""Entry point of the ``culti`` command.

Each module in :mod:`culti_desktop.cli.commands` defines ``register(subparsers)`` and sets
``func`` on its parser; modules are discovered, so adding a command touches no shared file.
A :class:`~culti_desktop.core.errors.CultiError` ends the command with one line naming the file.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from culti_desktop import __version__
from culti_desktop.cli import commands
from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Cancelled
from culti_desktop.core.mupdf_messages import route_mupdf_messages
from culti_desktop.core.storage.locator import redact


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="culti", description="CulTi Desktop: heritage image-text pairs, Chinese-CLIP and LACLIP search."
    )
    parser.add_argument("--version", action="version", version=f"culti {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    route_mupdf_messages()  # MuPDF would print its complaints on stdout, before any --json output
    try:
        result = args.func(args)
    except CultiError as exc:
        print(f"culti: error: {exc.one_line()}", file=sys.stderr)
        for _key, line in getattr(exc, "choices", ()):  # e.g. the three ways to get a first model
            print(f"  - {line}", file=sys.stderr)
        return 1
    except (sqlite3.DatabaseError, DBAPIError) as exc:
        where = redact(getattr(args, "project", None) or "project")
        reason = " ".join(str(getattr(exc, "orig", None) or exc).split())
        if "full" in reason.lower():
            reason = (
                f"disk full while writing the project; free some space and run the command again ({reason})"
            )
        print(f"culti: error: {where}: database error: {reason}", file=sys.stderr)
        return 1
    except OSError as exc:  # disk full, permissions, a folder that vanished: name the file
        where = exc.filename or getattr(args, "project", None) or "file"
        print(f"culti: error: {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Cancelled:
        print("culti: cancelled", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("culti: interrupted", file=sys.stderr)
        return 130
    return int(result or 0)


if __name__ == "__main__":
    raise SystemExit(main())
