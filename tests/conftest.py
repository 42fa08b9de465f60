"""Fixtures shared by every test area. Tests build their own data; they never read the shared data folder beside the checkout."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CULTI_OFFLINE", "1")  # never try to download model weights in tests


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "测试 project.culti"


@pytest.fixture
def project(project_path: Path):
    from culti_desktop.core.storage import create_project

    proj = create_project(project_path)
    yield proj
    proj.close()
