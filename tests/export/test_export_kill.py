"""SIGKILL in the middle of ``import-dataset`` or ``export``: nothing half-done survives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import func, select

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

WORKER = textwrap.dedent(
    """
    import sys
    import time
    from culti_desktop.core.jobs import Job
    from culti_desktop.core.storage import open_project
    from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
    from culti_desktop.core.export import ExportOptions, export_dataset

    def tick(p):
        print("tick", p.done, flush=True)
        if p.done >= int(sys.argv[4]):  # stall here (a slow disk), mid-transaction / mid-write
            time.sleep(60)

    project = open_project(sys.argv[1])
    job = Job(on_progress=tick, min_interval=0)
    if sys.argv[2] == "import":
        import_cnclip_dataset(project, sys.argv[3], job=job)
    else:
        export_dataset(project, sys.argv[3], ExportOptions(format="jsonl"), job=job)
    print("done", flush=True)
    """
)


def _run_and_kill(args: list[str], after_done: int) -> bool:
    """Start the worker, SIGKILL it once it reports ``after_done`` units; True if it was killed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, *args, str(after_done)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("done"):
            proc.wait()
            return False
        if line.startswith("tick") and int(line.split()[1]) >= after_done:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    return proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("engine_name", ["sqlite"], indirect=True)  # kills a CLI run on a file
def test_killed_import_leaves_the_project_unchanged_and_reruns(project, tmp_path, make_cnclip_dataset):
    from culti_desktop.core.datasets.cnclip_import import import_cnclip_dataset
    from culti_desktop.core.storage.checks import check_project
    from culti_desktop.core.storage.models import Blob, Document, Pair

    texts = [(i, f"纹样{i}", [i]) for i in range(1, 400)]
    make_cnclip_dataset(tmp_path / "ds", {"train": texts}, english=False)
    project.close()
    killed = _run_and_kill([str(project.path), "import", str(tmp_path / "ds")], after_done=250)
    assert killed
    from culti_desktop.core.storage import open_project

    with open_project(project.path) as again:
        assert again.count(Pair) == 0 and again.count(Document) == 0 and again.count(Blob) == 0
        assert check_project(again, verify_hashes=True).ok
        summary = import_cnclip_dataset(again, tmp_path / "ds")
        assert summary.pairs == len(texts)
        with again.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Pair)) == len(texts)


def test_killed_export_leaves_no_output_and_next_export_cleans_up(export_project, tmp_path):
    from culti_desktop.core.export import ExportOptions, export_dataset

    out = tmp_path / "exports" / "导出"
    out.parent.mkdir()
    export_project.project.close()
    killed = _run_and_kill([str(export_project.project.path), "export", str(out)], after_done=3)
    assert killed
    assert not out.exists()
    leftovers = list(out.parent.iterdir())
    assert all(p.name.startswith(".导出.partial-") for p in leftovers)
    from culti_desktop.core.storage import open_project

    with open_project(export_project.project.path) as again:
        export_dataset(again, out, ExportOptions(format="jsonl"))
    assert sorted(p.name for p in out.parent.iterdir()) == ["导出"]
