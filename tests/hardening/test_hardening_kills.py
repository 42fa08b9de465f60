"""Short form of the kill harness: SIGKILL during import, edits and CLI commands; nothing acked is lost."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import run_harness


@pytest.mark.slow
def test_kills_during_import_and_edits_lose_nothing(tmp_path: Path) -> None:
    report = run_harness(tmp_path, kills=8, seed=11)
    print(report.as_dict())
    assert report.kills >= 8
    assert report.acked > 0
    assert report.check_failures == 0, report.problems
    assert report.lost == 0, report.problems


@pytest.mark.slow
def test_kills_during_train_index_export_leave_a_sound_project(tmp_path: Path) -> None:
    import random

    from kill_harness import KillReport, command_scenarios, culti

    from culti_desktop.core.storage import create_project

    project = tmp_path / "命令 kill.culti"
    create_project(project).close()
    scenario = command_scenarios(tmp_path, kinds=5)
    report = KillReport()
    rng = random.Random(5)
    for _ in range(5):  # one kill each of train, index, export, review, import-dataset
        scenario(project, rng, report)
    print(report.as_dict())
    assert report.runs == 5
    assert report.check_failures == 0, report.problems
    assert report.lost == 0, report.problems
    # After the kills, the same commands run to completion on the same project.
    again = culti("index", str(project), "--model", "tiny", "--device", "cpu", "--json")
    assert again.returncode == 0, again.stderr
