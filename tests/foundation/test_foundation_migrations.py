"""One saved project per released schema version: each opens, migrates (after a backup) and checks."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.models import Pair
from culti_desktop.core.storage.schema import SCHEMA_VERSION

SAVED = sorted((Path(__file__).resolve().parents[1] / "data" / "projects").glob("v*.culti"))


def _schema(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    out = {
        t: sorted((c[1], c[2], c[3], c[5]) for c in con.execute(f"PRAGMA table_info('{t}')")) for t in tables
    }
    out["indexes"] = sorted(
        (r[0], r[1])
        for r in con.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'"
        )
    )
    con.close()
    return out


def test_there_is_a_saved_file_for_every_released_version() -> None:
    versions = sorted(int(p.stem[1:]) for p in SAVED)
    assert versions == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("saved", SAVED, ids=[p.stem for p in SAVED])
def test_saved_project_opens_and_migrates(saved: Path, tmp_path: Path) -> None:
    work = tmp_path / saved.name
    shutil.copy2(saved, work)
    old_version = int(saved.stem[1:])
    with open_project(work) as project:
        assert project.schema_version == SCHEMA_VERSION
        assert check_project(project).ok, check_project(project).problems
        with project.read_session() as s:
            pair = s.query(Pair).one()
            assert pair.caption_zh == "联珠纹锦" and pair.status == "accepted" and pair.curator == "测试员"
    backups = list(tmp_path.glob(f"{saved.name}.v{old_version}*.bak"))
    assert (len(backups) == 1) == (old_version < SCHEMA_VERSION)
    fresh = tmp_path / "fresh.culti"
    create_project(fresh).close()
    assert _schema(work) == _schema(fresh)


def test_failed_migration_leaves_file_at_old_version_with_backup(tmp_path: Path, monkeypatch) -> None:
    from culti_desktop.core.errors import ProjectError
    from culti_desktop.core.storage import migrations

    work = tmp_path / "v1.culti"
    shutil.copy2(SAVED[0], work)

    def broken(con: sqlite3.Connection) -> None:
        con.execute("ALTER TABLE documents ADD COLUMN half_done VARCHAR")
        raise RuntimeError("simulated failure mid-migration")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(ProjectError, match="simulated failure"):
        open_project(work)
    con = sqlite3.connect(work)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "half_done" not in [c[1] for c in con.execute("PRAGMA table_info('documents')")]
    con.close()
    assert list(tmp_path.glob("v1.culti.v1*.bak"))
