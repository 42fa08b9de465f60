"""Read models for the GUI (core.views) and the process's one shared encoder, on a real project."""

from __future__ import annotations

import threading

from culti_desktop.core.views.documents import document_choices, document_rows
from culti_desktop.core.views.pages import page_items, page_size, region_place
from culti_desktop.core.views.pairs import locate_pair, pair_detail, pair_of_figure, pairs_of_figures


def _pair_ids(project) -> list[int]:
    from sqlalchemy import select

    from culti_desktop.core.storage.models import Pair

    with project.read_session() as s:
        return list(s.scalars(select(Pair.id).order_by(Pair.id)))


def test_document_rows_count_pairs_per_page(curated_project):
    p = curated_project
    rows = document_rows(p)
    assert len(rows) == 1 and [pg.index for pg in rows[0].pages] == [0, 1]
    assert [pg.pairs for pg in rows[0].pages] == [1, 1] and rows[0].pairs == 2
    assert document_choices(p) == [(rows[0].id, rows[0].filename)]


def test_page_items_and_pair_lookups_agree(curated_project):
    p, pair_ids = curated_project, _pair_ids(curated_project)
    where = locate_pair(p, pair_ids[0])
    assert where is not None
    regions, lines = page_items(p, where.page_id)
    figure = next(r for r in regions if r.id == where.figure_region_id)
    assert figure.kind == "figure" and figure.status == "proposed" and figure.box == (50, 60, 350, 300)
    assert [ln.text for ln in lines] == ["Body text line"]
    assert page_size(p, where.page_id) == (400, 600)
    place = region_place(p, figure.id)
    assert place is not None and place.page_id == where.page_id and place.page_size == (400, 600)
    assert pair_of_figure(p, figure.id) == pair_ids[0]
    assert pairs_of_figures(p, [figure.id]) == {pair_ids[0]} and pairs_of_figures(p, []) == set()
    assert locate_pair(p, 10**6) is None and page_size(p, 10**6) is None and region_place(p, 10**6) is None


def test_pair_detail_is_a_plain_snapshot(curated_project):
    p, pair_ids = curated_project, _pair_ids(curated_project)
    d = pair_detail(p, pair_ids[0])
    assert d is not None and d.id == pair_ids[0] and d.status == "proposed"
    assert d.caption == "" and d.tags == [] and d.ocr_confidence == 0.97
    assert pair_detail(p, 10**6) is None


def test_one_encoder_per_process_shared_across_threads(curated_project):
    from culti_desktop.core.ml.shared import clear_shared_encoder, shared_encoder

    p = curated_project
    clear_shared_encoder()
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(shared_encoder(p, "tiny"))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(got) == 3 and all(e is got[0] for e in got)  # loaded once, under the lock
    again = shared_encoder(p, got[0].model_version_id)  # the same model named by its version id
    assert again is got[0] or again.model_version_id == got[0].model_version_id
    clear_shared_encoder()
    assert shared_encoder(p, "tiny") is not got[0]  # cleared: loaded afresh
    clear_shared_encoder()
