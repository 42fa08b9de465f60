"""Write ``vN.culti`` for the current schema version: run once when a schema version is released.

    .venv/bin/python tests/data/projects/make_saved_project.py

Older files stay as they were written by their own release; the migration test opens each.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pymupdf

from culti_desktop.core.ingest import import_paths
from culti_desktop.core.storage import create_project
from culti_desktop.core.storage.models import Edit, ModelVersion, Page, Pair, Region, TextLine
from culti_desktop.core.storage.schema import SCHEMA_VERSION


def main() -> Path:
    tmp = Path(tempfile.mkdtemp())
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    page.draw_rect(pymupdf.Rect(50, 50, 250, 250), color=(1, 0, 0), fill=(0.8, 0.2, 0.2))
    page.insert_text((50, 270), "图1 联珠纹锦", fontname="china-s", fontsize=10)
    doc.save(tmp / "v1样例.pdf")
    out = Path(__file__).with_name(f"v{SCHEMA_VERSION}.culti")
    out.unlink(missing_ok=True)
    project = create_project(out, name=f"schema v{SCHEMA_VERSION} sample")
    import_paths(project, [tmp / "v1样例.pdf"], ocr="off")
    with project.session() as s:
        pg = s.query(Page).one()
        for r in list(pg.regions):  # keep the saved file independent of the proposer's output
            s.delete(r)
        s.flush()
        fig = Region(page_id=pg.id, kind="figure", source="vector", x0=50, y0=50, x1=250, y1=250)
        cap = Region(
            page_id=pg.id, kind="caption", source="pdf", x0=50, y0=260, x1=120, y1=272, text="图1 联珠纹锦"
        )
        s.add_all([fig, cap])
        s.flush()
        pair = Pair(
            figure_region_id=fig.id,
            caption_region_id=cap.id,
            caption="图1 联珠纹锦",
            caption_zh="联珠纹锦",
            caption_en="Pearl roundel silk",
            confidence=0.9,
            reason="label 图1 below figure",
            status="accepted",
            split="train",
            curator="测试员",
            curator_edited=True,
        )
        s.add(pair)
        s.flush()
        s.add(
            Edit(
                curator="测试员",
                op="set_status",
                entity="pair",
                entity_id=pair.id,
                before={"status": "proposed"},
                after={"status": "accepted"},
            )
        )
        s.add(TextLine(page_id=pg.id, text="图1 联珠纹锦", x0=50, y0=260, x1=120, y1=272, confidence=1.0))
        s.add(ModelVersion(name="tiny-random", arch="tiny", kind="tiny", config={"seed": 0}))
        if SCHEMA_VERSION >= 3:  # schema v3: one curator's review of the pair
            from culti_desktop.core.storage.models import Review

            s.add(
                Review(
                    pair_id=pair.id,
                    curator="测试员",
                    status="accepted",
                    caption="图1 联珠纹锦",
                    x0=50,
                    y0=50,
                    x1=250,
                    y1=250,
                )
            )
    project.set_meta("current_model", "1")
    with project.engine.connect() as con:
        con.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    for suffix in ("-wal", "-shm"):
        Path(str(out) + suffix).unlink(missing_ok=True)
    return out


if __name__ == "__main__":
    print(main())
