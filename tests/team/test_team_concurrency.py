"""Several curators at once: stale edits refused, different pairs never blocked, 0 lost or duplicated edits."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from load_harness import run_load

from culti_desktop.core.curation import edits, versions
from culti_desktop.core.storage import open_project


@pytest.mark.parametrize("engine_name", ["postgresql"], indirect=True)
def test_editing_different_pairs_never_waits_for_the_other(curated_project, project_locator) -> None:
    """Curator A holds pair 1's row lock mid-transaction; B's edit of pair 2 goes through meanwhile."""
    from sqlalchemy import select

    from culti_desktop.core.storage.models import Pair

    a = curated_project
    done = threading.Event()
    with open_project(project_locator) as b, a.session() as s:
        s.execute(select(Pair).where(Pair.id == 1).with_for_update()).scalar_one()
        t = threading.Thread(target=lambda: (edits.set_pair_fields(b, 2, "乙", note="不等待"), done.set()))
        t.start()
        t.join(timeout=30)
        assert done.is_set(), "an edit of another pair waited for a lock it does not need"
        seen = versions.pair_versions(b, [2])
    assert seen[2] == 2


def test_small_load_no_edit_lost_or_duplicated(curated_project, project_locator, tmp_path) -> None:
    result = run_load(project_locator, [1, 2], tmp_path, curators=3, seconds=2.0)
    assert result["exit_codes"] == [0, 0, 0]
    assert result["accepted"] > 0
    for key in (
        "lost",
        "duplicated",
        "unexpected",
        "edits_without_time",
        "accepted_on_same_version",
        "wrong_final_value",
    ):
        assert result[key] == 0, result
