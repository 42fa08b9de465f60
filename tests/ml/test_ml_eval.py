"""Recall as Chinese-CLIP computes it (any positive in the top K), MR, and the eval JSON shape."""

from __future__ import annotations

import json

import numpy as np
import pytest

from culti_desktop.cli.main import main as culti
from culti_desktop.core.ml.evaluate import evaluate, retrieval_metrics
from culti_desktop.core.ml.registry import load_encoder
from culti_desktop.core.storage.models import ModelVersion


def test_a_text_with_several_positive_images_hits_when_any_is_in_the_top_k():
    # 2 texts, 12 images. Text 0's positives are images 0 and 11; image 11 is ranked first.
    scores = np.tile(np.linspace(1.0, 0.0, 12), (2, 1)).astype(np.float32)
    scores[0, 11] = 2.0
    scores[1] = np.linspace(0.0, 1.0, 12)  # text 1's positive (image 5) ranked 6th
    m = retrieval_metrics(scores, [{0, 11}, {5}])
    assert m["t2i"] == {"r1": 50.0, "r5": 50.0, "r10": 100.0}
    # image→text over the 12 images; only images 0, 11 (text 0) and 5 (text 1) have positives.
    # images 0 and 11 rank text 0 first; image 5 scores text 0 (6/11) above text 1 (5/11).
    assert m["i2t"] == {"r1": 66.67, "r5": 100.0, "r10": 100.0}
    assert m["mr"] == pytest.approx(np.mean(list(m["t2i"].values()) + list(m["i2t"].values())), abs=0.01)


def test_perfect_and_reversed_scores_give_extreme_recalls():
    n = 20
    positives = [{i} for i in range(n)]
    perfect = retrieval_metrics(np.eye(n, dtype=np.float32), positives)
    assert perfect["mr"] == 100.0
    worst = retrieval_metrics(-np.eye(n, dtype=np.float32) + np.arange(n)[None, :] * 1e-3, positives)
    assert worst["t2i"]["r10"] < 100.0 and worst["t2i"]["r1"] == 0.0


def test_eval_json_has_the_issue_shape_and_is_kept_on_the_version(shapes_project, capsys, project_locator):
    path = shapes_project.locator  # the file, and (with CULTI_TEST_PG_URL) a PostgreSQL project
    assert culti(["eval", path, "--model", "tiny", "--split", "test", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"split", "model", "n_images", "n_texts", "global"} <= set(out)
    assert "laclip" not in out
    assert out["split"] == "test" and out["n_images"] == 36 and out["n_texts"] == 18
    for direction in ("t2i", "i2t"):
        assert set(out["global"][direction]) == {"r1", "r5", "r10"}
        r = out["global"][direction]
        assert 0 <= r["r1"] <= r["r5"] <= r["r10"] <= 100
    with shapes_project.read_session() as s:
        mv = s.get(ModelVersion, out["model_version"])
        assert mv.metrics["eval:test"]["global"] == out["global"]


def test_laclip_scorer_is_reported_under_its_own_key(shapes_project):
    enc = load_encoder(shapes_project, "tiny", device="cpu")

    def oracle(encoder, images, text_vectors, image_vectors):
        assert len(images) == image_vectors.shape[0] and encoder is enc
        assert images[0].size == (96, 96)  # the render itself, not the 64 px squash: crops keep detail
        # a scorer that knows the answer: the caption's colour word matches the image's own text
        return np.eye(text_vectors.shape[0], image_vectors.shape[0], dtype=np.float32)

    out = evaluate(shapes_project, enc, "valid", laclip=oracle, record=False)
    assert out["n_texts"] == out["n_images"] == 18
    assert out["laclip"]["mr"] == 100.0
    assert out["global"]["mr"] < 100.0


def test_unknown_split_is_a_one_line_error(shapes_project, capsys):
    assert culti(["eval", str(shapes_project.path), "--model", "tiny", "--split", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def test_eval_cli_with_laclip_both(shapes_project, capsys):
    assert (
        culti(
            [
                "eval",
                str(shapes_project.path),
                "--model",
                "tiny",
                "--split",
                "valid",
                "--laclip",
                "both",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert set(out["laclip"]) == {"t2i", "i2t", "mr"}


def test_a_scorer_of_the_wrong_shape_is_a_clear_error(shapes_project):
    from culti_desktop.core.errors import CultiError

    enc = load_encoder(shapes_project, "tiny", device="cpu")
    with pytest.raises(CultiError, match="LACLIP scorer returned shape"):
        evaluate(shapes_project, enc, "valid", laclip=lambda e, i, t, g: np.zeros((1, 1)), record=False)


def test_evaluate_does_not_import_the_search_layer():
    """ml sits below search: the LACLIP scorer is handed in, never imported (issue 15)."""
    import ast
    from pathlib import Path

    import culti_desktop.core.ml.evaluate as ev

    tree = ast.parse(Path(ev.__file__).read_text("utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in names if "search" in m or m == "importlib"]
