"""A Chinese-CLIP format dataset imported with ``culti import-dataset`` trains and evaluates as is,
with a text that has several positive images counted once (any positive is a hit)."""

from __future__ import annotations

import base64
import io
import json

import numpy as np

from culti_desktop.cli.main import main as culti
from culti_desktop.testing.synthetic import COLOURS, SHAPES, shape_image


def _write_split(folder, split, per_caption, rng, start_id):
    imgs, texts = [], []
    image_id = start_id
    for colour, rgb in COLOURS.items():
        for shape in SHAPES:
            ids = []
            for _ in range(per_caption):
                buf = io.BytesIO()
                shape_image(rgb, shape, rng).save(buf, format="PNG")
                imgs.append(f"{image_id}\t{base64.urlsafe_b64encode(buf.getvalue()).decode()}")
                ids.append(image_id)
                image_id += 1
            texts.append({"text_id": len(texts) + 1, "text": f"{colour}的{shape}", "image_ids": ids})
    (folder / f"{split}_imgs.tsv").write_text("\n".join(imgs) + "\n", encoding="utf-8")
    (folder / f"{split}_texts.jsonl").write_text(
        "\n".join(json.dumps(t, ensure_ascii=False) for t in texts) + "\n", encoding="utf-8"
    )
    return image_id


def test_imported_dataset_evaluates_with_multi_positive_texts_and_trains(project, tmp_path, capsys):
    folder = tmp_path / "ds"
    folder.mkdir()
    rng = np.random.default_rng(0)
    next_id = _write_split(folder, "train", 2, rng, 1)
    _write_split(folder, "test_composite", 2, rng, next_id)  # each text: 2 positive images
    path = str(project.path)
    assert culti(["import-dataset", path, str(folder), "--json"]) == 0
    capsys.readouterr()

    assert culti(["eval", path, "--model", "tiny", "--split", "test_composite", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["n_texts"], out["n_images"]) == (18, 36)  # texts not duplicated, positives not dropped
    assert out["global"]["t2i"]["r10"] > 0

    assert (
        culti(
            [
                "train",
                path,
                "--model",
                "tiny",
                "--epochs",
                "1",
                "--batch",
                "12",
                "--device",
                "cpu",
                "--valid-split",
                "test_composite",
                "--json",
            ]
        )
        == 0
    )
    trained = json.loads(capsys.readouterr().out)
    assert trained["version_id"] and trained["best"]["n_texts"] == 18
