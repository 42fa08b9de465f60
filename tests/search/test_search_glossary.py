"""Per-project glossary: storage in the project file, CLI, and its use by English queries."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from culti_desktop.cli.main import main
from culti_desktop.core.errors import CultiError
from culti_desktop.core.search import glossary as gl
from culti_desktop.core.search.engine import SearchQuery, search
from culti_desktop.core.storage import open_project


def test_add_override_remove_and_hide_shipped_terms(project):
    assert gl.effective_glossary(project)["lotus"] == "莲花"
    assert gl.add_term(project, "  Zorblax-Flower ", "芙蓉") == "zorblax flower"
    gl.add_term(project, "lotus", "荷花")  # override a shipped term
    g = gl.effective_glossary(project)
    assert g["zorblax flower"] == "芙蓉" and g["lotus"] == "荷花"
    origins = {en: o for en, _, o in gl.entries(project)}
    assert origins["zorblax flower"] == "project" and origins["lotus"] == "override"
    assert origins["dragon"] == "shipped"
    assert gl.remove_term(project, "dragon") and "dragon" not in gl.effective_glossary(project)
    assert not gl.remove_term(project, "dragon")  # already hidden
    gl.add_term(project, "dragon", "龙纹")  # adding it back un-hides it
    assert gl.effective_glossary(project)["dragon"] == "龙纹"
    assert gl.remove_term(project, "lotus") and "lotus" not in gl.effective_glossary(project)
    with pytest.raises(CultiError):
        gl.add_term(project, "red", "red")  # no Chinese
    with pytest.raises(CultiError):
        gl.add_term(project, "红", "红")


def test_terms_survive_reopening_the_project(project_path, project):
    gl.add_term(project, "zorblax", "芙蓉")
    project.close()
    with open_project(project_path) as again:
        assert gl.effective_glossary(again)["zorblax"] == "芙蓉"


def test_cli_list_add_remove_import_export(project, project_locator, tmp_path, capsys):
    project.close()
    p = project.locator  # the file, and (with CULTI_TEST_PG_URL) a PostgreSQL project
    assert main(["glossary", p, "add", "zorblax", "芙蓉"]) == 0
    src = tmp_path / "terms.tsv"
    src.write_text("blorp\t宝相花\nno second column\nbad\tenglish only\n", "utf-8")
    capsys.readouterr()
    assert main(["glossary", p, "import", str(src), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["added"] == 1 and len(out["errors"]) == 2 and "terms.tsv:2" in out["errors"][0]
    assert main(["glossary", p, "list", "--project-only", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["terms"]
    assert {(t["en"], t["zh"]) for t in listed} == {("zorblax", "芙蓉"), ("blorp", "宝相花")}
    assert main(["glossary", p, "remove", "zorblax"]) == 0
    assert main(["glossary", p, "remove", "zorblax"]) == 1
    assert "not in the glossary" in capsys.readouterr().err
    dst = tmp_path / "out.json"
    assert main(["glossary", p, "export", str(dst)]) == 0
    assert json.loads(dst.read_text("utf-8"))["terms"] == {"blorp": "宝相花"}
    again = tmp_path / "again.culti"
    assert main(["init", str(again)]) == 0
    assert main(["glossary", str(again), "import", str(dst)]) == 0
    assert main(["glossary", str(again), "list", "--grep", "blorp"]) == 0
    assert "宝相花" in capsys.readouterr().out


def test_english_keyword_search_uses_the_project_glossary(project, add_pair):
    pid, _ = add_pair(Image.new("RGB", (32, 32), "red"), "芙蓉折枝纹样")
    add_pair(Image.new("RGB", (32, 32), "blue"), "龙凤纹")
    before = search(project, SearchQuery(text="zorblax", mode="keyword"))
    assert before.results == [] and before.query["untranslated"] == ["zorblax"]
    gl.add_term(project, "zorblax", "芙蓉")
    after = search(project, SearchQuery(text="zorblax", mode="keyword"))
    assert [r.pair_id for r in after.results] == [pid] and after.query["translation"] == "芙蓉"


def test_cli_search_reports_words_not_understood(project, project_path, add_pair, capsys):
    add_pair(Image.new("RGB", (32, 32), "red"), "芙蓉折枝纹样")
    project.close()
    assert main(["search", str(project_path), "--text", "hibiscus zorblax", "--mode", "keyword"]) == 0
    out = capsys.readouterr().out
    assert "not understood: zorblax" in out and "芙蓉" in out


def test_cli_edits_are_refused_while_the_app_holds_the_project(project, project_path, capsys):
    from culti_desktop.core.storage.lock import ProjectLock

    project.close()
    p = str(project_path)
    held = ProjectLock(project_path).acquire(owner="app")
    try:
        assert main(["glossary", p, "add", "zorblax", "芙蓉"]) == 1
        assert main(["glossary", p, "list", "--project-only"]) == 0  # reading is fine
        assert main(["glossary", p, "--force", "add", "zorblax", "芙蓉"]) == 0
    finally:
        held.release()
    with open_project(project_path) as again:
        assert gl.effective_glossary(again)["zorblax"] == "芙蓉"
