"""One-pass region vectors: the whole box is the global vector; hybrid quadrants are the 2×2 crops."""

import numpy as np
import pytest
from PIL import Image

from culti_desktop.core.search.crops import crop_boxes
from culti_desktop.core.search.laclip import encode_crops
from culti_desktop.core.search.regions import box_patch_mask, encode_regions


def test_patch_masks_cover_each_box_and_never_come_out_empty():
    m = box_patch_mask([(0, 0, 0.5, 0.5), (0.9, 0.9, 0.95, 0.95)], 4, 4)
    assert m[0].reshape(4, 4)[:2, :2].all() and m[0].sum() == 4
    assert m[1].sum() == 1  # a box smaller than a patch takes its nearest patch


def test_routes_agree_with_the_global_and_crop_vectors(tiny_encoder):
    rng = np.random.default_rng(0)
    ims = [Image.fromarray(rng.integers(0, 255, (96, 96, 3), dtype=np.uint8)) for _ in range(3)]
    boxes = crop_boxes()
    g = tiny_encoder.encode_images(ims)
    for route in ("masked", "value", "hybrid"):
        glob, reg = encode_regions(tiny_encoder, ims, boxes, route)
        assert reg.shape == (3, len(boxes), tiny_encoder.embed_dim)
        assert np.allclose(glob, g, atol=1e-5)
        assert np.allclose(np.linalg.norm(reg, axis=-1), 1, atol=1e-4)
    _, masked = encode_regions(tiny_encoder, ims, boxes, "masked")
    assert np.allclose(masked[:, 0], g, atol=1e-5)  # attending to every patch is the global pass
    _, hybrid = encode_regions(tiny_encoder, ims, boxes, "hybrid")
    assert np.allclose(hybrid[:, 1:5], encode_crops(tiny_encoder, ims)[:, 1:5], atol=1e-4)
    with pytest.raises(ValueError):
        encode_regions(tiny_encoder, ims, boxes, "everything")
