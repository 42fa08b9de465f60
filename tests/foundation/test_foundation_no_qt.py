"""The core and the CLI must run without PySide6 ever being imported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_core_and_cli_never_import_qt(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        import culti_desktop.core, culti_desktop.cli
        failures = []
        for pkg in (culti_desktop.core, culti_desktop.cli):
            for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
                importlib.import_module(info.name)
        from culti_desktop.cli.main import main
        target = {str(tmp_path / "p.culti")!r}
        assert main(["init", target, "--json"]) == 0
        assert main(["info", target, "--json"]) == 0
        assert main(["check", target, "--json"]) == 0
        qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        gui = sorted(m for m in sys.modules if m.startswith("culti_desktop.gui"))
        print("QT_MODULES", qt, gui)
        sys.exit(1 if qt or gui else 0)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "QT_MODULES [] []" in proc.stdout


def test_import_linter_contract_holds() -> None:
    """pyproject's import-linter contracts: no Qt in the core, the layer order, no cycles (ADR 0004)."""
    lint = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run(
        [str(lint), "--config", str(REPO / "pyproject.toml")], capture_output=True, text=True, cwd=REPO
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout and "The core never imports Qt KEPT" in proc.stdout
