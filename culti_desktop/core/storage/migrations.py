"""Ordered schema migrations. Each step moves a project from version N to N+1 inside one transaction.

A new project is created straight at :data:`SCHEMA_VERSION` from the models; an old file is
backed up (``NAME.v{N}.bak``) and then walked up one step at a time. A step receives the DBAPI
connection (``sqlite3`` or ``psycopg``, both have ``execute(sql)``) and writes portable SQL, so
the same steps run on a file and on a PostgreSQL server (ADR 0101). New tables are emitted from
SQLAlchemy's DDL compiler for the engine at hand (:func:`create_table_sql`).
``tests/foundation/test_foundation_migrations.py`` opens one saved file per released version,
on both engines, and checks that the result equals a fresh schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.schema import CreateIndex, CreateTable

from culti_desktop.core.storage.schema import SCHEMA_TABLE, SCHEMA_VERSION

Step = Callable[[Any], None]


def create_table_sql(table: Table, dialect: Dialect) -> list[str]:
    """CREATE TABLE plus its indexes, compiled for ``dialect`` (as ``create_all`` would emit them)."""
    out = [str(CreateTable(table).compile(dialect=dialect)).strip()]
    out += [
        str(CreateIndex(ix).compile(dialect=dialect)).strip()
        for ix in sorted(table.indexes, key=lambda i: i.name or "")
    ]
    return out


class _Con:
    """The DBAPI connection plus the dialect, for steps that create tables."""

    def __init__(self, raw: Any, dialect: Dialect) -> None:
        self.raw = raw
        self.dialect = dialect

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.raw.execute(sql, params) if params else self.raw.execute(sql)

    def create_table(self, table: Table) -> None:
        for sql in create_table_sql(table, self.dialect):
            self.raw.execute(sql)


def _v1_to_v2(con: Any) -> None:
    """Documents get a licence (for dataset cards); the edit log gets an index for per-pair history."""
    con.execute("ALTER TABLE documents ADD COLUMN licence VARCHAR")
    con.execute("CREATE INDEX IF NOT EXISTS ix_edits_entity ON edits (entity, entity_id)")


def _v2_to_v3(con: Any) -> None:
    """Pairs carry a version (a stale edit is refused); reviews by several curators (ADR 0104, 0105)."""
    from culti_desktop.core.storage.models import Review

    con.execute("ALTER TABLE pairs ADD COLUMN version INTEGER DEFAULT 1 NOT NULL")
    con.create_table(Review.__table__)
    if con.dialect.name == "postgresql":  # live updates for the team GUI (ADR 0106)
        from culti_desktop.core.storage.notify import trigger_sql

        for sql in trigger_sql():
            con.execute(sql)


# MIGRATIONS[n] upgrades a version-n project to version n+1.
MIGRATIONS: dict[int, Step] = {1: _v1_to_v2, 2: _v2_to_v3}


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


def _sqlite_dialect() -> Dialect:
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


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
                MIGRATIONS[version](_Con(con, _sqlite_dialect()))
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


def migrate_server(engine: Engine, from_version: int) -> None:
    """Upgrade a PostgreSQL project in place, one transaction per step.

    The schema row is locked first (``FOR UPDATE``), so two curators opening an old project at
    the same moment migrate it once: the second waits, re-reads the version and finds it done.
    """
    missing = [v for v in range(from_version, SCHEMA_VERSION) if v not in MIGRATIONS]
    if missing:
        raise RuntimeError(f"no migration from schema version {missing[0]}")
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        if dbapi is None:  # only for a connection already invalidated by the pool
            raise RuntimeError("the database connection was closed before migrating")
        for _ in range(from_version, SCHEMA_VERSION):
            try:
                current = int(dbapi.execute(f"SELECT version FROM {SCHEMA_TABLE} FOR UPDATE").fetchone()[0])
                if current >= SCHEMA_VERSION:
                    dbapi.rollback()
                    break
                MIGRATIONS[current](_Con(dbapi, engine.dialect))
                dbapi.execute(f"UPDATE {SCHEMA_TABLE} SET version = {int(current) + 1}")
                dbapi.commit()
            except BaseException:
                dbapi.rollback()
                raise
    finally:
        raw.close()
