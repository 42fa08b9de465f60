"""Edit operations against a real SQLite project: each applies, logs, and undoes exactly."""

from __future__ import annotations

from sqlalchemy import select

from culti_desktop.core.curation import edits
from culti_desktop.core.storage.models import Edit, Pair, Region, TextLine


def _pair(project, pid):
    with project.read_session() as s:
        return s.get(Pair, pid)


def _pair_ids(project):
    with project.read_session() as s:
        return list(s.scalars(select(Pair.id).order_by(Pair.id)))


def _region(project, rid):
    with project.read_session() as s:
        return s.get(Region, rid)


def test_set_fields_logs_curator_and_undoes(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    inv = edits.set_pair_fields(p, pid, "王老师", caption_zh="团花纹锦", status="accepted")
    after = _pair(p, pid)
    assert (after.caption_zh, after.status, after.curator) == ("团花纹锦", "accepted", "王老师")
    assert after.reviewed_at is not None and after.curator_edited
    with p.read_session() as s:
        log = s.scalars(select(Edit).where(Edit.entity == "pair", Edit.entity_id == pid)).all()
    assert log[-1].curator == "王老师"
    assert log[-1].before == {"caption_zh": "", "status": "proposed"}
    assert log[-1].after == {"caption_zh": "团花纹锦", "status": "accepted"}

    redo = edits.apply(p, inv, "王老师", via="undo")
    back = _pair(p, pid)
    assert (back.caption_zh, back.status, back.reviewed_at, back.curator_edited) == (
        "",
        "proposed",
        None,
        False,
    )
    edits.apply(p, redo, "王老师", via="redo")
    assert _pair(p, pid).caption_zh == "团花纹锦"


def test_invalid_values_change_nothing(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    n_edits = p.count(Edit)
    for bad in ({"status": "maybe"}, {"split": "dev"}, {"confidence": 1.0}):
        try:
            edits.set_pair_fields(p, pid, "a", **bad)
        except edits.EditError:
            pass
        else:
            raise AssertionError(f"accepted {bad}")
    assert _pair(p, pid).status == "proposed"
    assert p.count(Edit) == n_edits


def test_move_resize_and_undo(curated_project):
    p = curated_project
    rid = _pair(p, _pair_ids(p)[0]).figure_region_id
    old = _region(p, rid).bbox
    inv = edits.move_region(p, rid, 10, -5, "a")
    assert _region(p, rid).bbox == (old[0] + 10, old[1] - 5, old[2] + 10, old[3] - 5)
    edits.apply(p, inv)
    assert _region(p, rid).bbox == old
    edits.resize_region(p, rid, (300, 200, 40, 20), "a")  # corners given in any order
    assert _region(p, rid).bbox == (40, 20, 300, 200)


def test_create_and_delete_region_round_trip(curated_project):
    p = curated_project
    page_id = _region(p, _pair(p, _pair_ids(p)[0]).figure_region_id).page_id
    applied = edits.create_region(p, page_id, (10, 10, 80, 90), "figure", "b")
    new_rid, new_pid = applied.created["region_id"], applied.created["pair_id"]
    assert _region(p, new_rid).source == "curator"
    assert _pair(p, new_pid).status == "needs_review"
    redo = edits.apply(p, applied.inverse)  # undo creation
    assert _region(p, new_rid) is None and _pair(p, new_pid) is None
    edits.apply(p, redo)
    assert _region(p, new_rid).bbox == (10, 10, 80, 90)


def test_delete_restores_pairs_and_links_with_same_ids(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    edits.set_pair_fields(p, pid, "c", caption_en="Silk", tags=["锦", "silk"], status="accepted")
    before = _pair(p, pid)
    fig, cap = before.figure_region_id, before.caption_region_id
    inv_cap = edits.delete_region(p, cap, "c")
    assert _pair(p, pid).caption_region_id is None
    inv_fig = edits.delete_region(p, fig, "c")
    assert _pair(p, pid) is None
    edits.apply(p, inv_fig)
    edits.apply(p, inv_cap)
    after = _pair(p, pid)
    assert (after.figure_region_id, after.caption_region_id) == (fig, cap)
    assert (after.caption_en, after.tags, after.status) == ("Silk", ["锦", "silk"], "accepted")
    assert after.reviewed_at == before.reviewed_at


def test_link_to_text_line_creates_caption_and_undoes(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    with p.read_session() as s:
        line = s.scalars(select(TextLine)).first()
    n_regions = p.count(Region)
    applied = edits.link_caption(p, pid, text_line_id=line.id, curator="d")
    pair = _pair(p, pid)
    assert pair.caption == line.text and pair.caption_en == line.text
    assert _region(p, pair.caption_region_id).bbox == line.bbox
    assert p.count(Region) == n_regions + 1
    edits.apply(p, applied.inverse)
    assert p.count(Region) == n_regions
    assert _pair(p, pid).caption == ""


def test_link_caption_region_splits_languages(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    cap = _pair(p, pid).caption_region_id
    edits.link_caption(p, pid, caption_region_id=cap, curator="d")
    pair = _pair(p, pid)
    assert pair.caption_zh.startswith("图1") and pair.caption_en.startswith("Fig. 1")


def test_split_then_merge_and_undo_both(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    rid = _pair(p, pid).figure_region_id
    box = _region(p, rid).bbox
    n_pairs = p.count(Pair)
    split = edits.split_figure(p, rid, curator="e")
    other = split.created["region_id"]
    a, b = _region(p, rid).bbox, _region(p, other).bbox
    assert a[2] == b[0] and (a[0], b[2]) == (box[0], box[2])  # wider than tall: a vertical cut
    assert p.count(Pair) == n_pairs + 1
    inv_merge = edits.merge_figures(p, rid, other, "e")
    assert _region(p, rid).bbox == box and _region(p, other) is None
    edits.apply(p, inv_merge)
    assert _region(p, other).bbox == b
    edits.apply(p, split.inverse)
    assert _region(p, rid).bbox == box and _region(p, other) is None
    assert p.count(Pair) == n_pairs


def test_split_bilingual():
    assert edits.split_bilingual("图3 莲花纹\nFig. 3 Lotus") == ("图3 莲花纹", "Fig. 3 Lotus")
    assert edits.split_bilingual("Plate 4") == ("", "Plate 4")


def test_link_paragraph_lines_as_one_caption(curated_project):
    p = curated_project
    pid = _pair_ids(p)[0]
    with p.read_session() as s:
        page_id = s.get(Region, _pair(p, pid).figure_region_id).page_id
    with p.session() as s:
        extra = TextLine(page_id=page_id, text="second line", confidence=0.9)
        extra.bbox = (50, 366, 120, 378)
        s.add(extra)
    with p.read_session() as s:
        ids = list(s.scalars(select(TextLine.id).where(TextLine.page_id == page_id).order_by(TextLine.y0)))
    applied = edits.link_caption(p, pid, text_line_ids=ids, curator="d")
    region = _region(p, _pair(p, pid).caption_region_id)
    assert region.bbox == (50, 350, 150, 378)
    assert _pair(p, pid).caption == "Body text line\nsecond line"
    edits.apply(p, applied.inverse)
    assert _region(p, region.id) is None
