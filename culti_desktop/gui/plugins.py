"""Panels that other areas add to the main window, without anyone editing ``main_window.py``.

Each module listed in :data:`PANEL_MODULES` exposes ``install(window) -> None`` and adds its
own menu actions, docks or tabs through the public ``QMainWindow`` API plus
``window.project`` and ``window.projectChanged``. A module that is missing, fails to import or
fails to install is logged and recorded in ``window.panel_errors`` (a test asserts that list
stays empty, so a missing panel fails it), and one broken panel never stops the app from starting.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)

# One line per area; each engineer adds their own module here.
PANEL_MODULES: list[str] = [
    "culti_desktop.gui.export_dialog",
    "culti_desktop.gui.search_panel",
    "culti_desktop.gui.glossary_editor",
    "culti_desktop.gui.page_strip",
    "culti_desktop.gui.ml_models_page",  # also installs ml_training_panel, whose runs it follows
]


def install_panels(window: Any, modules: list[str] | None = None) -> list[str]:
    """Import and install each panel module; returns the names that were installed."""
    installed: list[str] = []
    errors: dict[str, str] = getattr(window, "panel_errors", {})
    for name in PANEL_MODULES if modules is None else modules:
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            log.exception("panel %s failed to import", name)
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        try:
            module.install(window)
        except Exception as exc:
            log.exception("panel %s failed to install", name)
            errors[name] = f"{type(exc).__name__}: {exc}"
            continue
        installed.append(name)
    window.panel_errors = errors
    return installed
