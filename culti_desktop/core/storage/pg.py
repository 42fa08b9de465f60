"""A project on a PostgreSQL server: the same models, a schema-identity table, transactional migrations.

SQLite keeps the schema identity in ``PRAGMA application_id`` / ``user_version``; PostgreSQL has
no such header, so a one-row table ``culti_schema`` holds both (it is not one of the models, so
``culti push``/``pull`` never copy it). Migrations reuse the SQLite steps (portable SQL run on
the DBAPI connection); PostgreSQL runs DDL inside the transaction, so a failed step leaves the
database exactly at the old version and no backup copy is needed (ADR 0100, 0101).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from culti_desktop.core.errors import ProjectError, ProjectTooNewError
from culti_desktop.core.storage import credentials
from culti_desktop.core.storage.credentials import PasswordProvider
from culti_desktop.core.storage.locator import driver_url, has_password, redact
from culti_desktop.core.storage.schema import SCHEMA_TABLE

MAX_PROMPTS = 5


def server_engine(locator: str, password: str | None = None) -> Engine:
    """An engine on the server; without ``password`` libpq reads the URL, ``~/.pgpass`` or ``PGPASSWORD``.

    A given password goes into the driver's connect arguments (memory only), never into the URL
    that is shown or saved.
    """
    args: dict[str, object] = {"application_name": "culti", "connect_timeout": 10}
    if password is not None:
        args["password"] = password
    return create_engine(
        driver_url(locator), future=True, pool_pre_ping=True, pool_size=2, max_overflow=4, connect_args=args
    )


def _try_connect(engine: Engine) -> str | None:
    """None when a connection opens, else the server's reason on one line (the engine is disposed)."""
    try:
        with engine.connect():
            return None
    except OperationalError as exc:
        engine.dispose()
        return " ".join(str(exc.orig or exc).split())


def open_engine(locator: str, provider: PasswordProvider | None = None) -> Engine:
    """A connected engine: libpq's own sources, then this process's and the keyring's password, then ``provider``.

    A wrong host or database is one clear line at once; a missing or wrong password asks the
    provider again (it is told why) until it gives up. A password the provider marked "remember"
    goes into the keyring only after the server accepted it.
    """
    key = credentials.ServerKey.from_locator(locator)
    reason = ""
    for password in _known_passwords(locator, key):
        engine = server_engine(locator, password)
        failed = _try_connect(engine)
        if failed is None:
            if password is not None:
                credentials.remember_for_session(key, password)
            return engine
        reason = failed
        if password is not None and password == credentials.session_password(key):
            credentials.forget_for_session(key)  # changed on the server since it worked
        if not credentials.needs_password(failed):
            break
    attempt = 0
    while provider is not None and credentials.needs_password(reason) and attempt < MAX_PROMPTS:
        attempt += 1
        wrong = "no password supplied" not in reason.lower()  # a stored or typed password was refused
        given = provider(credentials.PasswordRequest(key, reason if wrong else None, attempt))
        if given is None:
            break
        engine = server_engine(locator, given.password)
        failed = _try_connect(engine)
        if failed is None:
            credentials.remember_for_session(key, given.password)
            if given.remember:
                credentials.store_in_keyring(key, given.password)
            return engine
        reason = failed
    raise ProjectError(f"cannot connect to the server: {reason}{_hint(reason)}", redact(locator))


def _known_passwords(locator: str, key: credentials.ServerKey) -> Iterator[str | None]:
    """This process's password, libpq's own sources (None), then the keyring's; lazily, each once."""
    if has_password(locator):  # the URL's password wins (libpq uses it)
        yield None
        return
    session = credentials.session_password(key)
    if session:
        yield session
    yield None
    stored = credentials.keyring_password(key)  # read only when libpq had no usable password
    if stored and stored != session:
        yield stored


def _hint(reason: str) -> str:
    if not credentials.needs_password(reason):
        return ""
    return " (put the password in ~/.pgpass, PGPASSWORD or the system keyring, never in the URL)"


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
