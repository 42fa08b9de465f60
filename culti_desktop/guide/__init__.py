"""The user guide, shipped inside the package so Help ▸ Guide works from any install.

One Markdown file per UI language (``zh_CN.md``, ``en.md``) and the screenshots in ``images/``
that ``main.py --screenshot`` made. Qt-free: the GUI only asks for the path.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FILES = {"zh": "zh_CN.md", "en": "en.md"}


def guide_dir() -> Path:
    """The installed ``culti_desktop/guide`` folder (a real folder: the package is never zipped)."""
    return Path(str(resources.files(__name__)))


def guide_path(lang: str) -> Path:
    """The guide for UI language ``lang`` (``zh`` or ``en``; anything else gets English)."""
    return guide_dir() / FILES.get(lang, FILES["en"])
