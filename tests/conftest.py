"""Fixtures shared by every test area. Tests build their own data; they never read the shared data folder beside the checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the tests' own helpers (engines.py)
from engines import (  # noqa: F401 - fixtures
    engine_name,
    file_keyring,
    parametrize_engines,
    pg_database,
    pg_password_account,
    project_locator,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CULTI_OFFLINE", "1")  # never try to download model weights in tests


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "测试 project.culti"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    parametrize_engines(metafunc)  # storage/curation/CLI areas run on SQLite and on PostgreSQL


@pytest.fixture
def project(project_locator: str):  # noqa: F811 - pytest passes the imported fixture by name
    """A new, empty project: a file, or (in the engine areas) also a fresh PostgreSQL database."""
    from culti_desktop.core.storage import create_project

    proj = create_project(project_locator)
    yield proj
    proj.close()
