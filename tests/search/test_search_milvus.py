"""The Milvus backend behind the VectorIndex interface: the same operations and the same search
results as hnswlib on small indexes, on Milvus Lite (always) and on a real Milvus server when
``CULTI_TEST_MILVUS_URI`` names one (``.ci/run`` starts one with ``.ci/milvus_server``)."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.ann import ScalarFilter, VectorIndex
from culti_desktop.core.search.milvus_crops import MilvusCropStore
from culti_desktop.core.search.milvus_index import (
    MilvusTarget,
    MilvusVectorIndex,
    check_uri,
    filter_expression,
    resolve_token,
)


def _unit(n, dim, seed=0):
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


SERVER_URI = os.environ.get("CULTI_TEST_MILVUS_URI", "").rstrip("/")


@pytest.fixture(params=["lite", "server"])
def where(request):
    """None: Milvus Lite beside the project; otherwise the test server's URI."""
    if request.param == "lite":
        return None
    if not SERVER_URI:
        pytest.skip("no Milvus server: set CULTI_TEST_MILVUS_URI (.ci/milvus_server start does)")
    return SERVER_URI


@pytest.fixture
def lite(where, tmp_path):
    """The target of the interface tests (named for Lite, the default; the server when given)."""
    return MilvusTarget(where or str(tmp_path / "side" / "milvus.db"))


def _fresh(target, name, dim, kind):
    """A new collection: a server outlives the test run, so an older run's collection is dropped."""
    ix = MilvusVectorIndex(target, name, dim, kind)
    ix.drop()
    return ix.create()


def _same_up_to_ties(a_labels, a_scores, b_labels, b_scores, tol=1e-4):
    """Same ranking, except that items whose scores tie (within tol) may swap places."""
    assert len(a_labels) == len(b_labels)
    assert np.allclose(a_scores, b_scores, atol=tol)
    for i, (x, y) in enumerate(zip(a_labels, b_labels, strict=True)):
        if x != y:
            tied = {a_labels[j] for j in range(len(a_labels)) if abs(a_scores[j] - a_scores[i]) <= tol}
            assert y in tied, (i, x, y)


def test_add_replace_delete_revive_match_hnswlib(lite, tmp_path):
    v = _unit(300, 16)
    mil = _fresh(lite, "t_ops", 16, "texts")
    hn = VectorIndex(16, 64)
    for ix in (hn, mil):
        ix.add(range(300), v)
        ix.add([7], v[8:9])  # replace: label 7 now holds vector 8
        ix.remove([8])
    assert len(mil) == len(hn) == 299 and 8 not in mil and 7 in mil
    assert np.allclose(mil.vector(7), v[8], atol=1e-6)
    q = _unit(20, 16, seed=1)
    for i in range(len(q)):
        _same_up_to_ties(*(x[0] for x in hn.search(q[i], 10)), *(x[0] for x in mil.search(q[i], 10)))
    labels, scores = mil.search(v[8], 2)
    assert labels[0, 0] == 7 and scores[0, 0] == pytest.approx(1.0, abs=1e-5)
    mil.add([8], v[8:9])  # revive
    assert 8 in mil and sorted(mil.search(v[8], 2)[0][0].tolist()) == [7, 8]
    assert mil.labels.tolist() == list(range(300))
    with pytest.raises(KeyError):
        mil.vectors([12345])
    # A second process-like reopen: the same collection, by name, sees the same content.
    again = MilvusVectorIndex(lite, "t_ops", 16, "texts")
    assert len(again) == 300


def test_allowed_and_scalar_filters(lite):
    v = _unit(60, 8, seed=2)
    mil = _fresh(lite, "t_filters", 8, "images")
    meta = [
        {
            "document": i % 3,
            "statuses": ["accepted" if i % 2 else "proposed"],
            "splits": ["train"] if i % 4 == 1 else [],
            "combos": [("accepted" if i % 2 else "proposed") + ("|train" if i % 4 == 1 else "|")],
        }
        for i in range(60)
    ]
    mil.add(range(60), v, meta=meta)
    labels, _ = mil.search(v[3], 5, allowed=[10, 11, 3])
    assert sorted(labels[0].tolist()) == [3, 10, 11] and labels[0, 0] == 3
    got = mil.search(v[3], 60, where=ScalarFilter(documents=[1]))[0][0].tolist()
    assert sorted(got) == [i for i in range(60) if i % 3 == 1]
    got = mil.search(v[3], 60, where=ScalarFilter(statuses=["accepted"], splits=["train"]))[0][0].tolist()
    assert sorted(got) == [i for i in range(60) if i % 4 == 1]
    mil.set_meta([0], [{"document": 9, "statuses": ["accepted"], "splits": [], "combos": ["accepted|"]}])
    assert mil.search(v[0], 5, where=ScalarFilter(documents=[9]))[0][0].tolist() == [0]
    assert np.allclose(mil.vector(0), v[0], atol=1e-6)  # the vector survives a metadata update
    assert mil.search(v[0], 5, allowed=[])[0].shape == (1, 0)
    with pytest.raises(CultiError):
        filter_expression("texts", ScalarFilter(statuses=["x' or 1==1"]), None)


def test_crop_store_fetches_a_figures_crops_by_figure_id(lite):
    k, dim = 5, 8
    store = MilvusCropStore(_fresh(lite, "t_crops", dim, "crops"), k)
    crops = _unit(4 * k, dim, seed=3).reshape(4, k, dim)
    store.updated([10, 11, 12, 13], crops)
    got = store.get([12, 10])
    assert np.allclose(got, crops[[2, 0]].astype(np.float16).astype(np.float32))
    sims, agree = store.similarities([11], crops[1, 0], global_vecs=crops[1, :1])
    assert sims.shape == (1, k) and sims[0, 0] == pytest.approx(1.0, abs=2e-3) and agree.shape == (1, k)
    q = crops[2, 1]
    sims, none = store.similarities([12, 11, 12], q)  # Milvus' own scores of the candidates' crops
    want = crops[[2, 1, 2]].astype(np.float16).astype(np.float32) @ q
    assert none is None and np.allclose(sims, want, atol=1e-5)
    store.updated([11], crops[3:4], remove=[10])
    assert 10 not in store and 11 in store
    assert np.allclose(store.get([11]), crops[3:4].astype(np.float16).astype(np.float32))


def test_tokens_come_from_the_environment_never_the_uri(monkeypatch):
    monkeypatch.setenv("MY_MILVUS_TOKEN", "root:secret")
    assert resolve_token("http://milvus.example:19530", "MY_MILVUS_TOKEN") == "root:secret"
    with pytest.raises(CultiError, match="credentials"):
        check_uri("http://root:secret@milvus.example:19530")
    assert check_uri("http://milvus.example:19530")


# -- the whole search on both backends --------------------------------------------------------
def _pattern(seed: int):
    from PIL import Image

    rng = np.random.default_rng(seed)
    cells = rng.integers(0, 255, size=(4, 4, 3), dtype=np.uint8)
    return Image.fromarray(np.kron(cells, np.ones((12, 12, 1), np.uint8)))


STATUSES = ["accepted", "proposed", "accepted", "proposed", "accepted", "accepted"]
SPLITS = ["train", "test", None, "train", "test", "train"]


@pytest.fixture
def both(project, add_pair, tiny_encoder, where):
    """12 pairs (2 documents per filename group, mixed status/split) indexed on both backends."""
    from culti_desktop.core.search.backends import BackendSpec
    from culti_desktop.core.search.indexer import update_index

    ids = [
        add_pair(
            _pattern(i),
            f"纹样{i}号织物",
            f"pattern {i}",
            status=STATUSES[i % 6],
            split=SPLITS[i % 6],
            filename=f"doc{i}.png",
        )
        for i in range(12)
    ]
    update_index(project, tiny_encoder)
    update_index(project, tiny_encoder, backend=BackendSpec("milvus", uri=where))
    return ids


def _hn_mv(where=None):
    from culti_desktop.core.search.backends import BackendSpec

    return BackendSpec("hnswlib"), BackendSpec("milvus", uri=where)


def _assert_same(project, encoder, query, where=None):
    from dataclasses import replace

    from culti_desktop.core.search.engine import search

    hn, mv = _hn_mv(where)
    a = search(project, replace(query), encoder=encoder, backend=hn)
    b = search(project, replace(query), encoder=encoder, backend=mv)
    assert a.query["backend"] == "hnswlib" and b.query["backend"] == "milvus"
    assert a.results, "the query should find something"
    _same_up_to_ties(
        [r.pair_id for r in a.results],
        np.array([r.score for r in a.results]),
        [r.pair_id for r in b.results],
        np.array([r.score for r in b.results]),
    )
    for x, y in zip(a.results, b.results, strict=True):
        if x.pair_id == y.pair_id:
            assert x.local_score == pytest.approx(y.local_score, abs=1e-4)
            assert [m.box for m in x.regions] == [m.box for m in y.regions]
    return a, b


def test_search_results_are_the_same_on_both_backends(project, both, tiny_encoder, where):
    from culti_desktop.core.search.engine import SearchQuery
    from culti_desktop.core.search.laclip import LaclipConfig

    img = _pattern(4)
    for q in (
        SearchQuery(text="纹样4号织物", k=5),
        SearchQuery(text="纹样4号织物", k=5, laclip=False),
        SearchQuery(text="纹样4号织物", k=5, laclip_config=LaclipConfig(variant="weighted")),
        SearchQuery(image=img, k=5),
        SearchQuery(image=img, target="text", k=5),
        SearchQuery(image=img, box=(0, 0, 30, 30), k=5),
        SearchQuery(text="织物", k=12, statuses=["accepted"]),
        SearchQuery(text="织物", k=12, splits=["train"]),
        SearchQuery(text="织物", k=12, statuses=["proposed"], splits=["train"]),
        SearchQuery(image=img, target="text", k=12, splits=["test"]),
    ):
        _assert_same(project, tiny_encoder, q, where)
    a, _ = _assert_same(project, tiny_encoder, SearchQuery(text="织物", k=12, documents=[3, 5]), where)
    assert {r.document_id for r in a.results} == {3, 5}


def test_incremental_update_and_filters_stay_in_step(project, both, add_pair, tiny_encoder, where):
    from culti_desktop.core.search.backends import project_backend
    from culti_desktop.core.search.engine import SearchQuery, search
    from culti_desktop.core.search.indexer import index_status, update_index
    from culti_desktop.core.storage.models import Pair

    hn, mv = _hn_mv(where)
    assert project_backend(project).name == "milvus"  # the last explicit choice is the project's
    assert search(project, SearchQuery(text="织物"), encoder=tiny_encoder).query["backend"] == "milvus"
    (p0, _), (p1, r1), (p2, r2) = both[:3]
    with project.session() as s:
        s.get(Pair, p0).caption_zh = "红色丝绸"  # edited caption
        s.get(Pair, p1).status = "rejected"  # leaves the index
        s.get(Pair, p2).status = "proposed"  # only a filter field changes
    add_pair(_pattern(40), "新纹样", status="accepted", split="train", filename="new.png")
    st = index_status(project, tiny_encoder.model_version_id, mv)
    assert st["stale"] and any("Milvus filters" in r for r in st["reasons"])
    for spec in (hn, mv):
        summary = update_index(project, tiny_encoder, backend=spec)
        assert summary["figures_embedded"] == 1 and summary["captions_embedded"] == 2
        assert summary["removed"] == {"figures": 1, "captions": 1}
        assert index_status(project, tiny_encoder.model_version_id, spec)["stale"] is False
    for q in (
        SearchQuery(text="红色丝绸", k=13),
        SearchQuery(text="织物", k=13, statuses=["proposed"]),
        SearchQuery(image=_pattern(2), target="text", k=13, statuses=["proposed"]),
    ):
        a, b = _assert_same(project, tiny_encoder, q, where)
        assert p1 not in [r.pair_id for r in b.results]
    proposed = search(
        project, SearchQuery(text="织物", k=13, statuses=["proposed"]), encoder=tiny_encoder, backend=mv
    )
    assert p2 in [r.pair_id for r in proposed.results]


def test_full_rebuild_replaces_the_collections(project, both, tiny_encoder, where):
    from culti_desktop.core.search.backends import BackendSpec, build_dir, connection_uri
    from culti_desktop.core.search.index_store import IndexState
    from culti_desktop.core.search.indexer import update_index
    from culti_desktop.core.search.milvus_index import client_for

    spec = BackendSpec("milvus", uri=where)
    folder = build_dir(project, tiny_encoder.model_version_id, spec)
    before = IndexState.load(folder).manifest["backend"]["collections"]
    assert before["images"].startswith("culti_")
    update_index(project, tiny_encoder, full=True, backend=spec)
    after = IndexState.load(folder).manifest["backend"]
    # Lite: stored relative to the side folder; a server: its URL; never a token
    assert after["uri"] == (where or "side:index/milvus.db")
    assert set(after["collections"].values()).isdisjoint(before.values())
    names = set(client_for(connection_uri(project, spec)).list_collections())
    assert set(after["collections"].values()) <= names and not (set(before.values()) & names)


def test_cli_index_and_search_pick_the_backend(project, add_pair, capsys, monkeypatch, where):
    import json

    from culti_desktop.cli.main import main
    from culti_desktop.core.ml.registry import ensure_base_version, use_model

    for i in range(3):
        add_pair(_pattern(i), f"纹样{i}号", filename=f"d{i}.png")
    use_model(project, ensure_base_version(project, "tiny"))
    path = str(project.path)
    project.close()

    def run(*argv):
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    uri = ["--uri", where] if where else []
    code, out, _ = run("index", path, "--backend", "milvus", *uri, "--json", "--device", "cpu")
    assert code == 0 and json.loads(out)["backend"] == "milvus" and json.loads(out)["figures"] == 3
    code, out, _ = run("search", path, "--text", "纹样1号", "--json")  # the project's backend
    assert code == 0 and json.loads(out)["query"]["backend"] == "milvus"
    # --backend milvus alone means the project's own Milvus (its server, when it has one)
    code, out, _ = run("search", path, "--text", "纹样1号", "--json", "--backend", "milvus")
    assert code == 0 and json.loads(out)["query"]["backend"] == "milvus" and json.loads(out)["results"]
    code, _, err = run("search", path, "--text", "纹样1号", "--backend", "hnswlib")
    assert code != 0 and "culti index" in err  # no hnswlib build yet
    assert run("index", path, "--backend", "hnswlib", "--json", "--device", "cpu")[0] == 0
    one = json.loads(run("search", path, "--text", "纹样1号", "--json", "--backend", "milvus", *uri)[1])
    other = json.loads(run("search", path, "--text", "纹样1号", "--json")[1])
    assert other["query"]["backend"] == "hnswlib"  # the last explicit choice
    assert [r["pair_id"] for r in one["results"]] == [r["pair_id"] for r in other["results"]]
    code, out, _ = run("index", path, "--status", "--backend", "milvus", *uri, "--json")
    assert code == 0 and json.loads(out)["backend"] == "milvus"
    code, _, err = run("index", path, "--uri", "http://u:p@example.org:19530")
    assert code != 0 and "CULTI_MILVUS_TOKEN" in err and "u:p" not in err


def test_lite_refuses_an_index_it_cannot_build(tmp_path):
    target = MilvusTarget(str(tmp_path / "side" / "milvus.db"), index_type="IVF_PQ")
    with pytest.raises(CultiError, match="no product quantisation"):
        MilvusVectorIndex(target, "t_pq", 8, "texts").create()


@pytest.mark.parametrize("index_type", ["HNSW", "IVF_PQ"])
def test_server_index_types_find_the_neighbours(index_type):
    """On a server the index is built on sealed segments (after a flush); IVF_PQ, which Lite
    lacks, answers approximately: the query's own vector must still come first almost always."""
    if not SERVER_URI:
        pytest.skip("no Milvus server: set CULTI_TEST_MILVUS_URI (.ci/milvus_server start does)")
    params = {"nlist": 16, "m": 8, "nbits": 8} if index_type == "IVF_PQ" else None
    target = MilvusTarget(SERVER_URI, index_type=index_type, params=params)
    v = _unit(3000, 32, seed=5)
    mil = _fresh(target, f"t_server_{index_type.lower()}", 32, "texts")
    mil.add(
        range(3000), v, meta=[{"document": i % 4, "status": "accepted", "split": ""} for i in range(3000)]
    )
    client = mil._client
    client.flush(mil.collection)
    for _ in range(300):
        info = client.describe_index(mil.collection, "vec")
        if int(info.get("pending_index_rows", 0) or 0) == 0 and int(info.get("indexed_rows", 0)) >= 3000:
            break
        time.sleep(1)
    else:
        pytest.fail(f"{index_type}: the server did not index 3000 rows: {info}")
    assert str(info.get("index_type")) == index_type
    exact_top = np.argsort(-(v[:100] @ v.T), axis=1)[:, :10]
    found = mil.search(v[:100], 10, ef=200)[0]
    own_first = float(np.mean(found[:, 0] == np.arange(100)))
    recall = np.mean(
        [len(set(a) & set(b)) / 10 for a, b in zip(found.tolist(), exact_top.tolist(), strict=True)]
    )
    assert own_first >= (0.99 if index_type == "HNSW" else 0.9), own_first
    assert recall >= (0.95 if index_type == "HNSW" else 0.3), recall
    got = mil.search(v[7], 50, where=ScalarFilter(documents=[3]))[0][0]
    assert len(got) == 50 and all(int(x) % 4 == 3 for x in got)
    mil.drop()
