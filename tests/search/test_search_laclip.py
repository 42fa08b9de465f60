import numpy as np
import pytest
from PIL import Image

from culti_desktop.core.search.crops import CropConfig, crop_boxes, crop_images, random_boxes, to_absolute
from culti_desktop.core.search.heatmap import crop_heatmap, overlay
from culti_desktop.core.search.laclip import (
    LaclipConfig,
    busyness,
    crop_weights,
    eval_scores,
    fuse_scores,
    laclip_scores,
    local_scores,
    standardise,
)


def _unit(v):
    v = np.asarray(v, np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_crops_are_multiscale_seeded_and_random_ones_avoid_grid_lines():
    cfg = CropConfig(grids=(2, 3), n_random=8, seed=3)
    boxes = crop_boxes(cfg)
    assert len(boxes) == 1 + 4 + 9 + 8 and boxes[0] == (0.0, 0.0, 1.0, 1.0)
    assert crop_boxes(cfg) == boxes and crop_boxes(CropConfig(seed=4)) != boxes
    for b in random_boxes(8, 0.3, 0.7, seed=3):
        assert 0 <= b[0] < b[2] <= 1 and 0 <= b[1] < b[3] <= 1
        for v in b:
            assert all(abs(v * g - round(v * g)) >= 0.04 * g or v in (0.0, 1.0) for g in (2, 3, 4))
    im = Image.new("RGB", (200, 100))
    sizes = [c.size for c in crop_images(im, boxes[1:5])]
    assert sizes == [(100, 50)] * 4
    assert to_absolute((0.5, 0.5, 1.0, 1.0), (10, 20, 110, 220)) == (60, 120, 110, 220)


def _toy():
    """Two images, three crops each; the text matches only image 1's second crop."""
    t = _unit([[1, 0, 0, 0]])
    g = _unit([[0.2, 1, 0, 0], [0.5, 0, 1, 0]])  # image 0 is globally closer? no: image 1 is
    crops = np.stack(
        [
            _unit([[0, 1, 0, 0], [0.1, 1, 0, 0], [0, 1, 0.1, 0]]),
            _unit([[0, 0, 1, 0], [1, 0, 0.05, 0], [0, 0, 1, 0.1]]),
        ]
    )
    return t, g, crops


def test_best_crop_finds_the_small_match_and_weighted_averages_it_away():
    t, g, crops = _toy()
    best = local_scores(t, crops, g, "best")
    assert best[0, 1] == pytest.approx(np.max(crops[1] @ t[0]))
    assert best[0, 1] > best[0, 0]
    w = crop_weights(g, crops, tau=0.1)
    assert np.allclose(w.sum(axis=1), 1) and w[1, 1] < w[1, 0]  # the matching crop disagrees with the whole
    weighted = local_scores(t, crops, g, "weighted", tau=0.1)
    assert weighted[0, 1] < best[0, 1]
    fused, glob, loc = laclip_scores(t, g, crops, LaclipConfig("best", alpha=0.5, fusion="raw"))
    assert np.allclose(fused, 0.5 * glob + 0.5 * loc)
    assert np.allclose(laclip_scores(t, g, crops, LaclipConfig(alpha=0.0, fusion="raw"))[0], glob)
    with pytest.raises(ValueError):
        LaclipConfig("mean")
    with pytest.raises(ValueError):
        LaclipConfig(fusion="average")


def test_standardised_fusion_is_scale_free_and_adaptive_weight_follows_busyness():
    rng = np.random.default_rng(1)
    g = rng.normal(0.5, 0.01, size=(3, 40)).astype(np.float32)  # global cosines: a narrow spread
    loc = rng.normal(0.3, 0.2, size=(3, 40)).astype(np.float32)  # local ones: a wide spread
    z = fuse_scores(g, loc, None, "zscore", 0.5)
    # an affine change of either score's scale per query changes nothing
    assert np.allclose(z, fuse_scores(g * 7 + 2, loc * 0.1 - 1, None, "zscore", 0.5), atol=1e-4)
    assert np.allclose(standardise(g).mean(axis=1), 0, atol=1e-5)
    # a raw 50/50 mix follows the wider-spread score; the standardised one weighs both
    raw = fuse_scores(g, loc, None, "raw", 0.5)
    assert np.corrcoef(raw[0], loc[0])[0, 1] > 0.99 > np.corrcoef(z[0], loc[0])[0, 1]
    # adaptive: a calm image (crops agree with it) keeps its global score, a busy one its local one
    agree = np.array([[1.0, 0.98, 0.97], [1.0, 0.2, 0.1]], np.float32)
    w = busyness(agree)
    assert w[0] < 0.05 and w[1] > 0.5
    fused = fuse_scores(g[:1, :2], loc[:1, :2], w[None], "adaptive", 0.5)
    zg, zl = standardise(g[:1, :2]), standardise(loc[:1, :2])
    assert np.allclose(fused, (1 - w) * zg + w * zl)
    ranked = fuse_scores(np.array([[0.3, 0.2, 0.1]]), np.array([[0.1, 0.2, 0.3]]), None, "rank", 0.5)
    assert np.allclose(ranked[0, 0], ranked[0, 2])  # one is first globally, the other locally


def test_eval_scores_shape_and_global_equivalence(tiny_encoder):
    ims = [Image.new("RGB", (64, 64), c) for c in ("red", "green", "blue")]
    iv = tiny_encoder.encode_images(ims)
    tv = tiny_encoder.encode_texts(["红色", "绿色"])
    s = eval_scores(tiny_encoder, ims, tv, iv)
    assert s.shape == (2, 3) and np.isfinite(s).all()
    assert np.allclose(
        eval_scores(tiny_encoder, ims, tv, iv, LaclipConfig(alpha=0.0, fusion="raw")), tv @ iv.T, atol=1e-5
    )


def test_crop_heatmap_peaks_on_the_matching_cell_and_overlay_keeps_size():
    boxes = [(0, 0, 0.5, 0.5), (0.5, 0, 1, 0.5), (0, 0.5, 0.5, 1), (0.5, 0.5, 1, 1)]
    heat = crop_heatmap(boxes, np.array([0.1, 0.2, 0.9, 0.1]), global_sim=0.3, size=20)
    assert heat.shape == (20, 20) and heat.min() == 0.0 and heat.max() == 1.0
    r, c = np.unravel_index(np.argmax(heat), heat.shape)
    assert r >= 10 and c < 10
    im = Image.new("RGB", (90, 60), "white")
    out = overlay(im, heat, opacity=0.6)
    assert out.size == im.size
    arr = np.asarray(out, np.int32)
    assert not np.array_equal(arr[45, 20], arr[15, 70])  # hot and cold corners differ
    assert np.array_equal(np.asarray(overlay(im, heat, 0.0)), np.asarray(im))


def test_row_by_row_store_scores_equal_the_batch_scores(tmp_path):
    from culti_desktop.core.search.index_store import CropStore
    from culti_desktop.core.search.laclip import FUSIONS, rerank_scores

    rng = np.random.default_rng(0)
    crops = _unit(rng.normal(size=(30, 5, 16)))
    g = _unit(rng.normal(size=(30, 16)))
    q = _unit(rng.normal(size=16))
    CropStore(np.arange(100, 130), crops).save(tmp_path)
    store = CropStore.load(tmp_path)  # float16 on disk, memory-mapped
    labels = [105, 100, 129]
    for variant in ("best", "weighted"):
        for fusion in FUSIONS:
            cfg = LaclipConfig(variant, alpha=0.4, tau=0.1, fusion=fusion)
            batch, glob, _ = laclip_scores(q, g[[5, 0, 29]], crops[[5, 0, 29]], cfg)
            sims, agree = store.similarities(labels, q, g[[5, 0, 29]])
            rowwise, _ = rerank_scores(g[[5, 0, 29]] @ q, sims, agree, cfg)
            assert np.allclose(rowwise, batch[0], atol=5e-3)


def test_adaptive_rank_weight_reads_object_crops_and_is_sharpened():
    from culti_desktop.core.search.crops import crop_boxes
    from culti_desktop.core.search.laclip import rank_standardise, sharpened_busyness
    from culti_desktop.core.search.levels import level_indices

    boxes = crop_boxes()
    objects, parts = level_indices(boxes, "object"), level_indices(boxes, "part")
    agree = np.ones((4, len(boxes)), np.float32)
    agree[1, objects] = 0.0  # objects disagree with the whole: busy
    agree[2, parts] = 0.0  # only the small parts disagree: a calm single motif with noisy parts
    agree[3, objects] = 0.5  # busyness 0.5 stays 0.5
    w = sharpened_busyness(agree)
    assert w[0] < 1e-6 and w[1] > 1 - 1e-6 and w[2] < 1e-6 and abs(w[3] - 0.5) < 1e-6
    b = np.linspace(0.05, 0.45, 5)  # below a half, odds squared pull the weight down, monotone
    agree = np.ones((5, len(boxes)), np.float32)
    agree[:, objects] = (1 - b)[:, None]
    w = sharpened_busyness(agree)
    assert np.all(np.diff(w) > 0) and np.all(w < b)
    x = np.array([[0.3, 0.9, 0.1, 0.5]], np.float32)
    assert np.array_equal(np.argsort(-rank_standardise(x)), np.argsort(-x))
    assert np.allclose(rank_standardise(x), rank_standardise(100 * x**3))  # only the order counts
