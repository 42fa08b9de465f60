"""A slow import racing a fast import of the same file never replaces curated work (issue 19 #9)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_documents

from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.jobs import Job
from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Document, Pair


class Meanwhile:
    """While the slow import analyses its first page, another process imports and reviews.

    Hooked on the slow import's per-page progress ("page 1 / n"), i.e. after the first page's
    analysis and before the slow import writes anything."""

    def __init__(self, project_path: Path, doc: Path) -> None:
        self.project_path, self.doc, self.ran = project_path, doc, False

    def __call__(self, progress) -> None:
        if not self.ran and progress.message.startswith("page 1 /"):
            self.ran = True
            with open_project(self.project_path) as other:
                fast = import_paths(other, [self.doc], ocr="off")
                assert len(fast.imported) == 1
                review_pairs(other, accept_all=True, curator="馆员")


def test_slow_import_does_not_replace_a_document_curated_meanwhile(project, tmp_path: Path) -> None:
    pdf = make_documents(tmp_path / "docs", 1)[0]
    meanwhile = Meanwhile(project.path, pdf)
    job = Job(min_interval=0.0)
    job.on_progress = meanwhile
    slow = import_paths(project, [pdf], ocr="off", job=job)
    assert meanwhile.ran
    assert slow.skipped == [str(pdf)] and slow.imported == []  # a no-op, and it says so
    with project.read_session() as s:
        assert s.query(Document).count() == 1
        statuses = [p.status for p in s.query(Pair)]
    assert statuses and set(statuses) == {"accepted"}
