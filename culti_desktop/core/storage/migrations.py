"""Ordered schema migrations. Each step moves a file from version N to N+1 inside one transaction.

A new project is created straight at :data:`SCHEMA_VERSION` from the models; an old file is
backed up (``NAME.v{N}.bak``) and then walked up one step at a time. ``tests/test_migrations.py``
opens one saved file per released version and checks that the result equals a fresh schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from culti_desktop.core.storage.schema import SCHEMA_VERSION

Step = Callable[[sqlite3.Connection], None]


def _v1_to_v2(con: sqlite3.Connection) -> None:
    """Documents get a licence (for dataset cards); the edit log gets an index for per-pair history."""
    con.execute("ALTER TABLE documents ADD COLUMN licence VARCHAR")
    con.execute("CREATE INDEX IF NOT EXISTS ix_edits_entity ON edits (entity, entity_id)")


# MIGRATIONS[n] upgrades a version-n file to version n+1.
MIGRATIONS: dict[int, Step] = {1: _v1_to_v2}


def backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.v{version}.{n}.bak")
        n += 1
    return candidate


#: Backups of one schema version kept beside the file; each failed attempt would add another.
KEEP_BACKUPS = 2


def prune_backups(path: Path, version: int, keep: int = KEEP_BACKUPS) -> None:
    """Remove all but the ``keep`` newest ``NAME.v{version}*.bak`` files."""
    found = sorted(path.parent.glob(f"{path.name}.v{version}.*bak"), key=lambda p: p.stat().st_mtime_ns)
    for old in found[:-keep]:
        old.unlink(missing_ok=True)


def copy_database(src_path: Path, dst_path: Path) -> None:
    """A consistent copy of a live SQLite file (WAL included) via the backup API."""
    src = sqlite3.connect(src_path)
    dst = sqlite3.connect(dst_path)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def migrate(path: Path, from_version: int) -> Path | None:
    """Upgrade the file at ``path`` in place; returns the backup written first (or None)."""
    if from_version >= SCHEMA_VERSION:
        return None
    missing = [v for v in range(from_version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise RuntimeError(f"no migration from schema version {missing[0]}")
    backup = backup_path(path, from_version)
    copy_database(path, backup)
    prune_backups(path, from_version)
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        for version in range(from_version, SCHEMA_VERSION):
            con.execute("BEGIN IMMEDIATE")
            try:
                MIGRATIONS[version](con)
                con.execute(f"PRAGMA user_version={version + 1}")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"migration left {len(problems)} broken references")
    finally:
        con.close()
    return backup
