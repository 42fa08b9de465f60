"""Hundreds of mutated PDFs and images: zero crashes, zero hangs, every failure a clear error."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).parent))
from fuzzing import mutate, seed_jpeg, seed_pdf, seed_png, time_limit

from culti_desktop.core.ingest import import_paths
from culti_desktop.core.storage.checks import check_project
from culti_desktop.core.storage.models import Document


@pytest.mark.slow
def test_mutated_documents_never_crash_or_hang(project, tmp_path: Path) -> None:
    rng = random.Random(20261123)
    seeds = {".pdf": seed_pdf(), ".png": seed_png(), ".jpg": seed_jpeg()}
    tried = crashes = imported = failed = 0
    for n in range(240):
        suffix = list(seeds)[n % 3]
        path = tmp_path / f"变异 {n}{suffix}"
        path.write_bytes(mutate(seeds[suffix], rng))
        tried += 1
        try:
            with time_limit(20):
                summary = import_paths(project, [path], ocr="off")
        except TimeoutError:
            pytest.fail(f"hang on {path.name}")
        except Exception as exc:
            crashes += 1
            print(f"crash on {path.name}: {type(exc).__name__}: {exc}")
            continue
        for failure in summary.failed:
            failed += 1
            assert failure["file"] == str(path)
            assert failure["error"].strip() and "\n" not in failure["error"].strip()
        imported += len(summary.imported)
    print(f"fuzz import: tried={tried} imported={imported} failed_cleanly={failed} crashes={crashes}")
    assert crashes == 0
    assert failed > 0 and tried == 240
    assert check_project(project).ok
    with project.read_session() as s:
        # Nothing half-imported: every stored document is complete.
        assert s.scalar(select(func.count()).select_from(Document).where(Document.state != "ready")) == 0
