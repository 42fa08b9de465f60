"""A slow import racing a fast import of the same file never replaces curated work (issue 19 #9)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from kill_harness import make_documents

from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.ingest import import_paths
from culti_desktop.core.jobs import Job
from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Document, Pair


@dataclass
class Meanwhile(Job):
    """While the slow import analyses its first page, another process imports and reviews."""

    project_path: Path | None = None
    doc: Path | None = None
    ran: bool = False
    calls: int = 0

    def check_cancelled(self) -> None:
        super().check_cancelled()
        self.calls += 1  # call 1 is the batch loop's; call 2 comes after the first page's analysis
        if self.calls == 2 and self.project_path is not None:
            self.ran = True
            with open_project(self.project_path) as other:
                fast = import_paths(other, [self.doc], ocr="off")
                assert len(fast.imported) == 1
                review_pairs(other, accept_all=True, curator="馆员")


def test_slow_import_does_not_replace_a_document_curated_meanwhile(project, tmp_path: Path) -> None:
    pdf = make_documents(tmp_path / "docs", 1)[0]
    job = Meanwhile(project_path=project.path, doc=pdf)
    slow = import_paths(project, [pdf], ocr="off", job=job)
    assert job.ran
    assert slow.skipped == [str(pdf)] and slow.imported == []  # a no-op, and it says so
    with project.read_session() as s:
        assert s.query(Document).count() == 1
        statuses = [p.status for p in s.query(Pair)]
    assert statuses and set(statuses) == {"accepted"}
