"""The CL2CM-style English→Chinese projection of a model version, kept beside its checkpoint.

A ridge map from the model's embedding of English captions to its embedding of the matching
Chinese captions, fitted on the project's bilingual pairs (``caption_en`` + ``caption_zh``). It
belongs to one model's embedding space, so the fine-tuning job fits it with the weights it has
just trained and writes it beside the new version's checkpoint (``v7-tiny.pt`` →
``v7-tiny.en_projection.npz``); the index build of that version uses it instead of refitting
(unless the project has gained bilingual pairs since). It lives in ``core.ml`` because the
training job sits below the search layer; :mod:`culti_desktop.core.search.bilingual` re-exports it.
"""

from __future__ import annotations

import os
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_PAIRS = 5000  # a ridge fit on a sample: beyond a few thousand pairs the map barely moves
MIN_PAIRS = 8
SUFFIX = ".en_projection.npz"


def _normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(n, 1e-12)).astype(np.float32)


@dataclass
class EnglishProjection:
    """Linear map W (D×D) with ``normalise(enc(en) @ W) ≈ enc(zh)``, fitted by ridge regression."""

    weight: np.ndarray
    pairs_used: int

    @classmethod
    def fit(cls, en_vectors: np.ndarray, zh_vectors: np.ndarray, ridge: float = 1e-1) -> EnglishProjection:
        x = np.asarray(en_vectors, np.float64)
        y = np.asarray(zh_vectors, np.float64)
        d = x.shape[1]
        # Ridge towards the identity: with few pairs the map stays close to "use the English vector".
        a = x.T @ x + ridge * np.eye(d)
        b = x.T @ y + ridge * np.eye(d)
        w = np.linalg.solve(a, b)
        return cls(weight=w.astype(np.float32), pairs_used=int(x.shape[0]))

    def apply(self, en_vectors: np.ndarray) -> np.ndarray:
        return _normalise(np.asarray(en_vectors, np.float32) @ self.weight)

    def save(self, path: Path) -> None:
        """Atomically (a kill mid-write leaves the previous file or none, never half of one)."""
        tmp = path.with_name(path.name + f".tmp{os.getpid()}.npz")
        np.savez(tmp, weight=self.weight, pairs_used=np.array(self.pairs_used))
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> EnglishProjection:
        with np.load(path, allow_pickle=False) as z:
            return cls(weight=z["weight"], pairs_used=int(z["pairs_used"]))


def fit_projection(
    encoder, pairs: Iterable[tuple[str, str]], min_pairs: int = MIN_PAIRS
) -> EnglishProjection | None:
    """Fit on (english, chinese) caption pairs; ``None`` when there are too few to be useful."""
    pairs = [(en, zh) for en, zh in pairs if en and zh]
    if len(pairs) < min_pairs:
        return None
    en = encoder.encode_texts([p[0] for p in pairs])
    zh = encoder.encode_texts([p[1] for p in pairs])
    return EnglishProjection.fit(en, zh)


def fold_zh(text: str) -> str:
    """The search layer's caption folding (``core.search.textnorm.fold``: NFKC, Traditional →
    Simplified, lower case), restated here because the training job may not import search; a
    test keeps the two equal."""
    import opencc

    t = unicodedata.normalize("NFKC", text or "")
    return " ".join(opencc.OpenCC("t2s").convert(t).lower().split())


def bilingual_pairs(project, fold=fold_zh, max_pairs: int = MAX_PAIRS) -> list[tuple[str, str]]:
    """The project's non-rejected (English, folded Chinese) caption pairs, a seeded sample when many."""
    from sqlalchemy import text

    with project.read_session() as s:
        rows = s.execute(
            text(
                "SELECT caption_en, caption_zh FROM pairs WHERE status != 'rejected' "
                "AND caption_en != '' AND caption_zh != ''"
            )
        ).all()
    pairs = [(en, fold(zh)) for en, zh in rows if en and zh]
    if len(pairs) > max_pairs:
        pairs = random.Random(0).sample(pairs, max_pairs)
    return pairs


def projection_path(checkpoint: Path) -> Path:
    """Where a version's projection lives: beside its checkpoint."""
    return checkpoint.with_name(checkpoint.stem + SUFFIX)


def save_version_projection(project, encoder, checkpoint: Path) -> EnglishProjection | None:
    """Fit with ``encoder`` (the version's weights) and write beside ``checkpoint``; ``None`` (and
    no file) when the project has fewer than ``MIN_PAIRS`` bilingual pairs."""
    proj = fit_projection(encoder, bilingual_pairs(project))
    path = projection_path(checkpoint)
    if proj is None:
        path.unlink(missing_ok=True)
        return None
    proj.save(path)
    return proj
