"""Fine-tuning the tiny real cn_clip model on generated coloured-shape pairs."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from culti_desktop.core.jobs import Cancelled, Job
from culti_desktop.core.ml.batches import hard_negative_batches
from culti_desktop.core.ml.checkpoints import safe_torch_load
from culti_desktop.core.ml.evaluate import evaluate
from culti_desktop.core.ml.losses import clip_loss, positive_mask
from culti_desktop.core.ml.registry import checkpoint_abspath, current_model_version, load_encoder
from culti_desktop.core.ml.train import TrainOptions, train
from culti_desktop.core.storage.models import ModelVersion


def test_fine_tuned_tiny_model_beats_its_untrained_self_on_held_out_pairs(shapes_project):
    project = shapes_project
    before = evaluate(project, load_encoder(project, "tiny", device="cpu"), "test")["global"]
    result = train(
        project, TrainOptions(model="tiny", epochs=12, lr=1e-3, batch_size=32, device="cpu", patience=4)
    )
    after = evaluate(project, load_encoder(project, result.version_id, device="cpu"), "test")["global"]
    assert after["mr"] >= before["mr"] + 25, (before, after)
    assert after["t2i"]["r5"] >= before["t2i"]["r5"] + 30, (before, after)
    # the fine-tuned version is current, keeps lineage and figures, and its file has no optimizer
    mv = current_model_version(project)
    assert mv is not None and mv.id == result.version_id and mv.kind == "finetuned"
    with project.read_session() as s:
        parent = s.get(ModelVersion, mv.parent_id)
        assert parent.kind == "tiny"
        assert "eval:test" in parent.metrics and "eval:test" in mv.metrics
        assert mv.metrics["eval:valid"]["global"]["mr"] == result.best["global"]["mr"]
    ckpt = safe_torch_load(checkpoint_abspath(project, mv))
    assert set(ckpt) == {"arch", "clip_config", "state_dict"}
    assert not (project.side_dir / "training").exists() or not any((project.side_dir / "training").iterdir())


def _weights(project, version_id):
    with project.read_session() as s:
        mv = s.get(ModelVersion, version_id)
        return safe_torch_load(checkpoint_abspath(project, mv))["state_dict"]


def test_cancelled_run_resumes_and_ends_where_an_uninterrupted_run_ends(tmp_path, add_shapes):
    from culti_desktop.core.storage import create_project

    opts = dict(model="tiny", epochs=2, lr=1e-3, batch_size=16, device="cpu", save_every_seconds=1e9)
    with create_project(tmp_path / "a.culti") as a, create_project(tmp_path / "b.culti") as b:
        add_shapes(a, {"train": 2, "valid": 1})
        add_shapes(b, {"train": 2, "valid": 1})
        straight = train(a, TrainOptions(**opts))

        events = []

        def cancel_at_step_3(event):
            events.append(event)
            if event["type"] == "step" and event["step"] == 3:
                job.cancel()

        job = Job(on_event=cancel_at_step_3)  # training's events are the job's events
        with pytest.raises(Cancelled):
            train(b, TrainOptions(**opts), job=job)
        assert any((b.side_dir / "training").rglob("state.pt"))
        assert current_model_version(b) is None  # nothing registered by the cancelled run
        resumed = train(b, TrainOptions(**opts))
        assert resumed.resumed_from_step == 3
        assert resumed.steps == straight.steps
        wa, wb = _weights(a, straight.version_id), _weights(b, resumed.version_id)
        for key in ("visual.proj", "text_projection", "logit_scale"):
            torch.testing.assert_close(wa[key], wb[key], atol=1e-5, rtol=1e-4)


def test_cancel_reaches_the_validation_pass_and_the_resumed_run_validates_that_epoch(tmp_path, add_shapes):
    from culti_desktop.core.storage import create_project

    opts = dict(model="tiny", epochs=2, lr=1e-3, batch_size=16, device="cpu", save_every_seconds=1e9)
    with create_project(tmp_path / "a.culti") as a, create_project(tmp_path / "b.culti") as b:
        add_shapes(a, {"train": 2, "valid": 1})
        add_shapes(b, {"train": 2, "valid": 1})
        straight = train(a, TrainOptions(**opts))
        steps: list[int] = []

        def cancel_in_validation(p) -> None:
            if steps and p.message.startswith("encoding"):  # after a training step: the epoch's validation
                job.cancel()

        job = Job(
            on_progress=cancel_in_validation,
            min_interval=0,
            on_event=lambda e: e["type"] == "step" and steps.append(e["step"]),
        )
        with pytest.raises(Cancelled):
            train(b, TrainOptions(**opts), job=job)
        epoch_steps = steps[-1]
        assert 0 < epoch_steps < straight.steps  # stopped inside the first epoch's validation
        resumed = train(b, TrainOptions(**opts))
        assert resumed.resumed_from_step == epoch_steps
        assert [h["epoch"] for h in resumed.history] == [h["epoch"] for h in straight.history]
        assert resumed.history[1]["valid_mr"] is not None  # epoch 1 was validated after the resume
        wa, wb = _weights(a, straight.version_id), _weights(b, resumed.version_id)
        torch.testing.assert_close(wa["visual.proj"], wb["visual.proj"], atol=1e-5, rtol=1e-4)


def test_freezing_the_vision_tower_leaves_it_unchanged(shapes_project):
    base = load_encoder(shapes_project, "tiny", device="cpu").model.state_dict()
    result = train(
        shapes_project, TrainOptions(model="tiny", epochs=1, batch_size=32, device="cpu", freeze="vision")
    )
    tuned = _weights(shapes_project, result.version_id)
    assert torch.equal(tuned["visual.proj"], base["visual.proj"])
    assert torch.equal(tuned["visual.conv1.weight"], base["visual.conv1.weight"])
    assert not torch.equal(tuned["text_projection"], base["text_projection"])


def test_hard_negative_batches_cover_every_item_once_and_group_documents():
    rng = np.random.default_rng(0)
    docs = [i // 8 for i in range(64)]  # 8 documents of 8 pairs
    texts = [f"文档{d}的图{i}" for i, d in enumerate(docs)]
    batches = hard_negative_batches(docs, texts, 16, rng, hard_fraction=0.5)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(64))
    # the hard half of a batch comes from the seed's document: far more same-document pairs than random
    same = np.mean([np.mean([docs[i] == docs[b[0]] for i in b[1:8]]) for b in batches if len(b) >= 8])
    assert same > 0.5  # random batches would give 1/8


def test_pairs_sharing_a_text_are_positives_not_negatives():
    torch.manual_seed(0)
    feats = torch.nn.functional.normalize(torch.randn(3, 8), dim=-1)
    img = torch.stack([feats[0], feats[1], feats[2], feats[0]])  # pair 3 repeats image 0
    txt = torch.stack([feats[0], feats[1], feats[2], feats[0]])
    scale = torch.tensor(50.0)
    img_keys, txt_keys = torch.tensor([0, 1, 2, 0]), torch.tensor([0, 1, 2, 0])
    masked = clip_loss(img, txt, scale, positive_mask(img_keys, txt_keys))
    naive = clip_loss(img, txt, scale)  # identity targets: the duplicate counts as a negative
    assert masked < 0.05 < naive


def test_a_fine_tune_worse_than_its_start_on_valid_is_not_made_current(project):
    """Valid captions name another colour and shape: learning the true ones lowers valid recall."""
    from sqlalchemy import select

    from culti_desktop.core.storage.models import Pair
    from culti_desktop.testing.synthetic import COLOURS, SHAPES, add_shapes_dataset

    add_shapes_dataset(project, {"train": 12, "valid": 2})
    colours, shapes = list(COLOURS), list(SHAPES)
    with project.session() as s:
        for pair in s.scalars(select(Pair).where(Pair.split == "valid")):
            colour = next(c for c in colours if pair.caption_zh.startswith(c))
            shape = next(x for x in shapes if pair.caption_zh.endswith(x))
            wrong = f"{colours[(colours.index(colour) + 1) % 6]}的{shapes[(shapes.index(shape) + 1) % 3]}"
            pair.caption_zh = pair.caption = wrong
            pair.text_key = f"valid:{wrong}"
    result = train(
        project, TrainOptions(model="tiny", epochs=3, lr=1e-3, batch_size=32, device="cpu", patience=3)
    )
    assert result.best["global"]["mr"] < result.baseline["global"]["mr"]
    assert result.made_current is False
    assert current_model_version(project).id == result.parent_id  # search keeps using the starting model


def test_gradient_checkpointing_trains_to_the_same_weights(tmp_path, add_shapes):
    from culti_desktop.core.storage import create_project

    weights = []
    for flag in (False, True):
        with create_project(tmp_path / f"gc-{flag}.culti") as p:
            add_shapes(p, {"train": 1})
            r = train(
                p,
                TrainOptions(
                    model="tiny",
                    epochs=1,
                    batch_size=9,
                    device="cpu",
                    valid_split="none",
                    grad_checkpointing=flag,
                ),
            )
            weights.append(_weights(p, r.version_id))
    base = load_encoder(None, "tiny", device="cpu").model.state_dict()
    assert (weights[0]["visual.proj"] - base["visual.proj"]).abs().max() > 1e-4
    for key in ("visual.proj", "text_projection", "visual.conv1.weight"):
        torch.testing.assert_close(weights[0][key], weights[1][key], atol=1e-5, rtol=1e-4)
