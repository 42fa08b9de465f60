"""A project on a PostgreSQL server: the same models, a schema-identity table, transactional migrations.

SQLite keeps the schema identity in ``PRAGMA application_id`` / ``user_version``; PostgreSQL has
no such header, so a one-row table ``culti_schema`` holds both (it is not one of the models, so
``culti push``/``pull`` never copy it). Migrations reuse the SQLite steps (portable SQL run on
the DBAPI connection); PostgreSQL runs DDL inside the transaction, so a failed step leaves the
database exactly at the old version and no backup copy is needed (ADR 0100, 0101).
"""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from culti_desktop.core.errors import ProjectError, ProjectTooNewError
from culti_desktop.core.storage.locator import driver_url, redact
from culti_desktop.core.storage.schema import SCHEMA_TABLE


def server_engine(locator: str) -> Engine:
    """An engine on the server; the password (if any) comes from libpq: ``~/.pgpass`` or ``PGPASSWORD``."""
    return create_engine(
        driver_url(locator),
        future=True,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=4,
        connect_args={"application_name": "culti", "connect_timeout": 10},
    )


def connect_or_explain(engine: Engine, locator: str) -> None:
    """Open one connection now, so a wrong host or password is one clear line, not a traceback."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        engine.dispose()
        reason = " ".join(str(exc.orig or exc).split())
        hint = ""
        if "password" in reason.lower():
            hint = " (put the password in ~/.pgpass or PGPASSWORD, never in the URL)"
        raise ProjectError(f"cannot connect to the server: {reason}{hint}", redact(locator)) from exc


def read_identity(engine: Engine) -> tuple[int, int] | None:
    """(application_id, version), or None when the database holds no CulTi project."""
    if not inspect(engine).has_table(SCHEMA_TABLE):
        return None
    with engine.connect() as con:
        row = con.execute(text(f"SELECT application_id, version FROM {SCHEMA_TABLE}")).first()
    return None if row is None else (int(row[0]), int(row[1]))


def write_identity_sql(app_id: int, version: int) -> list[str]:
    return [
        f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE} (application_id BIGINT NOT NULL, version INTEGER NOT NULL)",
        f"DELETE FROM {SCHEMA_TABLE}",
        f"INSERT INTO {SCHEMA_TABLE}(application_id, version) VALUES ({int(app_id)}, {int(version)})",
    ]


def create_schema(engine: Engine, locator: str, name: str | None) -> None:
    """The same tables as a new file, in an empty database (refuses one that already holds tables)."""
    from culti_desktop.core.storage.models import Base
    from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION

    existing = set(inspect(engine).get_table_names())
    if SCHEMA_TABLE in existing or "meta" in existing:
        raise ProjectError("already holds a CulTi project; open it instead", redact(locator))
    clash = existing & set(Base.metadata.tables)
    if clash:
        raise ProjectError(
            f"database already has tables {sorted(clash)}; use an empty database", redact(locator)
        )
    with engine.begin() as con:
        Base.metadata.create_all(con)
        for sql in write_identity_sql(APPLICATION_ID, SCHEMA_VERSION):
            con.exec_driver_sql(sql)
        from culti_desktop.core.storage.notify import trigger_sql

        for sql in trigger_sql():
            con.exec_driver_sql(sql)
        con.execute(
            text("INSERT INTO meta(key, value) VALUES ('name', :n)"),
            {"n": name or driver_url(locator).database},
        )
    try_enable_trgm(engine)


def try_enable_trgm(engine: Engine) -> bool:
    """``CREATE EXTENSION pg_trgm`` (trusted since PostgreSQL 13, so a database owner may); False if refused."""
    try:
        with engine.begin() as con:
            con.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        return True
    except DBAPIError:
        return False


def check_identity(engine: Engine, locator: str, *, migrate: bool) -> None:
    """Refuse a database that is not a project or is too new; migrate an older one in place."""
    from culti_desktop.core.storage import migrations
    from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION

    ident = read_identity(engine)
    shown = redact(locator)
    if ident is None:
        raise ProjectError("no CulTi project in this database (create one with `culti init URL`)", shown)
    app_id, version = ident
    if app_id != APPLICATION_ID:
        raise ProjectError("not a CulTi project (wrong application_id)", shown)
    if version > SCHEMA_VERSION:
        raise ProjectTooNewError(
            f"written by a newer CulTi Desktop (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); update CulTi Desktop to open it",
            shown,
        )
    if version < SCHEMA_VERSION:
        if not migrate:
            raise ProjectError(f"schema {version} needs migrating to {SCHEMA_VERSION}", shown)
        try:
            migrations.migrate_server(engine, version)
        except Exception as exc:
            raise ProjectError(f"migration from schema {version} failed: {exc}", shown) from exc


def schema_version(engine: Engine) -> int:
    ident = read_identity(engine)
    return ident[1] if ident else 0
