"""Where things live: the repository's resources, and the user's data/model folders (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

APP_NAME = "CulTiDesktop"


def resources_dir() -> Path:
    """The top-level ``resources/`` folder (fonts, sample documents, sample generator)."""
    env = os.environ.get("CULTI_RESOURCES")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "resources"


def cjk_font_path() -> Path:
    return resources_dir() / "fonts" / "wqy-microhei.ttc"


def user_data_path() -> Path:
    p = Path(os.environ.get("CULTI_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p


def user_cache_path() -> Path:
    p = Path(os.environ.get("CULTI_CACHE_DIR") or user_cache_dir(APP_NAME, appauthor=False))
    p.mkdir(parents=True, exist_ok=True)
    return p
