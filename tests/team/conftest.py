"""The team tests reuse the curation fixtures (a generated PDF imported, plus known pairs)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "curation"))
import pytest
from conftest import add_pairs, clear_proposals, make_pdf


@pytest.fixture
def pdf_path(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "丝绸 sample.pdf")


@pytest.fixture
def curated_project(project, pdf_path):
    from culti_desktop.core.ingest import import_paths

    summary = import_paths(project, [pdf_path], ocr="off")
    assert summary.imported, summary.failed
    clear_proposals(project)
    add_pairs(project)
    return project
