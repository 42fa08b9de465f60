"""One protocol for long work: progress reports and cooperative cancellation.

Every long core operation takes a :class:`Job` (or ``None``) and calls ``job.advance`` /
``job.check_cancelled`` as it goes. The CLI renders it as a stderr progress bar
(:mod:`culti_desktop.cli.progress`); the GUI runs the operation on a worker thread and turns
reports into Qt signals (:mod:`culti_desktop.gui.workers`). The core itself never knows which.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class Cancelled(Exception):
    """Raised inside an operation when its job was cancelled; the operation rolls back its part."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    message: str = ""
    elapsed: float = 0.0

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

    @property
    def eta_seconds(self) -> float | None:
        frac = self.fraction
        if not frac or frac <= 0 or self.elapsed <= 0:
            return None
        return self.elapsed * (1.0 - frac) / frac


ProgressCallback = Callable[[Progress], None]


@dataclass
class Job:
    """Progress sink plus cancel flag shared between the worker and whoever watches it."""

    on_progress: ProgressCallback | None = None
    min_interval: float = 0.05
    _cancel: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)
    _last_report: float = 0.0
    done: int = 0
    total: int | None = None
    message: str = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def start(self, total: int | None, message: str = "") -> None:
        self.total, self.done, self.message = total, 0, message
        self._emit(force=True)

    def advance(self, step: int = 1, message: str | None = None) -> None:
        """Count ``step`` units done; raises :class:`Cancelled` if cancellation was asked."""
        self.done += step
        if message is not None:
            self.message = message
        self._emit(force=self.total is not None and self.done >= self.total)
        self.check_cancelled()

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        self._emit()
        self.check_cancelled()

    def progress(self) -> Progress:
        return Progress(self.done, self.total, self.message, time.monotonic() - self._started)

    def _emit(self, force: bool = False) -> None:
        if self.on_progress is None:
            return
        now = time.monotonic()
        if force or now - self._last_report >= self.min_interval:
            self._last_report = now
            self.on_progress(self.progress())


def ensure_job(job: Job | None) -> Job:
    """Operations accept ``None`` for "nobody is watching"; this gives them a silent job."""
    return job if job is not None else Job()
