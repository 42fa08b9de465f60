"""``culti push FILE URL`` and ``culti pull URL FILE``: a project moved between engines, row for row (ADR 0103).

Both directions are one function: open the source (migrating it to the current schema first),
create an empty target with the same schema, and copy every model table in dependency order,
in primary-key order and in batches, through SQLAlchemy Core (so types round-trip: JSON stays
JSON, booleans stay booleans, blobs stay byte-exact). PostgreSQL sequences are then moved past
the copied ids. Derived tables (keyword indexes) and per-machine caches are not copied: each
side rebuilds them. A failed copy removes the half-made file; a half-filled database is left
with its tables dropped, so the command can simply be run again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, text

from culti_desktop.core.errors import ProjectError
from culti_desktop.core.storage.models import Base
from culti_desktop.core.storage.project import Project, create_project, open_project

BATCH = 500
Progress = Callable[[str, int], None]


def model_tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _copy_table(scon: Connection, dst: Project, table: Table, progress: Progress | None) -> int:
    order = list(table.primary_key.columns)
    n = 0
    with dst.engine.begin() as dcon:
        if table.name == "meta":
            dcon.execute(delete(table))  # the new target's own name row; the source's replaces it
        result = scon.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
        for chunk in result.mappings().partitions(BATCH):
            dcon.execute(insert(table), [dict(r) for r in chunk])
            n += len(chunk)
            if progress:
                progress(table.name, n)
    return n


def reset_sequences(con: Connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the highest copied id, so new rows never collide."""
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or str(pk[0].type) != "INTEGER":
            continue
        seq = con.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": pk[0].name})
        name = seq.scalar()
        if name:
            top = con.execute(select(func.max(pk[0]))).scalar()
            con.execute(
                text("SELECT setval(:s, :v, :called)"), {"s": name, "v": top or 1, "called": top is not None}
            )


def copy_project(
    src: Project, target: str | os.PathLike[str], progress: Progress | None = None
) -> dict[str, Any]:
    """Copy ``src`` into a new project at ``target`` (a new file, or an empty PostgreSQL database)."""
    dst = create_project(target, name=src.get_meta("name"))
    counts: dict[str, int] = {}
    try:
        with src.engine.connect() as scon:
            if src.is_server:  # one snapshot of every table, while other curators keep editing
                scon = scon.execution_options(isolation_level="REPEATABLE READ")
            with scon.begin():
                for table in model_tables():
                    counts[table.name] = _copy_table(scon, dst, table, progress)
        if dst.is_server:
            with dst.engine.begin() as con:
                reset_sequences(con, model_tables())
    except BaseException:
        _discard(dst)
        raise
    out = {"source": src.locator, "target": dst.locator, "rows": counts}
    dst.close()
    return out


def _discard(dst: Project) -> None:
    """Undo a half-made copy so that the command can be run again."""
    if dst.is_server:
        from culti_desktop.core.storage.pg import SCHEMA_TABLE

        with dst.engine.begin() as con:
            for table in reversed(model_tables()):
                con.exec_driver_sql(f'DROP TABLE IF EXISTS "{table.name}" CASCADE')
            con.exec_driver_sql(f"DROP TABLE IF EXISTS {SCHEMA_TABLE}")
        dst.close()
    else:
        dst.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(dst.path) + suffix).unlink(missing_ok=True)


def push(file: str | os.PathLike[str], url: str, progress: Progress | None = None) -> dict[str, Any]:
    """A ``.culti`` file into an empty PostgreSQL database."""
    from culti_desktop.core.storage.locator import is_server_locator

    if not is_server_locator(url):
        raise ProjectError("push needs a postgresql:// URL as its target", str(url))
    with open_project(file) as src:
        return copy_project(src, url, progress)


def pull(url: str, file: str | os.PathLike[str], progress: Progress | None = None) -> dict[str, Any]:
    """A PostgreSQL project into a new ``.culti`` file (the team's "Save a copy")."""
    from culti_desktop.core.storage.locator import is_server_locator

    if is_server_locator(file):
        raise ProjectError("pull writes a .culti file; give a file path as its target", str(file))
    with open_project(url) as src:
        return copy_project(src, file, progress)


def table_rows(project: Project, table: Table) -> list[tuple[Any, ...]]:
    """Every row of ``table`` in primary-key order (for comparing two projects)."""
    with project.engine.connect() as con:
        return [tuple(r) for r in con.execute(select(table).order_by(*table.primary_key.columns))]
