"""Fixtures of the ml area: a tiny encoder and a small generated dataset in a real project."""

from __future__ import annotations

import pytest
import torch

from culti_desktop.testing.synthetic import add_shapes_dataset

torch.set_num_threads(1)  # 2 cores are shared by the whole team


@pytest.fixture(autouse=True)
def _user_model_dir(tmp_path_factory, monkeypatch):
    """Never touch the real user model folder."""
    monkeypatch.setenv("CULTI_MODEL_DIR", str(tmp_path_factory.mktemp("user-models")))


@pytest.fixture
def tiny_encoder():
    from culti_desktop.core.ml.registry import load_encoder

    return load_encoder(None, "tiny", device="cpu")


@pytest.fixture
def shapes_project(project):
    add_shapes_dataset(project, {"train": 6, "valid": 1, "test": 2})
    return project


@pytest.fixture
def add_shapes():
    """The dataset builder itself, for tests that need several projects."""
    return add_shapes_dataset
