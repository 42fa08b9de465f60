"""ClipEncoder on the tiny real cn_clip model: shapes, normalisation, determinism, patch tokens."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from culti_desktop.core.jobs import Cancelled, Job
from culti_desktop.core.ml.registry import load_encoder


def _images(n):
    rng = np.random.default_rng(1)
    return [Image.fromarray(rng.integers(0, 255, (40 + i, 70, 3), dtype=np.uint8)) for i in range(n)]


def test_vectors_are_unit_float32_and_batch_independent(tiny_encoder):
    ims = _images(7)
    a = tiny_encoder.encode_images(ims, batch_size=3)
    b = tiny_encoder.encode_images(ims, batch_size=7)
    assert a.dtype == np.float32 and a.shape == (7, tiny_encoder.embed_dim)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(a, b, atol=1e-5)
    t = tiny_encoder.encode_texts(["红色的圆", "蓝色的方块", "a red circle"])
    assert t.shape == (3, tiny_encoder.embed_dim)
    assert not np.allclose(t[0], t[1])


def test_tiny_weights_depend_only_on_the_seed():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    e1 = load_encoder(None, "tiny", device="cpu")
    after = torch.rand(1)
    assert torch.equal(before, after)  # building a model leaves the global RNG alone
    e2 = load_encoder(None, "tiny", device="cpu")
    ims = _images(2)
    np.testing.assert_array_equal(e1.encode_images(ims), e2.encode_images(ims))


def test_patch_tokens_share_the_class_token_projection(tiny_encoder):
    ims = _images(3)
    patches = tiny_encoder.patch_tokens(ims)
    g = tiny_encoder.image_size // 16
    assert patches.shape == (3, g, g, tiny_encoder.embed_dim)
    np.testing.assert_allclose(np.linalg.norm(patches, axis=-1), 1.0, atol=1e-5)
    # the same hook + ln_post + proj applied to the class token reproduces encode_images
    visual = tiny_encoder.model.visual
    seen = []
    h = visual.transformer.register_forward_hook(lambda m, i, o: seen.append(o))
    with torch.inference_mode():
        tiny_encoder.model.encode_image(tiny_encoder.image_tensor(ims))
        cls = visual.ln_post(seen[0].permute(1, 0, 2)[:, 0]) @ visual.proj
    h.remove()
    cls = (cls / cls.norm(dim=-1, keepdim=True)).numpy()
    np.testing.assert_allclose(cls, tiny_encoder.encode_images(ims), atol=1e-5)
    # patches differ from each other (a real spatial map, not a broadcast)
    assert np.std(patches.reshape(3, -1, tiny_encoder.embed_dim), axis=1).mean() > 1e-3


def test_encoding_is_cancellable(tiny_encoder):
    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        tiny_encoder.encode_images(_images(4), batch_size=2, job=job)
