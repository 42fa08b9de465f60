"""Open, create and hold a project file.

Every connection turns on foreign keys, WAL and a busy timeout, so that a crash at any moment
leaves a file that opens with every committed transaction. Callers use :meth:`Project.session`
as a unit of work: it commits on success and rolls back on error, so each curator edit is one
durable transaction.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from culti_desktop.core.errors import ProjectError, ProjectTooNewError
from culti_desktop.core.storage import migrations
from culti_desktop.core.storage.credentials import PasswordProvider
from culti_desktop.core.storage.locator import is_server_locator, redact
from culti_desktop.core.storage.models import Base, Meta
from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION


def _configure_connection(dbapi_con: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_con.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) of an SQLite file, without changing it."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"not a CulTi project (not an SQLite database: {exc})", path) from exc
    return app_id, version


class Project:
    """An open project: the engine, a session factory and the side folder for caches.

    ``locator`` is what the user gave (a file path, or a PostgreSQL URL without its password);
    ``path`` is always a local file path: the project file itself, or for a server project a
    local stand-in under the user's cache folder whose side folder holds this machine's caches.
    """

    def __init__(self, path: Path, engine: Engine, locator: str | None = None) -> None:
        self.path = path
        self.engine = engine
        self.locator = locator if locator is not None else str(path)
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def is_server(self) -> bool:
        """True for a PostgreSQL project (several curators; no file lock, no file copy)."""
        return self.engine.dialect.name != "sqlite"

    # -- files beside the project --------------------------------------------------------
    @property
    def side_dir(self) -> Path:
        """Folder beside the file for rebuildable caches and large artefacts (indexes, renders)."""
        return self.path.with_name(self.path.name + ".d")

    def cache_dir(self, name: str) -> Path:
        d = self.side_dir / "cache" / name
        d.mkdir(parents=True, exist_ok=True)
        return d

    # -- units of work ---------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as s:
            with s.begin():
                yield s

    def read_session(self) -> Session:
        return self._sessions()

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.read_session() as s:
            row = s.get(Meta, key)
            return row.value if row is not None else default

    def set_meta(self, key: str, value: str | None) -> None:
        with self.session() as s:
            s.merge(Meta(key=key, value=value))

    @property
    def schema_version(self) -> int:
        if self.is_server:
            from culti_desktop.core.storage.pg import schema_version

            return schema_version(self.engine)
        with self.engine.connect() as con:
            return int(con.execute(text("PRAGMA user_version")).scalar_one())

    def count(self, model: type) -> int:
        with self.read_session() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _configure_connection)
    return engine


def _server_project(
    locator: str,
    *,
    create: bool,
    name: str | None = None,
    migrate: bool = True,
    password_provider: PasswordProvider | None = None,
) -> Project:
    from culti_desktop.core.paths import user_cache_path
    from culti_desktop.core.storage import pg
    from culti_desktop.core.storage.locator import local_anchor

    engine = pg.open_engine(locator, password_provider)
    try:
        if create:
            pg.create_schema(engine, locator, name)
        else:
            pg.check_identity(engine, locator, migrate=migrate)
    except BaseException:
        engine.dispose()
        raise
    return Project(local_anchor(locator, user_cache_path()), engine, redact(locator))


def create_project(
    path: str | os.PathLike[str],
    name: str | None = None,
    *,
    password_provider: PasswordProvider | None = None,
) -> Project:
    """Create a new, empty project at ``path``: a file (refuses to overwrite) or an empty PostgreSQL database.

    ``password_provider`` is asked when a server wants a password that libpq and the keyring lack.
    """
    if is_server_locator(path):
        return _server_project(str(path), create=True, name=name, password_provider=password_provider)
    p = Path(path).expanduser().resolve()
    if p.exists():
        raise ProjectError("file already exists; open it instead", p)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".creating")
    tmp.unlink(missing_ok=True)
    engine = _engine(tmp)
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as con:
            con.execute(text(f"PRAGMA application_id={APPLICATION_ID}"))
            con.execute(text(f"PRAGMA user_version={SCHEMA_VERSION}"))
            con.execute(text("INSERT INTO meta(key, value) VALUES ('name', :n)"), {"n": name or p.stem})
        with engine.connect() as con:  # fold the WAL into the file before renaming it
            con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    os.replace(tmp, p)
    return Project(p, _engine(p))


def open_project(
    path: str | os.PathLike[str], *, migrate: bool = True, password_provider: PasswordProvider | None = None
) -> Project:
    """Open an existing project (file path or PostgreSQL URL), migrating an older schema and refusing newer ones."""
    if is_server_locator(path):
        return _server_project(str(path), create=False, migrate=migrate, password_provider=password_provider)
    p = Path(path).expanduser().resolve()
    if not p.is_file():
        raise ProjectError("no such project file", p)
    app_id, version = read_header(p)
    if app_id != APPLICATION_ID:
        raise ProjectError("not a CulTi project (wrong application_id)", p)
    if version > SCHEMA_VERSION:
        raise ProjectTooNewError(
            f"written by a newer CulTi Desktop (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}); update CulTi Desktop to open it",
            p,
        )
    if version < SCHEMA_VERSION:
        if not migrate:
            raise ProjectError(f"schema {version} needs migrating to {SCHEMA_VERSION}", p)
        try:
            migrations.migrate(p, version)
        except Exception as exc:
            raise ProjectError(f"migration from schema {version} failed: {exc}", p) from exc
    return Project(p, _engine(p))
