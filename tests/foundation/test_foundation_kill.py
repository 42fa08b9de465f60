"""SIGKILL a process that is writing to the project: the file still checks, and no acked edit is lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

WRITER = textwrap.dedent(
    """
    import os, sys
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Edit
    from culti_desktop.core.storage.blobs import put_blob
    project = open_project(sys.argv[1])
    start = int(sys.argv[2])
    i = start
    while True:
        with project.session() as s:
            s.add(Edit(curator="kill-test", op="set", entity="pair", entity_id=i, after={"i": i}))
            put_blob(s, os.urandom(20000 + i))  # larger transactions: kills land mid-write too
        print(f"ack {i}", flush=True)
        i += 1
    """
)


@pytest.mark.slow
def test_sigkill_during_writes_loses_nothing_acknowledged(project) -> None:
    path = project.path
    project.close()
    rng = random.Random(7)
    acked: set[int] = set()
    next_id = 0
    for _ in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(next_id)], stdout=subprocess.PIPE, text=True
        )
        target = rng.randint(5, 40)
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            acked.add(int(line.split()[1]))
            seen += 1
            if seen >= target:
                time.sleep(rng.random() * 0.02)
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        next_id = max(acked) + 1000
        check = subprocess.run(
            [sys.executable, "-m", "culti_desktop", "check", str(path), "--json"],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert json.loads(check.stdout)["ok"]
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.storage.models import Edit

    with open_project(path) as again, again.read_session() as s:
        stored = {e.entity_id for e in s.query(Edit).filter(Edit.curator == "kill-test")}
    assert acked <= stored
