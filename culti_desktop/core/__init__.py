"""The Qt-free core. Nothing under this package may import PySide6 (see pyproject's import-linter contract)."""
