"""The real ViT-B-16 architecture (random weights) end to end on CPU: import, encode, train a step."""

from __future__ import annotations

import resource

import numpy as np
import pytest
import torch

from culti_desktop.core.ml.archs import build_arch
from culti_desktop.core.ml.registry import import_checkpoint, load_encoder
from culti_desktop.core.ml.train import TrainOptions, train


@pytest.mark.slow
def test_vit_b_16_imports_encodes_and_trains_one_step_within_memory(shapes_project, tmp_path):
    model = build_arch("ViT-B-16", seed=1)
    n_params = sum(p.numel() for p in model.parameters())
    assert 180e6 < n_params < 200e6
    src = tmp_path / "clip_cn_vit-b-16.pt"  # the published layout: fp16, DDP prefixes
    torch.save(
        {"epoch": 1, "state_dict": {f"module.{k}": v.half() for k, v in model.state_dict().items()}}, src
    )
    del model
    import_checkpoint(src, "ViT-B-16")  # into the (temporary) user model folder
    src.unlink()

    enc = load_encoder(shapes_project, "ViT-B-16", device="cpu")
    assert enc.image_size == 224 and enc.embed_dim == 512
    ims = [im for im in _images(3)]
    v = enc.encode_images(ims, batch_size=3)
    t = enc.encode_texts(["红色的圆形", "蓝色的方形"])
    p = enc.patch_tokens(ims[:1])
    assert v.shape == (3, 512) and t.shape == (2, 512) and p.shape == (1, 14, 14, 512)
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)
    del enc

    result = train(
        shapes_project,
        TrainOptions(model="ViT-B-16", epochs=1, batch_size=4, max_steps=1, device="cpu", valid_split="none"),
    )
    assert result.steps == 1 and result.version_id is not None
    peak_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    assert peak_gib < 8, f"peak RSS {peak_gib:.1f} GiB"


def _images(n):
    from PIL import Image

    rng = np.random.default_rng(0)
    return [Image.fromarray(rng.integers(0, 255, (300, 200, 3), dtype=np.uint8)) for _ in range(n)]
