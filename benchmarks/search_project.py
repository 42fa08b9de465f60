"""A large generated project for bench_search's end-to-end run, written in bulk (not through the importer)."""

from __future__ import annotations

from pathlib import Path


def bulk_project(folder: Path, n: int):
    from sqlalchemy import insert

    from culti_desktop.core.storage import create_project
    from culti_desktop.core.storage.models import Blob, Document, Page, Pair, Region

    project = create_project(folder / "bench.culti")
    per_page = 10
    with project.session() as s:
        s.execute(insert(Blob), [{"sha256": f"{i:064x}", "size": 1, "data": b"x"} for i in range(10)])
        s.execute(
            insert(Document),
            [
                {
                    "id": i + 1,
                    "sha256": f"{i:064x}",
                    "filename": f"doc{i}.pdf",
                    "kind": "pdf",
                    "state": "ready",
                    "page_count": n // per_page // 10,
                }
                for i in range(10)
            ],
        )
        s.execute(
            insert(Page),
            [
                {
                    "id": p + 1,
                    "document_id": p % 10 + 1,
                    "index": p // 10,
                    "width": 600.0,
                    "height": 800.0,
                    "unit": "pt",
                }
                for p in range(n // per_page)
            ],
        )
        s.execute(
            insert(Region),
            [
                {
                    "id": r + 1,
                    "page_id": r // per_page + 1,
                    "kind": "figure",
                    "x0": 50.0,
                    "y0": 50.0,
                    "x1": 300.0,
                    "y1": 300.0,
                }
                for r in range(n)
            ],
        )
        s.execute(
            insert(Pair),
            [
                {
                    "id": r + 1,
                    "figure_region_id": r + 1,
                    "caption": f"图{r} 纹样",
                    "caption_zh": f"图{r} 纹样",
                    "caption_en": "",
                    "status": "accepted",
                }
                for r in range(n)
            ],
        )
    return project
