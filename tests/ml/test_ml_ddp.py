"""The training loop under torchrun: 2 CPU processes with gloo match one process on the global batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from culti_desktop.core.ml.registry import load_encoder
from culti_desktop.core.storage import create_project, open_project


def _env(tmp_path):
    env = dict(os.environ)
    env.update(OMP_NUM_THREADS="1", CULTI_OFFLINE="1", PYTHONPATH=os.getcwd())
    return env


@pytest.mark.slow
def test_two_gloo_processes_train_like_one_process_on_the_global_batch(tmp_path, add_shapes):
    paths = {}
    for name in ("ddp", "single"):
        paths[name] = tmp_path / f"{name}.culti"
        with create_project(paths[name]) as p:
            add_shapes(p, {"train": 2, "valid": 1})
    common = ["train", "--model", "tiny", "--epochs", "1", "--device", "cpu", "--json"]
    ddp = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node",
            "2",
            "-m",
            "culti_desktop",
            common[0],
            str(paths["ddp"]),
            *common[1:],
            "--batch",
            "8",
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=600,
    )
    assert ddp.returncode == 0, ddp.stderr[-2000:]
    result = json.loads(ddp.stdout)  # only rank 0 prints
    single = subprocess.run(
        [
            sys.executable,
            "-m",
            "culti_desktop",
            common[0],
            str(paths["single"]),
            *common[1:],
            "--batch",
            "16",
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=600,
    )
    assert single.returncode == 0, single.stderr[-2000:]
    with open_project(paths["ddp"]) as p:
        from culti_desktop.core.storage.models import ModelVersion

        with p.read_session() as s:
            mv = s.get(ModelVersion, result["version_id"])
            assert mv.config["training"]["world_size"] == 2
        tuned_ddp = load_encoder(p, result["version_id"], device="cpu").model.state_dict()
    with open_project(paths["single"]) as p:
        tuned_single = load_encoder(
            p, json.loads(single.stdout)["version_id"], device="cpu"
        ).model.state_dict()
    base = load_encoder(None, "tiny", device="cpu").model.state_dict()
    moved = max((tuned_ddp[k] - base[k]).abs().max().item() for k in base)
    gap = max((tuned_ddp[k] - tuned_single[k]).abs().max().item() for k in base)
    assert moved > 1e-3  # training changed the weights...
    assert gap < moved / 50  # ...and the 2-process run equals the 1-process run on the same global batch
