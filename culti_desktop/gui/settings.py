"""Per-user preferences in QSettings: window state, recent projects, language, curator name.

Everything about a project lives in the project file; only what belongs to this user on this
machine lives here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORG = "CulTi"
APP = "CulTiDesktop"
MAX_RECENT = 10


def settings() -> QSettings:
    return QSettings(ORG, APP)


def recent_projects() -> list[str]:
    value = settings().value("recent", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if v]


def add_recent(path: str | Path) -> None:
    from culti_desktop.core.storage.locator import is_server_locator, redact

    p = redact(str(path)) if is_server_locator(str(path)) else str(Path(path).resolve())
    items = [p] + [r for r in recent_projects() if r != p]
    settings().setValue("recent", items[:MAX_RECENT])


def remove_recent(path: str) -> None:
    settings().setValue("recent", [r for r in recent_projects() if r != path])


def curator_name() -> str:
    return str(settings().value("curator", "") or "")


def set_curator_name(name: str) -> None:
    settings().setValue("curator", name.strip())


def language_override() -> str | None:
    """``zh`` or ``en`` when the user chose one in View > Language; ``None`` follows the system."""
    value = settings().value("language", "")
    return str(value) if value in ("zh", "en") else None


def set_language_override(lang: str | None) -> None:
    settings().setValue("language", lang or "")


def model_source() -> str:
    """Where published weights are downloaded from first: ``huggingface`` or ``modelscope``.

    ``CULTI_MODEL_SOURCE`` wins when set, so one machine-wide choice reaches GUI and CLI alike.
    """
    import os

    env = os.environ.get("CULTI_MODEL_SOURCE", "").strip().lower()
    if env:
        return "modelscope" if env in ("modelscope", "ms") else "huggingface"
    value = str(settings().value("model_source", "") or "")
    return value if value in ("huggingface", "modelscope") else "huggingface"


def set_model_source(source: str) -> None:
    settings().setValue("model_source", source)
