"""Review by two curators: the second-review queue, conflicts, and ``culti agreement`` figures; CLI on both engines."""

from __future__ import annotations

import json

import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.curation import edits, team_review
from culti_desktop.core.curation.agreement import agreement_report, box_iou, caption_similarity, cohen_kappa
from culti_desktop.core.storage.models import Pair, Review


def test_kappa_iou_and_similarity_by_hand() -> None:
    assert cohen_kappa(["a", "a", "r", "r"], ["a", "a", "r", "r"]) == 1.0
    # po = 0.5, pe = 0.5 -> 0; the textbook 2x2 example: po=0.7, pe=0.5 -> 0.4
    assert cohen_kappa(["a", "r"], ["a", "a"]) == pytest.approx(0.0)
    a = ["a"] * 5 + ["r"] * 5
    b = ["a"] * 4 + ["r"] + ["a"] * 2 + ["r"] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa([], []) is None
    assert box_iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(50 / 150)
    assert caption_similarity("丝绸纹样", "丝绸纹样") == 1.0 and caption_similarity("ab", "cd") == 0.0


def test_second_review_queue_conflicts_and_agreement(curated_project) -> None:
    p = curated_project
    team_review.set_second_review(p, True)
    out = team_review.record_review(p, 1, "甲", "accepted")
    assert out.status == "needs_review" and not out.conflict
    assert team_review.second_review_queue(p, "乙") == [1]
    assert team_review.second_review_queue(p, "甲") == []  # never one's own pair
    assert team_review.record_review(p, 1, "乙", "accepted").status == "accepted"
    team_review.record_review(p, 2, "甲", "accepted")
    edits.set_region_box(p, _figure(p, 2), (60, 60, 350, 300), curator="乙")  # 乙 tightens the box
    out = team_review.record_review(p, 2, "乙", "rejected")
    assert out.conflict and out.status == "needs_review"
    assert [c["pair_id"] for c in team_review.conflicts(p)] == [2]
    with p.read_session() as s:
        assert s.get(Pair, 1).status == "accepted" and s.query(Review).count() == 4
    rep = agreement_report(p)
    assert rep["pairs"] == 2 and rep["agreed"] == 1 and rep["curators"] == ["乙", "甲"]
    assert rep["kappa"] == pytest.approx(0.0)  # one agreement, one disagreement, 甲 always accepts
    iou = (290 * 240) / (300 * 240)
    assert rep["mean_iou"] == pytest.approx((1.0 + iou) / 2)
    assert len(rep["documents"]) == 1 and rep["documents"][0]["pairs"] == 2


def _figure(p, pair_id: int) -> int:
    with p.read_session() as s:
        return s.get(Pair, pair_id).figure_region_id


def test_cli_on_both_engines(curated_project, project_locator, capsys) -> None:
    loc = project_locator
    curated_project.close()
    for args in (["info"], ["check", "--fast"], ["pairs"]):
        assert main([args[0], loc, *args[1:], "--json"]) == 0, args
        data = json.loads(capsys.readouterr().out)
        if args[0] == "info":
            assert data["pairs"] == 2 and "secret" not in data["project"]
        if args[0] == "check":
            assert data["ok"], data
    assert main(["review", loc, "--accept", "1", "--curator", "甲", "--json"]) == 0
    capsys.readouterr()
    assert main(["conflicts", loc, "--second-review", "on", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"project": loc, "second_review": True, "conflicts": []}
    assert main(["agreement", loc, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"] == 0
    assert main(["review", loc, "--accept", "2"]) == 1  # second review on: a curator name is needed
    assert "--curator" in capsys.readouterr().err
    assert main(["review", loc, "--accept", "2", "--curator", "甲", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reviews"][0]["status"] == "needs_review"
    assert main(["review", loc, "--reject", "2", "--curator", "乙", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reviews"][0]["conflict"] is True
    assert main(["agreement", loc, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pairs"] == 1


def test_cli_init_on_a_server_and_clear_errors(pg_database, capsys) -> None:
    assert main(["init", pg_database, "--name", "团队项目", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schema_version"] >= 3
    assert main(["init", pg_database]) == 1
    assert "already holds a CulTi project" in capsys.readouterr().err
    assert main(["info", pg_database.rsplit("/", 1)[0] + "/culti_no_such_db"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("culti: error:") and "cannot connect" in err and len(err.strip().splitlines()) == 1
