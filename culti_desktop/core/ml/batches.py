"""Which pairs share a training batch: random, or with hard negatives (CultureCLIP-style).

With contrastive losses, the other pairs in a batch are the negatives. Putting pairs from the
same document, or with similar captions, into one batch makes those negatives look alike but
differ in detail, which is what curators need told apart (same motif, different dynasty ...).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

HASH_DIM = 2048


def caption_vectors(texts: Sequence[str], dim: int = HASH_DIM) -> np.ndarray:
    """Unit vectors of hashed character unigrams+bigrams: cheap caption similarity for Chinese."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
        for g in grams:
            out[row, zlib.crc32(g.encode("utf-8")) % dim] += 1.0  # stable across processes (DDP)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-6)


def similar_caption_neighbours(texts: Sequence[str], k: int = 8, chunk: int = 1024) -> list[list[int]]:
    """The ``k`` most similar other captions of each caption (exact, chunked dot products)."""
    n = len(texts)
    if n <= 1:
        return [[] for _ in range(n)]
    vecs = caption_vectors(texts)
    k = min(k, n - 1)
    out: list[list[int]] = []
    for start in range(0, n, chunk):
        sims = vecs[start : start + chunk] @ vecs.T
        for r in range(sims.shape[0]):
            sims[r, start + r] = -1.0
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        for r in range(sims.shape[0]):
            order = top[r][np.argsort(-sims[r, top[r]])]
            out.append([int(j) for j in order])
    return out


def random_batches(n: int, batch_size: int, rng: np.random.Generator) -> list[list[int]]:
    order = rng.permutation(n)
    return [order[i : i + batch_size].tolist() for i in range(0, n, batch_size)]


def hard_negative_batches(
    docs: Sequence[int],
    texts: Sequence[str],
    batch_size: int,
    rng: np.random.Generator,
    hard_fraction: float = 0.5,
    neighbours: list[list[int]] | None = None,
) -> list[list[int]]:
    """Batches whose first ``hard_fraction`` is grown from a random seed item through items of the
    same document and similar captions; the rest is random. Every item appears exactly once."""
    n = len(docs)
    if neighbours is None:
        neighbours = similar_caption_neighbours(texts)
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_doc[d].append(i)
    used = np.zeros(n, dtype=bool)
    order = rng.permutation(n)
    cursor = 0
    batches: list[list[int]] = []
    hard_quota = max(1, int(round(batch_size * hard_fraction)))
    for seed in order:
        if used[seed]:
            continue
        batch = [int(seed)]
        used[seed] = True
        frontier = [int(seed)]
        while frontier and len(batch) < hard_quota:
            item = frontier.pop(0)
            same_doc = by_doc[docs[item]]
            candidates = list(rng.permutation(same_doc)[:batch_size]) + neighbours[item]
            for c in candidates:
                if len(batch) >= hard_quota:
                    break
                if not used[c]:
                    used[c] = True
                    batch.append(int(c))
                    frontier.append(int(c))
        while len(batch) < batch_size and cursor < n:
            c = order[cursor]
            cursor += 1
            if not used[c]:
                used[c] = True
                batch.append(int(c))
        batches.append(batch)
    return batches
