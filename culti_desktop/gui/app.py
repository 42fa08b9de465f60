"""Start the desktop app: arguments, QApplication, font, translations, first window.

``main.py`` at the repository top only calls :func:`main`. ``--screenshot FILE.png`` renders the
window offscreen (no display needed), saves it and exits: used for the README and for checks.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description="CulTi Desktop")
    p.add_argument("project", nargs="?", help="project file (.culti) to open")
    p.add_argument("--sample", action="store_true", help="create (first time) and open the sample project")
    p.add_argument(
        "--screenshot", metavar="FILE.png", help="render the main window offscreen, save it and exit"
    )
    p.add_argument(
        "--lang", choices=("zh", "en"), help="UI language (default: View > Language, else the system's)"
    )
    p.add_argument("--size", default="1440x900", help="window size for --screenshot (WxH)")
    p.add_argument("--pair", type=int, help="select this pair after opening (screenshots)")
    p.add_argument(
        "--grab",
        choices=("window", "queue", "pair", "viewer", "shortcuts", "dashboard"),
        default="window",
        help="with --screenshot: what to capture (default: the whole window)",
    )
    return p


def create_app(argv: Sequence[str], lang: str | None = None):  # -> QApplication
    from PySide6.QtWidgets import QApplication

    from culti_desktop.gui import i18n, settings

    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(settings.ORG)
    app.setApplicationName(settings.APP)
    app.setApplicationDisplayName("CulTi Desktop")
    i18n.install_cjk_font(app)
    app._culti_translators = i18n.install_translators(app, i18n.effective_language(lang))  # keep alive
    return app


def _wait_for(app, worker, timeout_ms: int = 600_000) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    if worker is None or worker.state not in ("new", "running"):
        return
    loop = QEventLoop()
    worker.done.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    app.processEvents()


def _wait_for_thumbnails(app, strip, timeout_s: float = 20.0) -> None:
    """A screenshot shows the page strip's real thumbnails, not their numbered placeholders."""
    import time

    deadline = time.monotonic() + timeout_s
    while strip is not None and strip.thumbnails_ready() < strip.list.count() < 200:
        if time.monotonic() > deadline:
            return
        app.processEvents()
        time.sleep(0.02)


def take_screenshot(window, path: Path, grab: str = "window") -> Path:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    for _ in range(5):
        app.processEvents()
    _wait_for_thumbnails(app, getattr(window, "page_strip", None))
    target = {
        "window": window,
        "queue": window.queue_dock,
        "pair": window.pair_dock,
        "viewer": window.viewer,
    }.get(grab, window)
    if grab == "shortcuts":
        target = window.show_shortcuts()
    elif grab == "dashboard":
        target = window.show_dashboard() or window
    for _ in range(5):
        app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not target.grab().save(str(path)):
        raise SystemExit(f"main.py: error: {path}: could not write the screenshot")
    return path


def warm_up_torch() -> None:
    """Import torch once, right after the window appears, on the GUI thread.

    The first torch import holds the GIL for ~0.6–1.2 s; done here, before the curator starts
    anything, it never freezes the window in the middle of a training or indexing job
    (measured in ``benchmarks/bench_gui.py``).
    """
    try:
        import cn_clip.clip  # noqa: F401 - imported for its side effect: loaded now, not mid-job
        import torch  # noqa: F401 - same
    except Exception:  # noqa: BLE001 - the app works without models; the panels say why
        pass


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = create_app([sys.argv[0]], args.lang)

    from culti_desktop.core.errors import CultiError
    from culti_desktop.gui import settings
    from culti_desktop.gui.main_window import MainWindow

    window = MainWindow(ask_curator=not args.screenshot)
    if args.screenshot:
        w, h = (int(v) for v in args.size.lower().split("x"))
        window.resize(w, h)
    window.show()
    if args.sample:
        _wait_for(app, window.open_sample())
    elif args.project:
        try:
            window.open_project_file(args.project, interactive=not args.screenshot)
        except CultiError as exc:
            print(f"main.py: error: {exc.one_line()}", file=sys.stderr)
            return 1
    elif not args.screenshot:
        recent = [p for p in settings.recent_projects() if Path(p).is_file()]
        if recent:
            window.open_project_file(recent[0])
        else:
            window.first_run()
    if args.pair is not None:
        window.show_pair(args.pair)
    if args.screenshot:
        take_screenshot(window, Path(args.screenshot), args.grab)
        window.close()
        return 0
    from PySide6.QtCore import QTimer

    QTimer.singleShot(300, warm_up_torch)
    return app.exec()
