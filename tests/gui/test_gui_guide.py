"""The user guide: Help > Guide in the UI language, shipped in the wheel, and the 1366x768 screenshot.

The window here opens no project: the guide must work before anything is imported.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


@pytest.fixture
def bare_window(qtbot):
    from culti_desktop.gui.main_window import MainWindow

    w = MainWindow(ask_curator=False)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


def _open_guide(window):
    from culti_desktop.gui.guide import GuideDialog

    window.actions_by_name["guide"].trigger()
    dialogs = [d for d in window.findChildren(GuideDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def _images_load(dialog, text: str) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    names = IMAGE.findall(text)
    assert len(names) >= 4, names
    for name in names:
        res = dialog.browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert res is not None and not getattr(res, "isNull", lambda: False)(), name


def test_help_guide_in_chinese_when_the_ui_is_chinese(qapp, qtbot):
    from culti_desktop.gui.guide import guide_path
    from culti_desktop.gui.i18n import install_translators

    translators = install_translators(qapp, "zh")
    try:
        from culti_desktop.gui.main_window import MainWindow

        w = MainWindow(ask_curator=False)
        qtbot.addWidget(w)
        w.show()
        assert "帮助(&H)" in [a.text() for a in w.menuBar().actions()]
        assert w.actions_by_name["guide"].text() == "使用指南(&G)"
        dialog = _open_guide(w)
        shown = dialog.browser.toPlainText()
        assert "CulTi Desktop 使用指南" in shown and "审校队列" in shown and "选择初始模型" in shown
        assert "Review queue" not in shown
        _images_load(dialog, guide_path("zh").read_text("utf-8"))
        dialog.close()
        w.close()
    finally:
        for t in translators:
            qapp.removeTranslator(t)


def test_help_guide_in_english_when_the_ui_is_english(bare_window):
    from culti_desktop.gui.guide import guide_path

    dialog = _open_guide(bare_window)
    shown = dialog.browser.toPlainText()
    assert "CulTi Desktop guide" in shown and "Choose a first model" in shown
    assert "使用指南" not in shown
    for fmt in ("cnclip", "jsonl", "hf", "openclip", "wds"):
        assert f"`{fmt}`" in guide_path("en").read_text("utf-8") and fmt in shown
    _images_load(dialog, guide_path("en").read_text("utf-8"))
    dialog.close()


def test_both_guides_name_every_cli_step_of_the_loop():
    from culti_desktop.gui.guide import guide_path

    for lang in ("zh", "en"):
        text = guide_path(lang).read_text("utf-8")
        for cmd in ("import", "pairs", "review", "split", "train", "index", "search", "export", "push"):
            assert re.search(rf"culti {cmd}\b", text), (lang, cmd)


@pytest.mark.slow
def test_guide_ships_in_the_wheel_and_is_found_when_installed(tmp_path):
    """Build the real wheel, unpack it (a pure-Python install) and ask the package for its guide."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(
        REPO / "culti_desktop", src / "culti_desktop", ignore=shutil.ignore_patterns("__pycache__")
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            ".",
        ],
        cwd=src,
        check=True,
        capture_output=True,
        timeout=600,
    )
    site = tmp_path / "site"
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as whl:
        whl.extractall(site)
    probe = (
        "import sys\n"
        "from culti_desktop.gui.guide import guide_path\n"
        "for lang in ('zh', 'en'):\n"
        "    print(guide_path(lang))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    paths = [Path(p) for p in out.stdout.split()]
    assert [p.name for p in paths] == ["zh.md", "en.md"]
    for p in paths:
        assert site in p.parents and p.is_file()
        for name in IMAGE.findall(p.read_text("utf-8")):
            assert (p.parent / name).is_file(), name


def test_screenshot_at_1366x768_writes_a_png_of_that_size(tmp_path):
    from PySide6.QtGui import QImage

    out = tmp_path / "shot.png"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "cfg"),
        CULTI_DATA_DIR=str(tmp_path / "data"),
    )
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "--screenshot",
            str(out),
            "--size",
            "1366x768",
            "--lang",
            "zh",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 20) for y in range(0, 768, 20)}
    assert len(colours) > 5  # menus, toolbar and docks drawn, not a blank frame
