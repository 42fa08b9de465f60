"""The English→Chinese projection is fitted by the fine-tuning job and kept with the model version."""

from __future__ import annotations

import json

import numpy as np
import pytest

from culti_desktop.cli.main import main
from culti_desktop.core.ml import projection as pj
from culti_desktop.core.search.textnorm import fold
from culti_desktop.testing import motifs
from culti_desktop.testing.motif_training import add_motif_pairs


@pytest.fixture
def bilingual_project(project):
    from culti_desktop.core.ml.registry import ensure_base_version, use_model

    add_motif_pairs(project, motifs.singles(12, size=32, seed=3), "train")
    use_model(project, ensure_base_version(project, "tiny"))
    path = str(project.path)
    project.close()
    return path


def _json(capsys, *argv) -> dict:
    assert main(list(argv)) == 0
    out = capsys.readouterr().out
    return json.loads(out[out.index("{") :])


def test_culti_train_keeps_a_projection_beside_the_version_and_search_uses_it(
    bilingual_project, capsys, monkeypatch
):
    from culti_desktop.core.ml.registry import checkpoint_abspath, resolve_version
    from culti_desktop.core.search.index_store import IndexState
    from culti_desktop.core.storage import open_project

    monkeypatch.setenv("CULTI_MODEL_DIR", str(pj.Path(bilingual_project).parent / "models"))
    train = ["train", bilingual_project, "--model", "tiny", "--epochs", "1", "--batch", "6"]
    res = _json(capsys, *train, "--device", "cpu", "--precision", "fp32", "--json")
    version = res["version_id"]
    project = open_project(bilingual_project)
    try:
        ckpt = checkpoint_abspath(project, resolve_version(project, version))
        path = pj.projection_path(ckpt)
        assert path.is_file() and path.parent == ckpt.parent
        kept = pj.EnglishProjection.load(path)
        assert kept.pairs_used == 12
    finally:
        project.close()
    idx = _json(capsys, "index", bilingual_project, "--model", str(version), "--json")
    state = IndexState.load(pj.Path(idx["folder"]))
    assert state is not None and state.model_version_id == version
    assert np.array_equal(state.projection.weight, kept.weight)  # loaded, not refitted
    # the index build also stored the caption vocabulary (the first English query needs no scan)
    from culti_desktop.core.search.vocab import VOCAB_FILE

    assert (pj.Path(bilingual_project + ".d") / "cache" / "search" / VOCAB_FILE).is_file()

    # The version's projection was fitted with the fine-tuned weights, not the base model's.
    project = open_project(bilingual_project)
    try:
        from culti_desktop.core.ml.registry import load_encoder

        base = pj.fit_projection(load_encoder(project, "tiny", device="cpu"), pj.bilingual_pairs(project))
        assert base is not None and not np.allclose(base.weight, kept.weight, atol=1e-4)
    finally:
        project.close()


def test_a_version_without_enough_bilingual_pairs_gets_no_file(project, tmp_path):
    from culti_desktop.core.ml.registry import load_encoder

    add_motif_pairs(project, motifs.singles(4, size=32, seed=4), "train")
    ckpt = tmp_path / "v9-tiny.pt"
    stale = pj.projection_path(ckpt)
    stale.write_bytes(b"old")
    assert pj.save_version_projection(project, load_encoder(None, "tiny", device="cpu"), ckpt) is None
    assert not stale.exists()  # an old file would be a projection of other pairs


def test_more_pairs_since_training_are_refitted_at_index_time(project, tmp_path):
    from culti_desktop.core.ml.registry import ensure_base_version, load_encoder
    from culti_desktop.core.search.bilingual import projection_for_version

    add_motif_pairs(project, motifs.singles(10, size=32, seed=5), "train")
    enc = load_encoder(None, "tiny", device="cpu")
    mv = ensure_base_version(project, "tiny")  # no checkpoint: always fitted at index time
    fitted = projection_for_version(project, mv, enc)
    assert fitted is not None and fitted.pairs_used == 10


def test_the_training_side_folding_equals_the_search_side():
    for s in ("紅色圓形", "Ｆｕｌｌ　width", "  繁體 字  "):
        assert pj.fold_zh(s) == fold(s)


def test_saving_is_atomic_and_round_trips(tmp_path):
    p = pj.EnglishProjection(np.eye(4, dtype=np.float32), 9)
    dest = tmp_path / "en_projection.npz"
    p.save(dest)
    assert [f.name for f in tmp_path.iterdir()] == ["en_projection.npz"]
    q = pj.EnglishProjection.load(dest)
    assert q.pairs_used == 9 and np.array_equal(q.weight, p.weight)
