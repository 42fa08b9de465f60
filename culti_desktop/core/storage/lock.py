"""An advisory lock so that a second app instance is warned instead of both editing one project.

The lock is an OS file lock (``flock`` / ``msvcrt.locking``) on ``NAME.culti.lock``: the kernel
drops it when the holder exits or is killed, so a crash never leaves a stale lock behind. The file
also records who holds it, for the warning. SQLite itself stays safe under concurrent writers
(WAL + busy timeout); the lock protects curators from editing the same pairs twice.

The app holds the lock exclusively; writing CLI commands hold it *shared*
(:meth:`ProjectLock.acquire_shared`), so several CLI writers run side by side but none writes
while the app has the project open, and the app does not open a project a CLI is writing.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import IO

from culti_desktop.core.errors import ProjectLockedError


def lock_path(project_path: Path) -> Path:
    return project_path.with_name(project_path.name + ".lock")


def _try_lock(fh: IO[bytes], shared: bool = False) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        if shared:  # no shared locks here: a probe that the app does not hold the project
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


class ProjectLock:
    """Held for as long as an app instance has the project open; ``release()`` or exit frees it."""

    def __init__(self, project_path: Path) -> None:
        self.path = lock_path(Path(project_path))
        self._fh: IO[bytes] | None = None
        self._shared = False

    def holder(self) -> dict[str, object]:
        try:
            return json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}

    def _open(self) -> IO[bytes]:
        if self.path.is_dir():  # opening it would fail, and the project would go unguarded
            raise ProjectLockedError(
                f"the lock path {self.path.name} is a folder, so the project cannot be locked; "
                "remove that folder",
                self.path.with_suffix(""),
            )
        return open(self.path, "a+b")

    def acquire_shared(self, force_hint: str = "--force") -> ProjectLock:
        """For a writing CLI command: refused while the app holds the project."""
        fh = self._open()
        if not _try_lock(fh, shared=True):
            fh.close()
            who = self.holder()
            raise ProjectLockedError(
                "open in CulTi Desktop"
                + (f" (pid {who.get('pid')} on {who.get('host')}, since {who.get('since')})" if who else "")
                + f"; close it there first, or pass {force_hint} if that instance is gone or hung",
                self.path.with_suffix(""),
            )
        self._fh, self._shared = fh, True
        return self

    def acquire(self, owner: str = "") -> ProjectLock:
        fh = self._open()
        if not _try_lock(fh):
            fh.close()
            who = self.holder()
            raise ProjectLockedError(
                "already open in another CulTi Desktop instance"
                + (f" (pid {who.get('pid')} on {who.get('host')}, since {who.get('since')})" if who else ""),
                self.path.with_suffix(""),
                code="project.locked",
                params={k: who.get(k, "?") for k in ("pid", "host", "since")} if who else {},
            )
        fh.seek(0)
        fh.truncate()
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "owner": owner,
            "since": time.strftime("%Y-%m-%d %H:%M:%S"),
        }
        fh.write(json.dumps(info, ensure_ascii=False).encode("utf-8"))
        fh.flush()
        self._fh = fh
        return self

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        if self._fh is not None:
            try:
                if not self._shared:
                    self._fh.seek(0)
                    self._fh.truncate()
            finally:
                self._fh.close()  # closing drops the OS lock
                self._fh = None

    def __enter__(self) -> ProjectLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
