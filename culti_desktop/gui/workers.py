"""Run a core operation ``fn(job) -> result`` off the GUI thread, with progress and cancel.

The core speaks the :class:`~culti_desktop.core.jobs.Job` protocol and knows nothing of Qt.
:class:`Worker` runs such a function on its own ``QThread`` and turns the job's progress
reports into a Qt signal, delivered (queued) on the GUI thread, so widgets can be updated
directly from the slots. ``cancel()`` sets the job's cancel flag; the operation stops at its
next ``job.advance`` / ``job.check_cancelled`` and rolls back its unfinished part.

Usage from any panel::

    from culti_desktop.gui.workers import run_job

    worker = run_job(window, lambda job: import_paths(project, paths, job),
                     title="Importing", on_finished=refresh)

Signals of :class:`Worker` (all delivered on the GUI thread):

* ``progress(Progress)`` — throttled by the job (``Job.min_interval``);
* ``finished(object)`` — the function's return value;
* ``failed(BaseException)`` — any exception except ``Cancelled``;
* ``cancelled()`` — the function raised ``Cancelled``;
* ``done()`` — always last, whatever the outcome.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Cancelled, Job, Progress

log = logging.getLogger(__name__)

JobFunction = Callable[[Job], Any]

# Workers stay referenced here until their thread has ended, so nobody has to keep them alive.
_ACTIVE: set[Worker] = set()


class _Thread(QThread):
    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self._worker = worker

    def run(self) -> None:  # runs on the worker thread
        self._worker._run()


class Worker(QObject):
    """One background run of ``fn(job)``; create it, connect signals, then :meth:`start`."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: JobFunction, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.name = name
        self.job = Job(on_progress=self._report)
        self.result: Any = None
        self.error: BaseException | None = None
        self.state = "new"  # new | running | finished | failed | cancelled
        self._thread = _Thread(self)
        self._thread.finished.connect(self._thread_ended)

    # -- control (GUI thread) ----------------------------------------------------------------
    def start(self) -> Worker:
        self.state = "running"
        _ACTIVE.add(self)
        self._thread.start()
        return self

    def cancel(self) -> None:
        """Ask the operation to stop at its next check; ``cancelled`` follows when it has."""
        self.job.cancel()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the thread ends (tests, shutdown). Signals still need the event loop."""
        return self._thread.wait() if msecs < 0 else self._thread.wait(msecs)

    # -- worker thread -----------------------------------------------------------------------
    def _report(self, progress: Progress) -> None:
        self.progress.emit(progress)  # queued to GUI-thread receivers

    def _run(self) -> None:
        try:
            result = self.fn(self.job)
        except Cancelled:
            self.state = "cancelled"
            self.cancelled.emit()
        except BaseException as exc:
            if not isinstance(exc, CultiError):
                log.exception("background job %r failed", self.name)
            self.state, self.error = "failed", exc
            self.failed.emit(exc)
        else:
            self.state, self.result = "finished", result
            self.finished.emit(result)

    # -- GUI thread again --------------------------------------------------------------------
    def _thread_ended(self) -> None:
        self.done.emit()
        _ACTIVE.discard(self)


def _die_with_parent() -> None:
    """Linux: the kernel ends this child when the app dies, even by SIGKILL (``daemon`` alone
    only covers a normal exit). Elsewhere the queue pump's liveness check is what remains."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import multiprocessing
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG
        parent = multiprocessing.parent_process()
        # the parent died before the call (the orphan went to init or to a subreaper): go now
        if os.getppid() == 1 or (parent is not None and os.getppid() != parent.pid):
            os._exit(1)
    except (OSError, AttributeError):
        pass


def _child_main(fn: JobFunction, queue: Any, cancel_event: Any, passwords: Any = None) -> None:
    """Body of a :class:`ProcessWorker`'s child process: run ``fn(job)``, report through ``queue``."""
    _die_with_parent()
    if passwords:  # a team server's password typed in the prompt (ADR 0107): memory to memory
        from culti_desktop.core.storage.credentials import adopt_session_passwords

        adopt_session_passwords(passwords)
    job = Job(on_progress=lambda p: queue.put(("progress", p)), _cancel=cancel_event)
    try:
        result = fn(job)
    except Cancelled:
        queue.put(("cancelled", None))
    except BaseException as exc:  # noqa: BLE001 - reported to the GUI as failed(exc)
        try:
            queue.put(("failed", exc))
        except Exception:  # noqa: BLE001 - an unpicklable exception still reaches the GUI as text
            queue.put(("failed", RuntimeError(f"{type(exc).__name__}: {exc}")))
    else:
        queue.put(("finished", result))


class ProcessWorker(Worker):
    """Like :class:`Worker`, but ``fn(job)`` runs in a child process (``spawn``).

    For long jobs whose C calls hold the GIL (PyMuPDF renders, model loading): in a thread
    they freeze the GUI for as long as each call lasts; in a process they cannot. ``fn`` must
    be picklable (a module-level function or a ``functools.partial`` of one) and open the
    project by path itself; SQLite in WAL mode lets both processes use the file at once.
    Signals and ``cancel()`` behave exactly as for :class:`Worker`.
    """

    def __init__(self, fn: JobFunction, name: str = "", parent: QObject | None = None) -> None:
        super().__init__(self._pump, name, parent)
        self.child_fn = fn

    def _pump(self, job: Job) -> Any:
        import multiprocessing as mp
        import queue as queue_mod

        from culti_desktop.core.storage.credentials import session_passwords

        ctx = mp.get_context("spawn")
        q = ctx.Queue()
        cancel_event = ctx.Event()
        proc = ctx.Process(
            target=_child_main,
            args=(self.child_fn, q, cancel_event, session_passwords()),
            daemon=True,
            name=f"culti-{self.name or 'job'}",
        )
        proc.start()
        try:
            while True:
                if job.cancelled:
                    cancel_event.set()
                try:
                    kind, payload = q.get(timeout=0.05)
                except queue_mod.Empty:
                    if not proc.is_alive() and q.empty():
                        raise CultiError(
                            f"background process ended unexpectedly (exit code {proc.exitcode})"
                        ) from None
                    continue
                if kind == "progress":
                    self.progress.emit(payload)
                elif kind == "finished":
                    return payload
                elif kind == "cancelled":
                    raise Cancelled()
                else:
                    raise payload
        finally:
            proc.join(timeout=30)
            if proc.is_alive():  # a child that does not honour cancellation in time
                proc.terminate()
                proc.join()
            q.close()


def active_workers() -> list[Worker]:
    return list(_ACTIVE)


def cancel_all_and_wait(timeout_ms: int = 10000) -> None:
    """On quit: cancel every running job and wait for it, so no transaction is cut midway."""
    for worker in list(_ACTIVE):
        worker.cancel()
    for worker in list(_ACTIVE):
        worker.wait(timeout_ms)


def error_text(exc: BaseException) -> str:
    """The one line a user sees for a failure, in the UI language when the core gave a code."""
    from culti_desktop.gui.error_text import translate_error

    return translate_error(exc)


def format_progress(p: Progress) -> str:
    from culti_desktop.gui.error_text import translate_progress

    message = translate_progress(p.message)
    if p.total:
        text = f"{p.done}/{p.total}"
        eta = p.eta_seconds
        if eta is not None and eta >= 1:
            text += f" · {eta:.0f} s"
        return f"{message}  {text}".strip()
    return message


class StatusProgress(QWidget):
    """Permanent status-bar widget: message, progress bar and a Cancel button for the last job."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cancelling = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(180)
        self.bar.setMaximumHeight(16)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setFlat(True)
        for w in (self.label, self.bar, self.cancel_button):
            lay.addWidget(w)
        self._worker: Worker | None = None
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()

    def track(self, worker: Worker, title: str) -> None:
        self._worker = worker
        self._cancelling = False
        self.cancel_button.setEnabled(True)
        self.label.setText(title)
        self.bar.setRange(0, 0)
        self.show()
        worker.progress.connect(self._on_progress)
        worker.done.connect(lambda w=worker: self._on_done(w))

    def _on_progress(self, p: Progress) -> None:
        if p.total:
            self.bar.setRange(0, 1000)  # per mille of the exact fraction: a file's pages move the bar
            self.bar.setValue(int(1000 * (p.fraction or 0.0)))
        else:
            self.bar.setRange(0, 0)
        self.bar.setFormat(format_progress(p))
        if not self._cancelling:
            self.label.setText(format_progress(Progress(0, None, p.message)))

    def _on_done(self, worker: Worker) -> None:
        if worker is self._worker:
            self._worker = None
            self.hide()

    def _cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._cancelling = True  # says so until the job really stops
            self.label.setText(self.tr("Cancelling…"))
            self.cancel_button.setEnabled(False)


def status_progress_of(window: QMainWindow) -> StatusProgress:
    """The window's shared status-bar progress widget (created on first use)."""
    existing = window.findChild(StatusProgress, "culti_status_progress")
    if existing is not None:
        return existing
    widget = StatusProgress(window)
    widget.setObjectName("culti_status_progress")
    window.statusBar().addPermanentWidget(widget)
    return widget


def run_job(
    parent: QWidget,
    fn: JobFunction,
    title: str,
    *,
    on_finished: Callable[[Any], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    dialog: bool = False,
    start: bool = True,
    in_process: bool = False,
) -> Worker:
    """Run ``fn(job)`` in a :class:`Worker` and show it in the status bar (and a dialog).

    ``dialog=True`` adds a window-modal ``QProgressDialog`` whose Cancel button cancels the job.
    Without ``on_failed`` a failure is shown in a message box with its one-line message.
    ``in_process=True`` runs ``fn`` in a child process (:class:`ProcessWorker`).
    """
    worker = (ProcessWorker if in_process else Worker)(fn, name=title)
    window = parent.window() if isinstance(parent.window(), QMainWindow) else None
    if window is not None:
        status_progress_of(window).track(worker, title)
    if dialog:
        dlg = QProgressDialog(title, parent.tr("Cancel"), 0, 0, parent)
        dlg.setWindowTitle(title)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(worker.cancel)

        def on_progress(p: Progress) -> None:
            if p.total:
                dlg.setMaximum(int(p.total))
                dlg.setValue(int(min(p.done, p.total)))
            dlg.setLabelText(format_progress(p) or title)

        worker.progress.connect(on_progress)
        worker.done.connect(dlg.close)
        worker.done.connect(dlg.deleteLater)
        worker.dialog = dlg  # type: ignore[attr-defined]
    if on_finished is not None:
        worker.finished.connect(on_finished)
    if on_cancelled is not None:
        worker.cancelled.connect(on_cancelled)
    if on_failed is not None:
        worker.failed.connect(on_failed)
    else:
        worker.failed.connect(
            lambda exc: QMessageBox.warning(parent, title, error_text(exc))  # type: ignore[arg-type]
        )
    if window is not None:
        worker.cancelled.connect(lambda: window.statusBar().showMessage(parent.tr("Cancelled"), 4000))
    if start:
        worker.start()
    return worker
