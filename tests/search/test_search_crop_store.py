"""The append-only crop store: chunks, shadowing, tombstones, compaction, bounded flushes."""

import numpy as np

from culti_desktop.core.search import crop_store
from culti_desktop.core.search.crop_store import CropStore


def _vecs(n, k=3, d=4, seed=0):
    return np.random.default_rng(seed).normal(size=(n, k, d)).astype(np.float16)


def _files(folder):
    return sorted(p.name for p in (folder / "crops").glob("chunk-*.npy") if ".labels" not in p.name)


def test_updates_append_chunks_shadow_and_tombstone_without_rewriting(tmp_path):
    store = CropStore.empty(3, 4)
    store.bind(tmp_path)
    a = _vecs(10)
    store.append(np.arange(10), a)
    store.save(tmp_path)
    first = _files(tmp_path)
    assert len(first) == 1
    mtime = (tmp_path / "crops" / first[0]).stat().st_mtime_ns

    loaded = CropStore.load(tmp_path)
    b = _vecs(2, seed=1)
    loaded.bind(tmp_path)
    loaded.append([3, 20], b)  # 3 re-embedded, 20 new
    loaded.remove([5])
    loaded.save(tmp_path)
    assert len(_files(tmp_path)) == 2  # the first chunk is kept as it was
    assert (tmp_path / "crops" / first[0]).stat().st_mtime_ns == mtime

    again = CropStore.load(tmp_path)
    assert len(again) == 10 and 5 not in again and 20 in again
    assert np.array_equal(again.get_half([3, 20]), b)
    assert np.array_equal(again.get_half([0, 9]), a[[0, 9]])
    sims, agree = again.similarities([3, 0], np.ones(4, np.float32), np.ones((2, 4), np.float32))
    assert np.allclose(sims[0], b[0].astype(np.float32).sum(axis=1), atol=1e-2) and agree is not None


def test_a_quarter_dead_compacts_into_one_chunk_and_sweeps_orphans(tmp_path):
    store = CropStore.empty(3, 4)
    store.bind(tmp_path)
    store.append(np.arange(8), _vecs(8))
    store.save(tmp_path)
    (tmp_path / "crops" / "chunk-orphan.npy").write_bytes(b"left by a cancelled update")
    store = CropStore.load(tmp_path)
    store.bind(tmp_path)
    store.remove([0, 1, 2])
    store.append([7], _vecs(1, seed=3))
    store.save(tmp_path)
    assert len(_files(tmp_path)) == 1 and not (tmp_path / "crops" / "chunk-orphan.npy").exists()
    again = CropStore.load(tmp_path)
    assert sorted(again.labels().tolist()) == [3, 4, 5, 6, 7] and again.dead_rows == 0
    assert np.array_equal(again.get_half([7]), _vecs(1, seed=3))


def test_bound_appends_flush_in_bounded_chunks_and_unsaved_chunks_stay_invisible(tmp_path, monkeypatch):
    monkeypatch.setattr(crop_store, "FLUSH_ROWS", 4)
    store = CropStore.empty(3, 4)
    store.bind(tmp_path)
    store.append(np.arange(3), _vecs(3))
    assert _files(tmp_path) == []  # below the flush size: still in memory
    store.append(np.arange(3, 6), _vecs(3, seed=1))
    assert len(_files(tmp_path)) == 1 and store._pending_rows == 0  # flushed: memory is bounded
    assert not (tmp_path / crop_store.JOURNAL).exists()  # not saved: a reader sees no store yet
    store.save(tmp_path)
    assert len(CropStore.load(tmp_path)) == 6


def test_the_first_format_single_file_store_still_loads_and_migrates(tmp_path):
    np.save(tmp_path / "crops.npy", _vecs(4))
    np.save(tmp_path / "crop_labels.npy", np.arange(100, 104))
    store = CropStore.load(tmp_path)
    assert len(store) == 4 and np.array_equal(store.get_half([101]), _vecs(4)[[1]])
    store.save(tmp_path)
    assert not (tmp_path / "crops.npy").exists()
    assert np.array_equal(CropStore.load(tmp_path).get_half([103]), _vecs(4)[[3]])
