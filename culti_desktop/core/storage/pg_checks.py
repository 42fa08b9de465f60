"""The server half of ``culti check`` on PostgreSQL: the server's own checks, then the identity row.

SQLite's ``integrity_check``/``foreign_key_check`` have no single PostgreSQL twin. PostgreSQL
enforces foreign keys on every write, so instead we ask it for what *can* go wrong: indexes
left invalid (a failed ``CREATE INDEX CONCURRENTLY``), constraints not validated, and, when the
``amcheck`` contrib extension is installed, a B-tree structure check of every project index
(``bt_index_check``). Page checksums are reported as on/off (ADR 0102).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from culti_desktop.core.storage.pg import SCHEMA_TABLE
from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION

_PROJECT_INDEXES = """
SELECT c.relname, i.indisvalid FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am a ON a.oid = c.relam
WHERE n.nspname = current_schema() AND a.amname = 'btree'
"""


def server_checks(con: Connection, problems: list[str], checked: dict[str, Any]) -> None:
    indexes = con.execute(text(_PROJECT_INDEXES)).all()
    problems += [
        f"index {name} is invalid (rebuild it: REINDEX INDEX {name})" for name, ok in indexes if not ok
    ]
    unvalidated = con.execute(
        text(
            "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
            "WHERE n.nspname = current_schema() AND NOT c.convalidated"
        )
    ).scalars()
    problems += [f"constraint {name} is not validated" for name in unvalidated]
    has_amcheck = con.execute(
        text("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")
    ).scalar_one()
    if has_amcheck:
        for name, ok in indexes:
            if not ok:
                continue
            try:
                with con.begin_nested():
                    con.execute(text("SELECT bt_index_check(CAST(:i AS regclass))"), {"i": name})
            except DBAPIError as exc:
                problems.append(f"amcheck: index {name}: {' '.join(str(exc.orig or exc).split())}")
    checked["server_indexes"] = len(indexes)
    checked["amcheck"] = bool(has_amcheck)
    checked["data_checksums"] = con.execute(text("SHOW data_checksums")).scalar_one() == "on"
    row = con.execute(text(f"SELECT application_id, version FROM {SCHEMA_TABLE}")).first()
    if row is None:
        problems.append(f"{SCHEMA_TABLE} is empty: not a CulTi project")
        return
    if int(row[0]) != APPLICATION_ID:
        problems.append(f"application_id is {row[0]}, expected {APPLICATION_ID}")
    if int(row[1]) != SCHEMA_VERSION:
        problems.append(f"schema version is {row[1]}, expected {SCHEMA_VERSION}")
