"""A second instance is warned by the project lock; a killed holder never leaves a stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from culti_desktop.core.errors import ProjectLockedError
from culti_desktop.core.storage.lock import ProjectLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from culti_desktop.core.storage.lock import ProjectLock
    held = ProjectLock(sys.argv[1]).acquire(owner="other")
    print("locked", flush=True)
    time.sleep(60)
    """
)


def test_second_instance_is_refused_and_kill_frees_the_lock(project) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        with pytest.raises(ProjectLockedError) as err:
            ProjectLock(project.path).acquire()
        assert f"pid {proc.pid}" in str(err.value)
        assert project.path.name in str(err.value)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    lock = ProjectLock(project.path).acquire()  # the kernel dropped the dead holder's lock
    assert lock.held
    lock.release()
    assert not lock.held
