"""The project file: identity, pragmas, refusal of foreign and future files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from culti_desktop.core.errors import ProjectError, ProjectTooNewError
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.schema import APPLICATION_ID, SCHEMA_VERSION


def test_new_project_has_identity_and_pragmas(project) -> None:
    con = sqlite3.connect(project.path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    con.close()
    with project.engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
        assert c.execute(text("PRAGMA busy_timeout")).scalar_one() >= 1000


def test_foreign_keys_are_enforced(project) -> None:
    from sqlalchemy.exc import IntegrityError

    from culti_desktop.core.storage.models import Page

    with pytest.raises(IntegrityError):
        with project.session() as s:
            s.add(Page(document_id=999, index=0, width=1, height=1))


def test_create_refuses_to_overwrite(project_path: Path) -> None:
    create_project(project_path).close()
    with pytest.raises(ProjectError, match="already exists"):
        create_project(project_path)


def test_future_file_is_refused_with_clear_message(project_path: Path) -> None:
    create_project(project_path).close()
    con = sqlite3.connect(project_path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    with pytest.raises(ProjectTooNewError) as err:
        open_project(project_path)
    assert "newer CulTi Desktop" in str(err.value)
    assert str(project_path.name) in str(err.value)


def test_foreign_sqlite_and_garbage_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.close()
    with pytest.raises(ProjectError, match="application_id"):
        open_project(other)
    junk = tmp_path / "junk.culti"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ProjectError, match="not a CulTi project"):
        open_project(junk)


def test_meta_round_trip_survives_reopen(project) -> None:
    project.set_meta("current_model", "3")
    path = project.path
    project.close()
    with open_project(path) as again:
        assert again.get_meta("current_model") == "3"
        assert again.get_meta("name") == path.stem
