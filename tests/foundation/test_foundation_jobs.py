"""The job protocol: progress reports, throttling, cancellation."""

from __future__ import annotations

import pytest

from culti_desktop.core.jobs import Cancelled, Job, Progress


def test_progress_is_reported_and_final_report_is_forced() -> None:
    seen: list[Progress] = []
    job = Job(on_progress=seen.append, min_interval=10.0)  # throttle everything but start/end
    job.start(5, "work")
    for _ in range(5):
        job.advance()
    assert seen[0].done == 0 and seen[0].total == 5
    assert seen[-1].done == 5 and seen[-1].fraction == 1.0
    assert len(seen) == 2


def test_cancel_raises_at_next_advance() -> None:
    job = Job()
    job.start(10)
    job.advance()
    job.cancel()
    with pytest.raises(Cancelled):
        job.advance()


def test_eta_is_estimated_from_elapsed_time() -> None:
    p = Progress(done=1, total=4, elapsed=2.0)
    assert p.eta_seconds == pytest.approx(6.0)
    assert Progress(done=0, total=None).eta_seconds is None


def test_child_fills_its_weight_without_resetting_the_parent() -> None:
    seen: list[Progress] = []
    job = Job(on_progress=seen.append, min_interval=0)
    job.start(10, "outer")
    job.advance(2)
    inner = job.child(6)
    inner.start(3, "inner")  # an inner operation starting its own count
    for _ in range(3):
        inner.advance()
    job.advance(2)  # closes the child: 2 + 6 + 2
    assert job.done == 10
    dones = [p.done for p in seen]
    assert dones == sorted(dones), dones  # monotone: the inner start did not send it back to 0
    assert dones[-1] == 10 and 2 in dones and 8 in dones
    assert any(p.message == "inner" and p.total == 10 for p in seen)  # inner message, outer scale


def test_grandchild_progress_and_events_reach_the_top() -> None:
    seen: list[Progress] = []
    events: list[dict] = []
    job = Job(on_progress=seen.append, min_interval=0, on_event=events.append)
    job.start(4)
    mid = job.child(4)
    mid.start(2)
    leaf = mid.child(1)
    leaf.start(10, "leaf")
    leaf.advance(5)
    assert seen[-1].done == 1 and seen[-1].message == "leaf"  # half of 1 of 2 of 4
    leaf.emit({"type": "step", "loss": 1.0})
    assert events == [{"type": "step", "loss": 1.0}]


def test_cancel_reaches_the_inner_work() -> None:
    job = Job()
    job.start(2)
    inner = job.child(1)
    inner.start(5)
    job.cancel()
    with pytest.raises(Cancelled):
        inner.advance()
    with pytest.raises(Cancelled):
        job.child(0).check_cancelled()


def test_a_child_of_an_unstarted_job_reports_as_itself() -> None:
    seen: list[Progress] = []
    job = Job(on_progress=seen.append, min_interval=0)
    inner = job.child()
    inner.start(4, "loading")
    inner.advance(2)
    assert (seen[-1].done, seen[-1].total, seen[-1].message) == (2, 4, "loading")
    job.start(3, "own work")  # the owner starts its own count afterwards
    assert (seen[-1].done, seen[-1].total) == (0, 3)
