import numpy as np
import pytest
from sqlalchemy import select

from culti_desktop.core.jobs import Cancelled, Job
from culti_desktop.core.search.index_store import IndexState, index_dir
from culti_desktop.core.search.indexer import index_status, update_index
from culti_desktop.core.storage.models import IndexBuild, Pair, Region

COLOURS = ["red", "green", "blue", "yellow", "purple", "black"]
NAMES = ["红色", "绿色", "蓝色", "黄色", "紫色", "黑色"]


def _fill(add_pair, solid_image, n=4):
    return [add_pair(solid_image(COLOURS[i]), f"{NAMES[i]}织物", f"{COLOURS[i]} textile") for i in range(n)]


def test_build_embeds_figures_crops_and_captions(project, add_pair, solid_image, tiny_encoder):
    ids = _fill(add_pair, solid_image)
    summary = update_index(project, tiny_encoder)
    assert summary["figures_embedded"] == 4 and summary["captions_embedded"] == 4 and not summary["failed"]
    state = IndexState.load(index_dir(project, tiny_encoder.model_version_id))
    assert len(state.images) == 4 and len(state.texts) == 4
    assert state.crops.shape == (4, len(state.boxes), tiny_encoder.embed_dim)
    # The stored global vector is the figure crop's, not the page's.
    rid = ids[2][1]
    with project.read_session() as s:
        from culti_desktop.core.storage.figures import figure_image

        fig = figure_image(s, s.get(Region, rid), max_side=192)
    assert fig.size == (48, 40)
    assert np.allclose(state.images.vector(rid), tiny_encoder.encode_images([fig])[0], atol=1e-4)
    with project.read_session() as s:
        build = s.scalars(select(IndexBuild)).one()
        assert build.state == "ready" and build.item_count == 4
        assert build.model_version_id == tiny_encoder.model_version_id
    assert index_status(project, tiny_encoder.model_version_id)["stale"] is False


def test_incremental_update_touches_only_what_changed(project, add_pair, solid_image, tiny_encoder):
    ids = _fill(add_pair, solid_image)
    update_index(project, tiny_encoder)
    (p0, r0), (p1, r1), (p2, r2), _ = ids
    new_pid, new_rid = add_pair(solid_image("white"), "白色织物")
    with project.session() as s:
        s.get(Pair, p0).caption_zh = "红色丝绸"  # edited caption: only its text vector
        s.get(Region, r1).x1 -= 8  # edited box: only that figure
        s.get(Pair, p2).status = "rejected"  # rejected: leaves the index
    st = index_status(project, tiny_encoder.model_version_id)
    assert st["stale"] is True
    assert st["changes"]["regions_new"] == 1 and st["changes"]["regions_changed"] == 1
    assert st["changes"]["pairs_changed"] == 1 and st["changes"]["pairs_deleted"] == 1
    summary = update_index(project, tiny_encoder)
    assert summary["figures_embedded"] == 2  # the new one and the resized one
    assert summary["captions_embedded"] == 2  # the new one and the edited one
    assert summary["removed"] == {"figures": 1, "captions": 1}
    state = IndexState.load(index_dir(project, tiny_encoder.model_version_id))
    assert r2 not in state.images and p2 not in state.texts and new_rid in state.images
    assert np.allclose(state.texts.vector(p0), tiny_encoder.encode_texts(["红色丝绸"])[0], atol=1e-4)
    assert state.crops.get([new_rid]).shape[0] == 1 and r2 not in state.crops
    assert index_status(project, tiny_encoder.model_version_id)["stale"] is False


def test_model_change_is_reported_stale_and_cancel_keeps_old_index(
    project, add_pair, solid_image, tiny_encoder
):
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder, use_model

    _fill(add_pair, solid_image)
    update_index(project, tiny_encoder)
    use_model(project, tiny_encoder.model_version_id)
    assert index_status(project)["stale"] is False
    other = ensure_base_version(project, "tiny", seed=1)
    use_model(project, other)
    st = index_status(project)
    assert st["stale"] is True and any("current model" in r for r in st["reasons"]) or not st["exists"]
    enc2 = load_encoder(project, other, device="cpu")
    job = Job(on_progress=lambda p: job.cancel())
    with pytest.raises(Cancelled):
        update_index(project, enc2, job)
    assert IndexState.load(index_dir(project, other)) is None  # nothing half-written
    assert IndexState.load(index_dir(project, tiny_encoder.model_version_id)) is not None
    update_index(project, enc2)
    assert index_status(project)["stale"] is False


def test_unrenderable_figure_is_reported_and_the_rest_indexed(project, add_pair, solid_image, tiny_encoder):
    ids = _fill(add_pair, solid_image, 3)
    with project.session() as s:
        r = s.get(Region, ids[1][1])
        r.bbox = (5000, 5000, 6000, 6000)  # outside its page: empty box
    summary = update_index(project, tiny_encoder)
    assert list(summary["failed"]) == [str(ids[1][1])] and summary["figures"] == 2


def test_figure_deleted_during_the_update_is_dropped_not_a_crash(
    project, add_pair, solid_image, tiny_encoder
):
    """A curator deleting a figure while the index updates (after its fingerprints were read)
    used to end the whole update with AttributeError on the missing Region."""
    from sqlalchemy import text

    ids = _fill(add_pair, solid_image, 3)
    pid, rid = ids[1]

    def delete_once(p):
        if p.message == "indexing figures" and p.done == 0 and not deleted:
            deleted.append(rid)
            with project.session() as s:
                s.execute(text("DELETE FROM pairs WHERE id = :p"), {"p": pid})
                s.execute(text("DELETE FROM regions WHERE id = :r"), {"r": rid})

    deleted: list[int] = []
    summary = update_index(project, tiny_encoder, Job(on_progress=delete_once))
    assert deleted == [rid]
    assert not summary["failed"] and summary["figures"] == 2 and summary["figures_embedded"] == 2
    state = IndexState.load(index_dir(project, tiny_encoder.model_version_id))
    assert rid not in state.images and rid not in state.crops
    assert str(rid) not in state.manifest["regions"]


def test_search_warns_when_pairs_changed_after_the_build(
    project, add_pair, solid_image, tiny_encoder, monkeypatch
):
    from culti_desktop.core.search import engine
    from culti_desktop.core.search.engine import SearchQuery, search

    monkeypatch.setattr(engine, "HINT_SECONDS", 0.0)  # the hint is cached 5 s between queries by design

    ids = _fill(add_pair, solid_image, 3)
    update_index(project, tiny_encoder)
    assert search(project, SearchQuery(text="红色"), encoder=tiny_encoder).warnings == []
    with project.session() as s:
        s.get(Pair, ids[0][0]).caption_zh = "蓝色丝绸"
    warn = search(project, SearchQuery(text="红色"), encoder=tiny_encoder).warnings
    assert any("changed since" in w for w in warn)
    update_index(project, tiny_encoder)
    with project.session() as s:
        s.delete(s.get(Pair, ids[1][0]))
    assert search(project, SearchQuery(text="红色"), encoder=tiny_encoder).warnings
