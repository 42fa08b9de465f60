"""A project *locator*: either a ``.culti`` file path or a PostgreSQL URL (ADR 0100).

Every command and the GUI take one string; this module says which kind it is, turns a URL into
the driver URL SQLAlchemy needs, and strips any password before the locator is shown or saved,
so settings and logs never hold one in clear text (libpq reads ``~/.pgpass`` / ``PGPASSWORD``).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_locator(locator: str | os.PathLike[str]) -> bool:
    return isinstance(locator, str) and locator.strip().lower().startswith(SERVER_SCHEMES)


def driver_url(locator: str) -> URL:
    """The SQLAlchemy URL (psycopg 3 driver) for a ``postgresql://`` locator."""
    url = make_url(locator.strip())
    return url.set(drivername="postgresql+psycopg")


def redact(locator: str | os.PathLike[str]) -> str:
    """The locator without any password: safe to print, log and keep in the recent-projects list."""
    if not is_server_locator(locator):
        return str(locator)
    url = make_url(str(locator).strip())
    shown = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return shown.render_as_string(hide_password=False)


def has_password(locator: str) -> bool:
    return is_server_locator(locator) and make_url(locator.strip()).password is not None


def local_anchor(locator: str, base: Path) -> Path:
    """A local stand-in for ``Project.path`` of a server project: caches, indexes, checkpoints.

    Rebuildable artefacts (search indexes, page renders, training runs) stay on each curator's
    machine, in ``base/servers/<host_port_db>-<hash>/``; the shared data lives on the server.
    """
    url = make_url(redact(locator))
    name = f"{url.host or 'local'}_{url.port or 5432}_{url.database or 'postgres'}"
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:80]
    digest = hashlib.sha256(redact(locator).encode("utf-8")).hexdigest()[:10]
    folder = base / "servers" / f"{safe}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{url.database or 'project'}.culti"
