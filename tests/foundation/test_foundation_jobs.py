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
