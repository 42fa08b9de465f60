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
from typing import Any


class Cancelled(Exception):
    """Raised inside an operation when its job was cancelled; the operation rolls back its part."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None
    message: str = ""
    elapsed: float = 0.0
    #: The exact share done, counting a running child's part (``done`` is whole units: one file of
    #: two is 0 until it ends, while its pages are already being read).
    exact: float | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        if self.exact is not None:
            return min(1.0, max(0.0, self.exact))
        return min(1.0, self.done / self.total)

    @property
    def eta_seconds(self) -> float | None:
        frac = self.fraction
        if not frac or frac <= 0 or self.elapsed <= 0:
            return None
        return self.elapsed * (1.0 - frac) / frac


ProgressCallback = Callable[[Progress], None]
#: A structured event of a long operation (training's per-step loss, per-epoch recall ...).
EventCallback = Callable[[dict[str, Any]], None]


@dataclass
class Job:
    """Progress sink plus cancel flag shared between the worker and whoever watches it.

    An operation that hands part of its work to another (evaluation encoding images, training
    validating) gives it ``job.child(weight)``: the child's own ``start``/``advance`` fill
    ``weight`` of the parent's units instead of resetting the parent, the parent's reported
    progress never goes back, the child shares the parent's cancel flag (so cancel reaches the
    inner work), and the child's events reach the parent's ``on_event``.
    """

    on_progress: ProgressCallback | None = None
    min_interval: float = 0.05
    on_event: EventCallback | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)
    _last_report: float = 0.0
    done: int = 0
    total: int | None = None
    message: str = ""
    _parent: Job | None = field(default=None, repr=False)
    _weight: float = 0.0
    _child: Job | None = field(default=None, repr=False)
    _child_base: float = 0.0
    _high: float = 0.0  # the most progress reported so far (reports are monotone)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    # -- nesting ----------------------------------------------------------------------------------
    def child(self, weight: float = 1) -> Job:
        """A job for inner work worth ``weight`` of this job's units (0: only cancel and messages).

        The previous child, if any, counts as finished. Call :meth:`advance` on this job, or take
        the next child, when the inner work returns.
        """
        self._close_child()
        kid = Job(
            min_interval=self.min_interval,
            _cancel=self._cancel,
            _started=self._started,
            _parent=self,
            _weight=max(0.0, float(weight)),
        )
        self._child, self._child_base = kid, float(self.done)
        return kid

    def _close_child(self) -> None:
        if self._child is not None:
            self.done = max(self.done, int(round(self._child_base + self._child._weight)))
            self._child = None

    def emit(self, event: dict[str, Any]) -> None:
        """Send a structured event to ``on_event`` (a child's go to its parent's)."""
        if self.on_event is not None:
            self.on_event(event)
        elif self._parent is not None:
            self._parent.emit(event)

    # -- progress ---------------------------------------------------------------------------------
    def start(self, total: int | None, message: str = "") -> None:
        self._close_child()
        self.total, self.done, self.message, self._high = total, 0, message, 0.0
        self._emit(force=True)

    def advance(self, step: int = 1, message: str | None = None) -> None:
        """Count ``step`` units done; raises :class:`Cancelled` if cancellation was asked."""
        self._close_child()
        self.done += step
        if message is not None:
            self.message = message
        self._emit(force=self.total is not None and self.done >= self.total)
        self.check_cancelled()

    def update(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self._close_child()
        self.done = done
        if total is not None:
            self.total = total
        if message is not None:
            self.message = message
        self._emit()
        self.check_cancelled()

    def fraction(self) -> float | None:
        """How much of this job is done, counting an active child's share."""
        if not self.total:
            return None
        done = float(self.done)
        kid = self._child
        if kid is not None:
            f = kid.fraction()
            done = self._child_base + kid._weight * (f or 0.0)
        return min(1.0, max(0.0, done / self.total))

    def progress(self) -> Progress:
        elapsed = time.monotonic() - self._started
        kid = self._child
        message = self._message()
        if not self.total:
            if kid is not None:  # nothing of our own to count yet: show the inner work as it is
                return kid._progress_of(elapsed, message)
            return Progress(self.done, self.total, message, elapsed)
        f = self.fraction() or 0.0
        done = max(self._high, f * self.total)
        return Progress(int(done), self.total, message, elapsed, exact=done / self.total)

    def _message(self) -> str:
        """The innermost message: what is being done right now."""
        inner = self._child._message() if self._child is not None else ""
        return inner or self.message

    def _progress_of(self, elapsed: float, message: str) -> Progress:
        p = self.progress()
        return Progress(p.done, p.total, message, elapsed)

    def _emit(self, force: bool = False) -> None:
        if self._parent is not None:
            self._parent._child_moved(force)
            return
        if self.on_progress is None:
            return
        now = time.monotonic()
        if force or now - self._last_report >= self.min_interval:
            self._last_report = now
            p = self.progress()
            if p.total:
                self._high = max(self._high, float(p.done))
            self.on_progress(p)

    def _child_moved(self, force: bool) -> None:
        # a finished child is not a finished parent: only throttle-exempt when the parent is at its end
        self._emit(force=force and self.total is not None and self.fraction() == 1.0)


def ensure_job(job: Job | None) -> Job:
    """Operations accept ``None`` for "nobody is watching"; this gives them a silent job."""
    return job if job is not None else Job()
