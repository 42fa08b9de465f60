"""Writing commands refuse a damaged project file and a project the app holds (issue 19 #10, lock)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_documents, seed_pairs

from culti_desktop.cli.main import main
from culti_desktop.core.errors import ProjectLockedError
from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.lock import ProjectLock


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "坏 project.culti"
    create_project(path).close()
    seed_pairs(path, n=400)  # enough rows for the file to reach well past 24 KiB
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    assert path.stat().st_size > 40 * 1024
    rng = random.Random(24)
    with open(path, "r+b") as fh:
        fh.seek(24 * 1024)
        fh.write(bytes(rng.randrange(256) for _ in range(512)))
    return path


def test_writing_commands_refuse_a_damaged_file(damaged: Path, tmp_path: Path, capsys) -> None:
    assert main(["check", str(damaged), "--fast"]) == 1  # the damage is real
    capsys.readouterr()
    before = _digest(damaged)
    doc = make_documents(tmp_path / "docs", 1)[0]
    for argv in (
        ["import", str(damaged), str(doc), "--ocr", "off"],
        ["review", str(damaged), "--accept-all"],
    ):
        assert main(argv) == 1, argv
        err = capsys.readouterr().err.strip()
        assert err.startswith("culti: error:") and len(err.splitlines()) == 1, err
        assert damaged.name in err and "culti check" in err and "backup" in err, err
    assert _digest(damaged) == before  # nothing was written into the damaged file


HOLDER = textwrap.dedent(
    """
    import sys, time
    from culti_desktop.core.storage.lock import ProjectLock
    held = ProjectLock(sys.argv[1]).acquire(owner="gui")
    print("locked", flush=True)
    time.sleep(120)
    """
)


def test_writing_commands_respect_a_live_app_lock(project, capsys) -> None:
    seed_pairs(project.path, n=3)
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        assert main(["review", str(project.path), "--accept-all"]) == 1
        err = capsys.readouterr().err
        assert "open in" in err and "--force" in err, err
        assert main(["info", str(project.path)]) == 0  # reading is fine
        capsys.readouterr()
        assert main(["review", str(project.path), "--accept-all", "--force"]) == 0
    finally:
        proc.kill()
        proc.wait()
    assert main(["review", str(project.path), "--accept-all"]) == 0  # the lock went with its holder


def test_two_cli_writers_do_not_lock_each_other_out(project) -> None:
    first = ProjectLock(project.path).acquire_shared()
    try:
        second = ProjectLock(project.path).acquire_shared()
        second.release()
        with pytest.raises(ProjectLockedError):  # but the app cannot take the project from under them
            ProjectLock(project.path).acquire()
    finally:
        first.release()


def test_a_folder_at_the_lock_path_is_a_warning_not_a_silent_pass(project) -> None:
    (project.path.with_name(project.path.name + ".lock")).mkdir()
    with pytest.raises(ProjectLockedError, match="folder"):
        ProjectLock(project.path).acquire()


def test_failed_migrations_keep_only_the_newest_backups(tmp_path: Path, monkeypatch) -> None:
    import shutil

    from culti_desktop.core.errors import ProjectError
    from culti_desktop.core.storage import migrations, open_project

    saved = Path(__file__).resolve().parents[1] / "data" / "projects" / "v1.culti"
    work = tmp_path / "v1.culti"
    shutil.copy2(saved, work)

    def broken(con: sqlite3.Connection) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setitem(migrations.MIGRATIONS, 1, broken)
    for _ in range(5):
        with pytest.raises(ProjectError):
            open_project(work)
    backups = list(tmp_path.glob("v1.culti.v1*.bak"))
    assert 1 <= len(backups) <= migrations.KEEP_BACKUPS
