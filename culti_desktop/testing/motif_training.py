"""A tiny cn_clip taught the motif captions by the product's own training loop (``core.ml.train``).

Single motifs (full-size and at varied sizes) become accepted pairs of a scratch project; the
real loop fine-tunes the seeded tiny base model on them (symmetric multi-positive InfoNCE from
``core.ml.losses``; identical captions are one text, so a batch never treats a positive as a
negative). Single-threaded with deterministic kernels: the same weights on every run.
"""

from __future__ import annotations

import io
import tempfile
from contextlib import contextmanager
from pathlib import Path

from culti_desktop.testing import motifs

#: instances of each of the 36 captions in the training set (half full-size, half varied sizes)
PER_COMBO = 20
EPOCHS = 30
LR = 2e-3


@contextmanager
def deterministic_torch(threads: int = 1):
    """Seeded, single-threaded, deterministic kernels for the duration; restored afterwards."""
    import torch

    prev = (torch.get_num_threads(), torch.are_deterministic_algorithms_enabled())
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    try:
        yield
    finally:
        torch.set_num_threads(prev[0])
        torch.use_deterministic_algorithms(prev[1])


def add_motif_pairs(project, items: list[motifs.MotifItem], split: str) -> list[int]:
    """Each item as an image document with one full-page figure and an accepted pair; pair ids."""
    from culti_desktop.core.storage.blobs import put_blob
    from culti_desktop.core.storage.models import Document, Page, Pair, Region

    ids = []
    with project.session() as s:
        for k, it in enumerate(items):
            buf = io.BytesIO()
            it.image.save(buf, "PNG")
            sha = put_blob(s, buf.getvalue())
            w, h = it.image.size
            doc = Document(
                sha256=sha,
                filename=f"{split}-{k}.png",
                kind="image",
                media_type="image/png",
                page_count=1,
                state="ready",
            )
            page = Page(document=doc, index=0, width=w, height=h, unit="px")
            region = Region(page=page, kind="figure", source="dataset")
            region.bbox = (0, 0, w, h)
            pair = Pair(
                figure=region,
                caption=it.caption_zh,
                caption_zh=it.caption_zh,
                caption_en=it.caption_en,
                status="accepted",
                split=split,
                confidence=1.0,
            )
            s.add_all([doc, page, region, pair])
            s.flush()
            ids.append(pair.id)
    return ids


def training_items(seed: int = 0, per_combo: int = PER_COMBO) -> list[motifs.MotifItem]:
    half = per_combo // 2 * len(motifs.COMBOS)
    return motifs.singles(half, size=64, seed=seed) + motifs.singles(
        per_combo * len(motifs.COMBOS) - half, size=128, seed=seed + 1, scales=(0.2, 0.4)
    )


def train_motif_model(
    seed: int = 0, epochs: int = EPOCHS, per_combo: int = PER_COMBO, workdir: Path | None = None
) -> dict:
    """State dict of the tiny model fine-tuned on single motifs (600 steps; ~2.5 CPU minutes)."""
    from culti_desktop.core.ml.registry import load_encoder
    from culti_desktop.core.ml.train import TrainOptions, train
    from culti_desktop.core.storage import create_project

    with tempfile.TemporaryDirectory(dir=workdir) as tmp, deterministic_torch():
        project = create_project(Path(tmp) / "motifs.culti")
        try:
            add_motif_pairs(project, training_items(seed, per_combo), "train")
            opts = TrainOptions(
                model="tiny",
                epochs=epochs,
                lr=LR,
                batch_size=36,
                device="cpu",
                precision="fp32",
                seed=seed,
                weight_decay=0.01,
                warmup_fraction=0.15,
                save_every_seconds=1e9,
            )
            result = train(project, opts)
            enc = load_encoder(project, result.version_id, device="cpu")
            return {k: v.detach().clone() for k, v in enc.model.state_dict().items()}
        finally:
            project.close()


WORD_EMBEDDINGS = "bert.embeddings.word_embeddings.weight"


def save_compact(state: dict, path: Path, seed: int = 0) -> None:
    """Weights-only file of a motif model as a difference from the seeded tiny base: every tensor
    except the 21,128-row word embedding, plus only the embedding rows training changed (the rest
    are the base's, bit for bit: AdamW leaves rows without gradient and without decay alone)."""
    import torch

    from culti_desktop.core.ml.archs import build_tiny_model

    base = build_tiny_model(0).state_dict()[WORD_EMBEDDINGS]
    emb = state[WORD_EMBEDDINGS]
    rows = torch.nonzero((emb != base).any(dim=1)).flatten()
    out = {k: v.detach().clone() for k, v in state.items() if k != WORD_EMBEDDINGS}
    out["__word_rows"] = rows
    out["__word_values"] = emb[rows].clone()
    out["__seed"] = torch.tensor(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, path)


def load_compact(path: Path) -> dict:
    """The full state dict back from :func:`save_compact` (``torch.load(weights_only=True)``)."""
    import torch

    from culti_desktop.core.ml.archs import build_tiny_model

    data = torch.load(path, map_location="cpu", weights_only=True)
    emb = build_tiny_model(0).state_dict()[WORD_EMBEDDINGS].clone()
    emb[data.pop("__word_rows")] = data.pop("__word_values")
    data.pop("__seed", None)
    data[WORD_EMBEDDINGS] = emb
    return data


def main() -> None:
    """``python -m culti_desktop.testing.motif_training OUT.pt [--seed N]``: retrain and save."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    args = ap.parse_args()
    save_compact(train_motif_model(seed=args.seed, epochs=args.epochs), args.out, args.seed)


if __name__ == "__main__":
    main()
