"""``culti review --accept-all / --min-confidence`` with the second-review setting on records reviews."""

from __future__ import annotations

import pytest

from culti_desktop.core.curation import team_review
from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import Pair, Review


def test_accept_all_records_reviews_when_second_review_is_on(curated_project) -> None:
    p = curated_project
    team_review.set_second_review(p, True)
    with pytest.raises(CultiError, match="--curator"):
        review_pairs(p, accept_all=True)
    out = review_pairs(p, accept_all=True, min_confidence=0.5, curator="甲")
    assert out["second_review"] and [r["pair_id"] for r in out["reviews"]] == [1]
    assert out["accepted"] == [] and out["reviews"][0]["status"] == "needs_review"
    assert team_review.second_review_queue(p, "乙") == [1]
    out = review_pairs(p, accept=[1], reject=[2], curator="乙")
    assert out["accepted"] == [1] and out["rejected"] == []  # pair 2 waits for a second curator
    with p.read_session() as s:
        assert s.get(Pair, 1).status == "accepted" and s.get(Pair, 2).status == "needs_review"
        assert {(r.pair_id, r.curator, r.status) for r in s.query(Review)} == {
            (1, "甲", "accepted"),
            (1, "乙", "accepted"),
            (2, "乙", "rejected"),
        }


def test_setting_off_keeps_the_direct_path(curated_project) -> None:
    out = review_pairs(curated_project, accept_all=True, curator="甲")
    assert out["accepted"] == [1, 2] and "second_review" not in out
    with curated_project.read_session() as s:
        assert s.query(Review).count() == 0


def test_cli_accept_all_with_second_review(curated_project, project_locator, capsys) -> None:
    from culti_desktop.cli.main import main
    from culti_desktop.core.storage import open_project

    team_review.set_second_review(curated_project, True)
    curated_project.close()
    locator = str(project_locator)
    assert main(["review", locator, "--accept-all", "--min-confidence", "0.5", "--curator", "甲"]) == 0
    assert "1 reviews recorded" in capsys.readouterr().out
    with open_project(locator) as p:
        assert team_review.second_review_queue(p, "乙") == [1]


def test_split_with_second_review_records_reviews_and_sets_the_split(curated_project) -> None:
    p = curated_project
    team_review.set_second_review(p, True)
    out = review_pairs(p, accept=[1], reject=[2], curator="甲", split="valid")
    assert out["second_review"] and out["split"] == "valid" and out["split_changed"] == 2
    assert {(r["pair_id"], r["status"]) for r in out["reviews"]} == {(1, "needs_review"), (2, "needs_review")}
    assert out["accepted"] == out["rejected"] == []  # both wait for a second curator
    out = review_pairs(p, accept=[1], curator="乙", split="valid")
    assert out["accepted"] == [1] and out["split_changed"] == 0  # already in that split
    with p.read_session() as s:
        assert [(s.get(Pair, i).status, s.get(Pair, i).split) for i in (1, 2)] == [
            ("accepted", "valid"),
            ("needs_review", "valid"),
        ]
        assert {(r.pair_id, r.curator, r.status) for r in s.query(Review)} == {
            (1, "甲", "accepted"),
            (2, "甲", "rejected"),
            (1, "乙", "accepted"),
        }


def test_cli_split_with_second_review(curated_project, project_locator, capsys) -> None:
    import json

    from culti_desktop.cli.main import main
    from culti_desktop.core.storage import open_project

    team_review.set_second_review(curated_project, True)
    curated_project.close()
    loc = str(project_locator)
    assert main(["review", loc, "--accept", "1", "--split", "test", "--curator", "甲"]) == 0
    text = capsys.readouterr().out
    assert "1 reviews recorded" in text and "1 wait for a second curator" in text and "split test" in text
    assert main(["review", loc, "--reject", "1", "--split", "test", "--curator", "乙", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reviews"][0]["conflict"] is True and data["split"] == "test"
    with open_project(loc) as p:
        assert [c["pair_id"] for c in team_review.conflicts(p)] == [1]
        with p.read_session() as s:
            assert s.get(Pair, 1).split == "test" and s.get(Pair, 1).status == "needs_review"
