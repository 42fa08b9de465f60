import numpy as np
import pytest

from culti_desktop.core.search.ann import VectorIndex, exact_search
from culti_desktop.core.search.fusion import reciprocal_rank_fusion


def _clustered(n, dim, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, dim))
    v = centres[rng.integers(0, 20, n)] + 0.5 * rng.normal(size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def test_hnsw_recall_against_exact_search():
    v = _clustered(5000, 32)
    idx = VectorIndex(32, 256)  # grows past its initial capacity
    idx.add(np.arange(5000) + 100, v)
    q = _clustered(50, 32, seed=1)
    ann, _ = idx.search(q, 10, exact=False)
    ex, _ = exact_search(q, v, 10)
    recall = np.mean([len(set(a) & set(e + 100)) / 10 for a, e in zip(ann, ex)])
    assert recall >= 0.95


def test_replace_delete_revive_and_persist(tmp_path):
    v = _clustered(300, 16)
    idx = VectorIndex(16, 64)
    idx.add(range(300), v)
    assert idx.search(v[7], 1)[0][0, 0] == 7
    idx.add([7], v[8:9])  # replace: label 7 now has vector 8
    assert np.allclose(idx.vector(7), v[8], atol=1e-6)
    idx.remove([8])
    labels, scores = idx.search(v[8], 1)
    assert labels[0, 0] == 7 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert 8 not in idx and len(idx) == 299
    idx.save(tmp_path / "ix")
    again = VectorIndex.load(tmp_path / "ix")
    assert len(again) == 299 and 8 not in again
    assert again.search(v[8], 1, exact=False)[0][0, 0] == 7
    again.add([8], v[8:9])  # revive a deleted label
    assert again.search(v[8], 2)[0][0].tolist() in ([7, 8], [8, 7])


def test_filters_and_small_indexes():
    v = _clustered(50, 8)
    idx = VectorIndex(8)
    idx.add(range(50), v)
    labels, _ = idx.search(v[3], 5, allowed=[10, 11, 3])
    assert sorted(labels[0].tolist()) == [3, 10, 11] and labels[0, 0] == 3
    assert idx.search(v[3], 100)[0].shape == (1, 50)
    empty = VectorIndex(8)
    assert empty.search(v[0], 5)[0].shape == (1, 0)


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["c", "b", "d"]])
    order = [x for x, _ in fused]
    assert order[0] == "b" or order[0] == "c"
    assert order.index("b") < order.index("a") and order.index("c") < order.index("d")
    assert fused[0][1] == pytest.approx(max(1 / 62 + 1 / 62, 1 / 63 + 1 / 61))


def test_index_keeps_the_parameters_it_was_built_with(tmp_path):
    """Changing VectorIndex's defaults must not change (or break) indexes saved before."""
    v = _clustered(3000, 16)
    old = VectorIndex(16, 64, m=16, ef_construction=100, ef_search=200)
    old.add(range(3000), v)
    old.save(tmp_path / "old")
    again = VectorIndex.load(tmp_path / "old")
    assert (again.m, again.ef_construction, again.ef_search) == (16, 100, 200)
    assert again.search(v[5], 1, exact=False)[0][0, 0] == 5
    fresh = VectorIndex(16)
    assert (fresh.m, fresh.ef_construction, fresh.ef_search) != (16, 100, 200)


def test_a_wider_search_per_query_finds_more_of_the_exact_neighbours():
    """``ef`` per query: a narrow graph search misses neighbours on hard data, a wide one finds them."""
    rng = np.random.default_rng(3)
    v = rng.normal(size=(4000, 64)).astype(np.float32)  # isotropic: the hard case for a graph index
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    idx = VectorIndex(64, 4000, m=8, ef_construction=32, ef_search=10)
    idx.add(np.arange(4000), v)
    q = v[:40] + 0.05 * rng.normal(size=(40, 64)).astype(np.float32)
    ex, _ = exact_search(q, v, 10)

    def recall(ef):
        ann, _ = idx.search(q, 10, exact=False, ef=ef)
        return np.mean([len(set(a) & set(e)) / 10 for a, e in zip(ann, ex)])

    narrow, wide = recall(None), recall(400)
    assert wide > narrow + 0.1, (narrow, wide)
    assert wide >= 0.95
