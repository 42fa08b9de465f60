"""Both storage engines for the tests: a project locator that is an SQLite file or a fresh PostgreSQL database.

Tests in :data:`ENGINE_AREAS` that use ``project``/``project_locator`` run once per engine. The
PostgreSQL run needs ``CULTI_TEST_PG_URL`` (an account allowed to CREATE DATABASE; the password
comes from ``PGPASSFILE``/``PGPASSWORD``), which ``.ci/run`` exports after starting a throwaway
cluster with ``.ci/pg_cluster``. Without it those runs are skipped with a message, so a clone
works anywhere. Each test gets its own database, dropped afterwards.
"""

from __future__ import annotations

import inspect
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ENGINES = ("sqlite", "postgresql")
ENGINE_AREAS = {"curation", "team", "export"}
PG_ENV = "CULTI_TEST_PG_URL"
SKIP_MESSAGE = (
    f"PostgreSQL not available: set {PG_ENV}=postgresql://USER@HOST:PORT/postgres "
    "(or run .ci/pg_cluster start); PostgreSQL runs of the engine tests are skipped"
)


def server_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _admin(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True, connect_timeout=5)


def database_url(base: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(base).set(database=name).render_as_string(hide_password=False)


def new_database(prefix: str = "culti_t") -> str:
    """A new empty database on the test server; returns its URL (skips the test without a server)."""
    base = server_url()
    if not base:
        pytest.skip(SKIP_MESSAGE)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with _admin(base) as con:
            con.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    except Exception as exc:
        pytest.skip(f"PostgreSQL at {PG_ENV} unusable ({exc}); PostgreSQL runs skipped")
    return database_url(base, name)


def drop_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    base = server_url()
    assert base
    with _admin(base) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def parametrize_engines(metafunc: pytest.Metafunc) -> None:
    if "engine_name" not in metafunc.fixturenames:
        return
    for mark in metafunc.definition.iter_markers("parametrize"):
        if "engine_name" in str(mark.args[0]):  # the test chose its engine itself
            return
    area = Path(str(metafunc.definition.fspath)).parent.name
    direct = inspect.signature(metafunc.function).parameters
    if area in ENGINE_AREAS or "project_locator" in direct:
        metafunc.parametrize("engine_name", ENGINES, indirect=True)


@pytest.fixture
def engine_name(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database URL (dropped afterwards)."""
    url = new_database()
    yield url
    drop_database(url)


@pytest.fixture
def project_locator(engine_name: str, project_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's project lives: the SQLite file path, or a new PostgreSQL database URL."""
    if engine_name == "sqlite":
        return str(project_path)
    return request.getfixturevalue("pg_database")


@pytest.fixture
def pg_password_account() -> Iterator[tuple[str, str]]:
    """(URL, password) of a new role with a password and its own empty database, on the test server.

    The test cluster authenticates every role with ``scram-sha-256`` and its pgpass file names only
    the admin role, so libpq finds no password for this one: the keyring/prompt path is exercised.
    """
    base = server_url()
    if not base:
        pytest.skip(SKIP_MESSAGE)
    role = f"culti_pw_{uuid.uuid4().hex[:10]}"
    password = uuid.uuid4().hex
    with _admin(base) as con:
        con.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        con.execute(f'CREATE DATABASE "{role}" OWNER "{role}" TEMPLATE template0 ENCODING \'UTF8\'')
    from sqlalchemy.engine import make_url

    url = make_url(base).set(username=role, password=None, database=role)
    yield url.render_as_string(hide_password=False), password
    with _admin(base) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{role}" WITH (FORCE)')
        con.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[object]:
    """A real keyring backend (keyrings.alt's file backend) in a temporary folder, for this test only."""
    keyring = pytest.importorskip("keyring")
    file_backend = pytest.importorskip("keyrings.alt.file")
    from culti_desktop.core.storage import credentials

    before = keyring.get_keyring()
    ring = file_backend.PlaintextKeyring()
    ring.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    keyring.set_keyring(ring)
    saved = dict(credentials._session)
    credentials._session.clear()
    yield ring
    credentials._session.clear()
    credentials._session.update(saved)
    keyring.set_keyring(before)
