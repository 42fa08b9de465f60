"""Crop–image agreements stored at index time score exactly as the ones computed at query time."""

import json

import numpy as np
import pytest

from culti_desktop.core.search import index_store
from culti_desktop.core.search.crop_store import LEGACY, CropStore
from culti_desktop.core.search.engine import SearchQuery, search
from culti_desktop.core.search.index_store import IndexState, index_dir
from culti_desktop.core.search.indexer import update_index
from culti_desktop.core.search.laclip import LaclipConfig
from culti_desktop.testing import motifs


def _scores(project, encoder, queries, cfg):
    index_store._CACHE.clear()
    out = []
    for text in queries:
        resp = search(project, SearchQuery(text=text, k=10, laclip_config=cfg), encoder=encoder)
        out.append([(r.region_id, r.score) for r in resp.results])
    return out


def _strip_agreements(folder):
    """The index as an older build wrote it: chunk files without agreements."""
    path = folder / "crops" / "journal.json"
    journal = json.loads(path.read_text("utf-8"))
    for c in journal["chunks"]:
        (folder / c.pop("agree")).unlink()
    path.write_text(json.dumps(journal), "utf-8")


def _to_first_format(folder):
    """The index as the first format wrote it: one crops.npy + crop_labels.npy, no journal."""
    store = CropStore.load(folder)
    labels = store.labels()
    np.save(folder / LEGACY[0], store.get_half(labels))
    np.save(folder / LEGACY[1], labels)
    for p in (folder / "crops").iterdir():
        p.unlink()
    (folder / "crops").rmdir()


@pytest.mark.parametrize("fusion,variant", [("adaptive", "best"), ("zscore", "weighted")])
def test_stored_agreements_score_as_recomputed_and_older_indexes_still_search(
    project, add_pair, tiny_encoder, fusion, variant
):
    items = motifs.singles(8, size=96, seed=4) + motifs.composites(6, 2, cell=64, seed=11)
    for i, it in enumerate(items):
        add_pair(it.image, it.caption_zh, it.caption_en, filename=f"f{i}.png")
    update_index(project, tiny_encoder)
    folder = index_dir(project, tiny_encoder.model_version_id)
    state = IndexState.load(folder)
    labels = state.crops.labels()
    stored = state.crops.stored_agreements(labels)
    assert stored is not None and stored.shape == (len(items), len(state.boxes))
    _, recomputed = state.crops.similarities(labels, np.zeros(state.crops.dim), state.images.vectors(labels))
    assert np.allclose(stored, recomputed, atol=1e-6)

    cfg = LaclipConfig(fusion=fusion, variant=variant)
    queries = sorted({it.caption_zh for it in items})[:6]
    with_stored = _scores(project, tiny_encoder, queries, cfg)
    _strip_agreements(folder)
    index_store._CACHE.clear()
    assert IndexState.load(folder).crops.stored_agreements(labels) is None  # falls back
    older = _scores(project, tiny_encoder, queries, cfg)
    _to_first_format(folder)
    first = _scores(project, tiny_encoder, queries, cfg)
    for a, b, c in zip(with_stored, older, first, strict=True):
        assert [r for r, _ in a] == [r for r, _ in b] == [r for r, _ in c] and len(a) == 10
        assert np.allclose([s for _, s in a], [s for _, s in b], atol=1e-5)
        assert np.allclose([s for _, s in a], [s for _, s in c], atol=1e-5)


def test_agreements_survive_updates_and_compaction(tmp_path):
    rng = np.random.default_rng(0)
    crops = rng.normal(size=(8, 3, 4)).astype(np.float16)
    g = rng.normal(size=(8, 4)).astype(np.float32)
    store = CropStore.empty(3, 4)
    store.bind(tmp_path)
    store.append(range(8), crops, global_vecs=g)
    store.save(tmp_path)
    store = CropStore.load(tmp_path)
    store.remove([0, 1, 2])
    store.append([3], crops[4:5], global_vecs=g[4:5])  # re-embedded: the new row's agreements
    store.save(tmp_path)  # 4 of 9 rows dead: compacts
    store = CropStore.load(tmp_path)
    assert len(store.chunks) == 1 and sorted(store.labels().tolist()) == [3, 4, 5, 6, 7]
    expect = np.einsum("nkd,nd->nk", crops.astype(np.float32), g)
    got = store.stored_agreements([3, 5, 7])
    assert np.allclose(got, expect[[4, 5, 7]], atol=1e-5)
    store.append([9], crops[:1])  # appended without global vectors: none stored for it
    assert store.stored_agreements([9, 3]) is None and store.stored_agreements([3]) is not None
    store.remove([5, 6, 7])
    store.save(tmp_path)  # compacts a mixed store: the rows that had agreements keep them
    store = CropStore.load(tmp_path)
    assert len(store.chunks) == 1 and store.stored_agreements([9]) is None
    assert np.allclose(store.stored_agreements([3, 4]), expect[[4, 4]], atol=1e-5)
