"""The same project on both engines: open by locator, identity, checks, blobs, keyword search, stale edits."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from culti_desktop.core.curation import edits, versions
from culti_desktop.core.errors import ProjectError, ProjectTooNewError
from culti_desktop.core.search.keyword import keyword_search
from culti_desktop.core.storage import create_project, open_project
from culti_desktop.core.storage.blobs import get_blob, sha256_of
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.locator import has_password, is_server_locator, redact
from culti_desktop.core.storage.models import Document, Edit, Pair
from culti_desktop.core.storage.schema import SCHEMA_VERSION


def test_locator_kinds_and_redaction() -> None:
    assert is_server_locator("postgresql://a@h/db") and is_server_locator("postgres://h/db")
    assert not is_server_locator("项目.culti") and not is_server_locator("/tmp/postgresql.culti")
    assert redact("postgresql://ann:secret@h:5433/db") == "postgresql://ann@h:5433/db"
    assert has_password("postgresql://ann:secret@h/db") and not has_password("postgresql://ann@h/db")


def test_open_reopen_and_check(curated_project, project_locator) -> None:
    p = curated_project
    assert p.schema_version == SCHEMA_VERSION
    assert p.is_server == is_server_locator(project_locator)
    assert "secret" not in p.locator
    report = check_project(p)
    assert report.ok, report.problems
    assert report.checked["pairs"] == 2
    if p.is_server:
        assert report.checked["server_indexes"] > 5
    p.close()
    with open_project(project_locator) as again:
        assert again.count(Pair) == 2
        assert again.get_meta("name")


def test_original_bytes_are_content_addressed(curated_project, pdf_path) -> None:
    data = pdf_path.read_bytes()
    with curated_project.read_session() as s:
        doc = s.scalars(select(Document)).one()
        assert doc.sha256 == sha256_of(data)
        assert get_blob(s, doc.sha256) == data


def test_keyword_search_same_hits_on_both_engines(curated_project) -> None:
    p = curated_project
    pid = p.count(Pair) and edits.set_pair_fields(p, 1, "甲", caption_zh="宝相花纹锦").params["pair_id"]
    hits = keyword_search(p, "宝相花")  # three characters: the trigram index
    assert [h.pair_id for h in hits] == [pid]
    assert [h.pair_id for h in keyword_search(p, "宝相")] == [pid]  # two characters: LIKE
    edits.set_pair_fields(p, pid, "甲", caption_zh="联珠纹")
    assert keyword_search(p, "宝相花") == []  # the derived table follows edits


def test_stale_edit_is_refused_with_who_and_when(curated_project) -> None:
    p = curated_project
    pid = 1
    seen = versions.pair_versions(p, [pid])
    edits.set_pair_fields(p, pid, "乙", caption_en="Phoenix")  # another curator gets there first
    op = edits.Op(
        "set_pair_fields", versions.expecting({"pair_id": pid, "fields": {"caption_en": "Dragon"}}, seen)
    )
    with pytest.raises(versions.StaleEditError, match=r"changed by 乙 .*reload"):
        edits.apply_op(p, op, "甲")
    with p.read_session() as s:
        assert s.get(Pair, pid).caption_en == "Phoenix"
        log = s.scalars(select(Edit).where(Edit.entity_id == pid).order_by(Edit.id)).all()
        assert [e.curator for e in log] == ["乙"] and log[0].at is not None
    fresh = versions.pair_versions(p, [pid])
    assert fresh[pid] == seen[pid] + 1
    edits.apply_op(p, edits.Op("set_pair_fields", versions.expecting(op.params, fresh)), "甲")
    with p.read_session() as s:
        assert s.get(Pair, pid).caption_en == "Dragon"


def test_server_refusals_are_one_clear_line(pg_database: str) -> None:
    with pytest.raises(ProjectError, match="no CulTi project in this database"):
        open_project(pg_database)
    create_project(pg_database).close()
    with pytest.raises(ProjectError, match="already holds a CulTi project"):
        create_project(pg_database)
    with open_project(pg_database) as p, p.engine.begin() as con:
        con.exec_driver_sql(f"UPDATE culti_schema SET version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ProjectTooNewError, match="newer CulTi Desktop"):
        open_project(pg_database)
    bad = pg_database.replace("://", "://nobody_here@", 1) if "@" not in pg_database else None
    bad = bad or pg_database.split("://", 1)[0] + "://nobody_here@" + pg_database.split("@", 1)[1]
    with pytest.raises(ProjectError, match="cannot connect to the server"):
        open_project(bad)


@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)
def test_listen_notify_reports_other_curators_commits(curated_project, project_locator) -> None:
    from culti_desktop.core.storage.notify import ChangeListener

    listener = ChangeListener(curated_project)
    try:
        assert listener.wait(0.2) == set()
        with open_project(project_locator) as other:
            edits.set_pair_fields(other, 1, "乙", status="accepted")
        assert "pairs" in listener.wait(10.0)
        assert listener.wait(0.2) == set()  # one commit, one message
    finally:
        listener.close()
