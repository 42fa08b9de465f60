"""``culti push``/``pull``: file → server → file, compared row for row; migrations on the server per version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect

from culti_desktop.cli.main import main
from culti_desktop.core.curation import edits, team_review
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.models import Pair
from culti_desktop.core.storage.schema import SCHEMA_VERSION
from culti_desktop.core.storage.transfer import model_tables, pull, push, reset_sequences, table_rows

SAVED = sorted((Path(__file__).resolve().parents[1] / "data" / "projects").glob("v*.culti"))


@pytest.mark.parametrize("engine_name", ["sqlite"], indirect=True)
def test_push_pull_round_trip_is_identical(curated_project, pg_database, tmp_path) -> None:
    src = curated_project
    edits.set_pair_fields(src, 1, "甲", caption_zh="宝相花", tags=["丝绸", "唐"], split="train")
    team_review.record_review(src, 2, "甲", "rejected")
    src.set_meta("current_model", "1")
    back = tmp_path / "回来.culti"
    src_path = src.path
    src.close()
    assert main(["push", str(src_path), pg_database, "--json"]) == 0
    with open_project(pg_database) as server:
        assert check_project(server).ok
        edits.set_pair_fields(server, 2, "乙", note="new ids continue after the copied ones")
        created = edits.create_region(server, 1, (10, 10, 90, 90), curator="乙")
        assert created.created["region_id"] > 0
    assert main(["pull", pg_database, str(back)]) == 0
    with open_project(src_path) as a, open_project(pg_database) as b, open_project(back) as c:
        for table in model_tables():
            rows_b, rows_c = table_rows(b, table), table_rows(c, table)
            assert rows_b == rows_c, table.name  # server and pulled file: identical
            if table.name not in ("pairs", "edits", "regions"):
                assert table_rows(a, table) == rows_b, table.name  # untouched since the push
        assert [r for r in table_rows(a, Pair.__table__) if r[0] == 1] == [
            r for r in table_rows(c, Pair.__table__) if r[0] == 1
        ]
    with pytest.raises(Exception, match="already holds a CulTi project"):
        push(src_path, pg_database)
    with pytest.raises(Exception, match="already exists"):
        pull(pg_database, back)


def _pg_schema(engine) -> dict[str, object]:
    insp = inspect(engine)
    out: dict[str, object] = {}
    for t in sorted(insp.get_table_names()):
        if t == "culti_schema":
            continue
        out[t] = sorted((c["name"], str(c["type"].as_generic()), c["nullable"]) for c in insp.get_columns(t))
        out[t + ".indexes"] = sorted(i["name"] for i in insp.get_indexes(t))
    return out


def _load_old_file_into_server(saved: Path, url: str) -> None:
    """The saved vN file, at its own version, as a server project (its tables reflected and copied)."""
    from sqlalchemy import MetaData, create_engine, insert, select

    from culti_desktop.core.storage.locator import driver_url
    from culti_desktop.core.storage.pg import write_identity_sql
    from culti_desktop.core.storage.schema import APPLICATION_ID

    src = create_engine(f"sqlite:///{saved}")
    meta = MetaData()
    meta.reflect(src)
    for table in meta.tables.values():
        for col in table.columns:
            col.type = col.type.as_generic()
    dst = create_engine(driver_url(url))
    version = int(src.connect().exec_driver_sql("PRAGMA user_version").scalar_one())
    with src.connect() as s, dst.begin() as d:
        meta.create_all(d)
        for table in meta.sorted_tables:
            rows = [dict(r) for r in s.execute(select(table)).mappings()]
            if rows:
                d.execute(insert(table), rows)
        for sql in write_identity_sql(APPLICATION_ID, version):
            d.exec_driver_sql(sql)
        reset_sequences(d, list(meta.sorted_tables))
    src.dispose()
    dst.dispose()


@pytest.mark.parametrize("saved", SAVED, ids=[p.stem for p in SAVED])
def test_saved_version_migrates_on_the_server(saved: Path, tmp_path: Path, pg_database: str) -> None:
    work = tmp_path / saved.name
    shutil.copy2(saved, work)
    _load_old_file_into_server(work, pg_database)
    with open_project(pg_database) as project:
        assert project.schema_version == SCHEMA_VERSION
        with project.read_session() as s:
            pair = s.query(Pair).one()
            assert pair.caption_zh == "联珠纹锦" and pair.status == "accepted" and pair.version == 1
        edits.set_pair_fields(project, pair.id, "测试员", caption_en="after migration")
        assert check_project(project).ok, check_project(project).problems
        migrated = _pg_schema(project.engine)
    fresh_url = pg_database + "_fresh"
    from engines import _admin, drop_database, server_url  # the tests' own helper
    from sqlalchemy.engine import make_url

    with _admin(server_url()) as con:
        con.execute(f'CREATE DATABASE "{make_url(fresh_url).database}"')
    try:
        with create_project(fresh_url) as fresh:
            assert _pg_schema(fresh.engine) == migrated
    finally:
        drop_database(fresh_url)


def test_failed_server_migration_leaves_old_version(tmp_path: Path, pg_database: str, monkeypatch) -> None:
    from culti_desktop.core.errors import ProjectError
    from culti_desktop.core.storage import migrations

    work = tmp_path / "v1.culti"
    shutil.copy2(SAVED[0], work)
    _load_old_file_into_server(work, pg_database)

    def broken(con) -> None:
        con.execute("ALTER TABLE documents ADD COLUMN half_done VARCHAR")
        raise RuntimeError("simulated failure mid-migration")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    with pytest.raises(ProjectError, match="simulated failure"):
        open_project(pg_database)
    from sqlalchemy import create_engine

    from culti_desktop.core.storage.locator import driver_url

    eng = create_engine(driver_url(pg_database))
    try:
        assert eng.connect().exec_driver_sql("SELECT version FROM culti_schema").scalar_one() == 1
        assert "half_done" not in [c["name"] for c in inspect(eng).get_columns("documents")]
    finally:
        eng.dispose()
