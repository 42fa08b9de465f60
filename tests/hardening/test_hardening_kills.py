"""Short form of the kill harness: SIGKILL during import and curator edits, nothing acked is lost."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import run_harness  # noqa: E402


@pytest.mark.slow
def test_kills_during_import_and_edits_lose_nothing(tmp_path: Path) -> None:
    report = run_harness(tmp_path, kills=8, seed=11)
    print(report.as_dict())
    assert report.kills >= 8
    assert report.acked > 0
    assert report.check_failures == 0, report.problems
    assert report.lost == 0, report.problems
