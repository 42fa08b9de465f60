"""A training process killed with SIGKILL continues from its saved state when run again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from culti_desktop.core.storage import create_project


@pytest.mark.slow
def test_killed_training_resumes_from_its_saved_state(tmp_path, add_shapes):
    path = tmp_path / "k.culti"
    with create_project(path) as p:
        add_shapes(p, {"train": 4, "valid": 1})
    env = dict(os.environ, OMP_NUM_THREADS="1", CULTI_OFFLINE="1", PYTHONPATH=os.getcwd())
    cmd = [
        sys.executable,
        "-m",
        "culti_desktop",
        "train",
        str(path),
        "--model",
        "tiny",
        "--epochs",
        "6",
        "--batch",
        "8",
        "--device",
        "cpu",
        "--save-every-steps",
        "2",
        "--json",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    state_dir = tmp_path / "k.culti.d" / "training"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not any(state_dir.rglob("state.pt")) and proc.poll() is None:
        time.sleep(0.2)
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, "training finished before it could be killed"
    assert any(state_dir.rglob("state.pt"))
    again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-2000:]
    result = json.loads(again.stdout)
    assert result["resumed_from_step"] >= 2
    assert result["steps"] > result["resumed_from_step"]
    assert not any(state_dir.rglob("state.pt"))  # a finished run leaves no training state behind
