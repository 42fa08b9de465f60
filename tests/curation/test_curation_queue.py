"""Review queue ordering/filters, counters, dashboard stats, save-a-copy and page renders."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from culti_desktop.core.curation import backup, edits, render_cache, stats
from culti_desktop.core.curation.queue import QueueFilter, counters, list_queue
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage import open_project
from culti_desktop.core.storage.models import Page, Pair


def test_queue_lowest_confidence_first_and_filters(curated_project):
    p = curated_project
    rows = list_queue(p)
    assert [r.confidence for r in rows] == sorted(r.confidence for r in rows)
    low = rows[0]
    edits.set_pair_fields(p, low.pair_id, "f", status="accepted", caption_zh="宝相花")
    assert [r.pair_id for r in list_queue(p, QueueFilter(statuses=("accepted",)))] == [low.pair_id]
    assert [r.pair_id for r in list_queue(p, QueueFilter(text="宝相"))] == [low.pair_id]
    assert all(r.confidence >= 0.5 for r in list_queue(p, QueueFilter(min_confidence=0.5)))
    assert len(list_queue(p, QueueFilter(min_confidence=0.5))) == 1
    c = counters(p)
    assert (c.accepted, c.rejected, c.left, c.total) == (1, 0, 1, 2)


def test_dashboard_counts_per_document_and_curator(curated_project):
    p = curated_project
    ids = [r.pair_id for r in list_queue(p)]
    edits.set_status(p, ids[0], "accepted", "甲")
    edits.set_status(p, ids[1], "rejected", "乙")
    (doc,) = stats.per_document(p)
    assert (doc.pairs, doc.reviewed, doc.accepted, doc.rejected) == (2, 2, 1, 1)
    by = {c.curator: c for c in stats.per_curator(p)}
    assert (by["甲"].accepted, by["乙"].rejected, by["甲"].edits) == (1, 1, 1)
    t0 = dt.datetime(2026, 1, 1, 10)
    times = [t0, t0 + dt.timedelta(seconds=30), t0 + dt.timedelta(hours=1)]
    assert stats.active_seconds(times) == 30


def test_save_copy_is_a_complete_project(curated_project, tmp_path):
    p = curated_project
    pid = list_queue(p)[0].pair_id
    edits.set_pair_fields(p, pid, "g", caption_en="Phoenix")
    copy = backup.save_copy(p, tmp_path / "备份" / "copy.culti")
    with open_project(copy) as c, c.read_session() as s:
        assert s.get(Pair, pid).caption_en == "Phoenix"
    with pytest.raises(CultiError):
        backup.save_copy(p, copy)


def test_render_cache_is_rebuildable(curated_project):
    p = curated_project
    with p.read_session() as s:
        page = s.scalars(select(Page)).first()
    path = render_cache.render_page(p, page.id)
    assert path.is_file() and render_cache.is_cached(p, page.id)
    first = path.read_bytes()
    path.unlink()
    assert render_cache.render_page(p, page.id).read_bytes() == first
    from PIL import Image

    with Image.open(path) as im:
        assert abs(im.width / im.height - page.width / page.height) < 0.01
    pid = list_queue(p)[0].pair_id
    with p.read_session() as s:
        fig = s.get(Pair, pid).figure_region_id
    crop = render_cache.region_crop(p, fig)
    assert crop.width > 100 and crop.getpixel((crop.width // 2, crop.height // 2))[2] < 200  # the drawn fill
