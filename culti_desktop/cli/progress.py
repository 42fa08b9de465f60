"""Render a core :class:`~culti_desktop.core.jobs.Job` as a progress bar on stderr; Ctrl-C cancels."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import TextIO

from culti_desktop.core.jobs import Job, Progress


class ProgressBar:
    def __init__(self, stream: TextIO | None = None, width: int = 28, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.enabled = enabled
        self._drawn = False

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        if p.total:
            frac = p.fraction or 0.0
            filled = int(round(frac * self.width))
            bar = "#" * filled + "-" * (self.width - filled)
            eta = p.eta_seconds
            eta_txt = f" ETA {eta:5.0f}s" if eta is not None and frac < 1 else ""
            line = f"\r[{bar}] {p.done}/{p.total}{eta_txt} {p.message[:50]}"
        else:
            line = f"\r{p.done} {p.message[:60]}"
        self.stream.write(line.ljust(100)[:110])
        self.stream.flush()
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


@contextlib.contextmanager
def cli_job(enabled: bool = True) -> Iterator[Job]:
    """A job whose progress goes to stderr and which the first Ctrl-C cancels (the second kills)."""
    bar = ProgressBar(enabled=enabled and sys.stderr.isatty())
    job = Job(on_progress=bar)
    previous = signal.getsignal(signal.SIGINT)

    def _on_sigint(signum: int, frame: object) -> None:
        if job.cancelled:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            raise KeyboardInterrupt
        job.cancel()
        sys.stderr.write("\ncancelling… (Ctrl-C again to abort)\n")

    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread
        previous = None
    try:
        yield job
    finally:
        bar.finish()
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
