"""The motif fixture: generator ground truth, and training through the product's own loop."""

import numpy as np
import torch

from culti_desktop.testing import motif_training, motifs


def test_composites_are_unaligned_and_their_truth_is_multi_positive():
    items = motifs.composites(18, 3, cell=48, seed=4, jitter=0.3, picture=(0.5, 0.8), share=0.5)
    assert all(it.combo in it.present and len(it.present) == 9 for it in items)
    assert len({it.image.size for it in items}) > 1  # the layout fills a varied share of the picture
    queries, positives = motifs.query_positives(items)
    assert len(queries) == 18 and all(i in p for i, p in enumerate(positives))
    assert any(len(p) > 1 for p in positives)  # some queries have two right answers
    scores = np.eye(18)
    assert motifs.recall_at(scores, 1, positives) == 100.0
    again = motifs.composites(18, 3, cell=48, seed=4, jitter=0.3, picture=(0.5, 0.8), share=0.5)
    assert all(
        np.array_equal(np.asarray(a.image), np.asarray(b.image)) for a, b in zip(items, again, strict=True)
    )


def test_the_real_training_loop_is_deterministic_and_the_compact_file_round_trips(tmp_path):
    a = motif_training.train_motif_model(epochs=1, per_combo=2, workdir=tmp_path)
    b = motif_training.train_motif_model(epochs=1, per_combo=2, workdir=tmp_path)
    assert all(torch.equal(a[k], b[k]) for k in a)
    path = tmp_path / "m.pt"
    motif_training.save_compact(a, path)
    back = motif_training.load_compact(path)
    assert set(back) == set(a) and all(torch.equal(a[k], back[k]) for k in a)
    assert path.stat().st_size < 0.5 * sum(v.numel() * v.element_size() for v in a.values())
