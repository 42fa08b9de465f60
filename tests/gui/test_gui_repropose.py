"""File ▸ Propose pairs again: the shown document is analysed again in a child process."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from culti_desktop.core.storage.models import Pair


@pytest.mark.slow
def test_repropose_action_replaces_untouched_pairs_and_keeps_reviewed_ones(qtbot, window):
    w = window
    with w.project.read_session() as s:
        ids = list(s.scalars(select(Pair.id).order_by(Pair.id)))
    w.show_pair(ids[0])
    w.set_status("rejected", advance=False)
    assert w.actions_by_name["repropose"].isEnabled()
    worker = w.importer.repropose_current(confirm=False)
    assert type(worker).__name__ == "ProcessWorker"
    with qtbot.waitSignal(worker.done, timeout=120_000):
        pass
    assert worker.state == "finished", worker.error
    assert worker.result["kept"] == 1
    with w.project.read_session() as s:
        after = {p.id: p.status for p in s.scalars(select(Pair))}
    assert after[ids[0]] == "rejected"  # reviewed: kept
    assert ids[1] not in after  # untouched seeded pair: replaced by the importer's proposals
    assert w.undo_stack.count() == 0  # the history named pairs that are gone
    assert "Kept 1" in w.statusBar().currentMessage()
