"""A labelled vector index: hnswlib for speed, with the vectors kept for exact re-scoring.

Vectors are L2-normalised, so inner product = cosine. Labels are our own integer ids (region
ids for figures, pair ids for captions): adding an existing label replaces its vector, deleting
marks it deleted (hnswlib keeps the slot; ``add`` of that label later revives it). Small indexes
(below ``EXACT_BELOW`` live items) are searched exactly with numpy — faster and exact there, and
immune to hnswlib's "contiguous 2D array" error when most items are deleted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import hnswlib
import numpy as np

EXACT_BELOW = 2000

# Graph defaults, chosen by measurement (ADR 0064; benchmarks/bench_ann_sweep.py, bench_search.py):
# M 32 reaches recall@10 1.0 at ef 100 on 200k embedding-like vectors where M 16 gives 0.99, for
# +192 bytes/item (4.5 instead of 4.3 KB at 512-d) and a ~1.5x slower build. Saved indexes keep the
# parameters they were built with (stored in the .npz), so older M 16 indexes load unchanged.
DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF_SEARCH = 32, 200, 100


def normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, np.float32)
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(n, 1e-12)


@dataclass(frozen=True)
class ScalarFilter:
    """Search filters a backend may evaluate itself (Milvus scalar fields); None/empty = any."""

    documents: Sequence[int] | None = None
    statuses: Sequence[str] | None = None
    splits: Sequence[str] | None = None

    def __bool__(self) -> bool:
        return bool(self.documents or self.statuses or self.splits)


class VectorBackend(Protocol):
    """What the indexer and the engine need from an index (hnswlib here, Milvus in milvus_index).

    ``filters_in_index``: False — the caller turns filters into ``allowed`` labels (from SQL);
    True — it passes ``where`` and the backend filters (scalar fields kept current by ``meta``).
    """

    dim: int
    filters_in_index: bool

    def __len__(self) -> int: ...
    def __contains__(self, label: int) -> bool: ...
    def vector(self, label: int) -> np.ndarray: ...
    def vectors(self, labels: Sequence[int]) -> np.ndarray: ...
    def add(self, labels: Sequence[int], vectors: np.ndarray, meta: Sequence[dict] | None = None) -> None: ...
    def remove(self, labels: Sequence[int]) -> None: ...
    def search(
        self,
        queries: np.ndarray,
        k: int,
        *,
        exact: bool | None = None,
        allowed: Sequence[int] | None = None,
        ef: int | None = None,
        where: ScalarFilter | None = None,
    ) -> tuple[np.ndarray, np.ndarray]: ...
    def save(self, stem: Path) -> None: ...


class VectorIndex:
    """hnswlib ``ip`` index + label→vector table; save/load as ``<stem>.hnsw`` + ``<stem>.npz``."""

    filters_in_index = False  # filters arrive as ``allowed`` labels, computed from the project

    def __init__(
        self,
        dim: int,
        capacity: int = 1024,
        *,
        m: int = DEFAULT_M,
        ef_construction: int = DEFAULT_EF_CONSTRUCTION,
        ef_search: int = DEFAULT_EF_SEARCH,
        threads: int = 1,
    ) -> None:
        self.dim = dim
        self.m, self.ef_construction, self.ef_search, self.threads = m, ef_construction, ef_search, threads
        self._hnsw = hnswlib.Index(space="ip", dim=dim)
        self._hnsw.init_index(max_elements=max(capacity, 16), M=m, ef_construction=ef_construction)
        self._hnsw.set_ef(ef_search)
        self._hnsw.set_num_threads(threads)
        self._labels = np.zeros(0, np.int64)  # row -> label
        self._vectors = np.zeros((0, dim), np.float32)
        self._row: dict[int, int] = {}
        self._deleted: set[int] = set()

    # -- content ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._row) - len(self._deleted)

    def __contains__(self, label: int) -> bool:
        return int(label) in self._row and int(label) not in self._deleted

    @property
    def labels(self) -> np.ndarray:
        return np.array([lab for lab in self._labels.tolist() if lab not in self._deleted], np.int64)

    def vector(self, label: int) -> np.ndarray:
        return self._vectors[self._row[int(label)]]

    def vectors(self, labels: Sequence[int]) -> np.ndarray:
        return (
            self._vectors[[self._row[int(x)] for x in labels]]
            if len(labels)
            else np.zeros((0, self.dim), np.float32)
        )

    def add(self, labels: Sequence[int], vectors: np.ndarray, meta: Sequence[dict] | None = None) -> None:
        """Insert or replace (same label = new vector). ``meta`` is for backends that filter
        themselves; here filters come from the project at query time, so it is not kept."""
        ids = np.asarray(labels, np.int64)
        if not len(ids):
            return
        vectors = normalise(vectors).reshape(len(ids), self.dim)
        need = len(self._row) + len(ids)
        if need > self._hnsw.get_max_elements():
            self._hnsw.resize_index(max(need, 2 * self._hnsw.get_max_elements()))
        for lab in ids.tolist():
            if lab in self._deleted:
                self._hnsw.unmark_deleted(lab)
                self._deleted.discard(lab)
        self._hnsw.add_items(vectors, ids, num_threads=self.threads)
        new_rows: list[int] = []
        for i, lab in enumerate(ids.tolist()):
            r = self._row.get(lab)
            if r is None:
                self._row[lab] = len(self._labels) + len(new_rows)
                new_rows.append(i)
            else:
                self._vectors[r] = vectors[i]
        if new_rows:
            self._labels = np.concatenate([self._labels, ids[new_rows]])
            self._vectors = np.concatenate([self._vectors, vectors[new_rows]])

    def remove(self, labels: Sequence[int]) -> None:
        for lab in (int(x) for x in labels):
            if lab in self._row and lab not in self._deleted:
                self._hnsw.mark_deleted(lab)
                self._deleted.add(lab)

    # -- queries ----------------------------------------------------------------------------
    def search(
        self,
        queries: np.ndarray,
        k: int,
        *,
        exact: bool | None = None,
        allowed: Sequence[int] | None = None,
        ef: int | None = None,
        where: ScalarFilter | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(labels, scores) of shape (Q, k'), best first; k' = min(k, live items).

        ``allowed`` restricts results to those labels (filters); it is searched exactly.
        ``ef``: this query's search breadth instead of ``ef_search`` (higher: better recall, slower).
        """
        if where:
            raise ValueError("hnswlib filters by allowed labels: pass allowed=, not where=")
        q = normalise(np.atleast_2d(queries))
        if allowed is not None:
            allowed = [int(a) for a in allowed if int(a) in self]
            return _exact(q, np.asarray(allowed, np.int64), self.vectors(allowed), k)
        live = len(self)
        k = min(k, live)
        if k <= 0:
            return np.zeros((len(q), 0), np.int64), np.zeros((len(q), 0), np.float32)
        if exact or (exact is None and live < EXACT_BELOW):
            keep = (
                [r for r, lab in enumerate(self._labels.tolist()) if lab not in self._deleted]
                if self._deleted
                else slice(None)
            )
            return _exact(q, self._labels[keep], self._vectors[keep], k)
        self._hnsw.set_ef(max(ef or self.ef_search, k))
        try:
            labels, dist = self._hnsw.knn_query(q, k=k, num_threads=self.threads)
        except RuntimeError:  # too many deleted neighbours for this ef: exact is always right
            return self.search(q, k, exact=True)
        return labels.astype(np.int64), (1.0 - dist).astype(np.float32)

    # -- files ------------------------------------------------------------------------------
    def save(self, stem: Path) -> None:
        stem.parent.mkdir(parents=True, exist_ok=True)
        tmp_h, tmp_n = Path(f"{stem}.hnsw.tmp"), Path(f"{stem}.npz.tmp")
        self._hnsw.save_index(str(tmp_h))
        with open(tmp_n, "wb") as f:
            np.savez(
                f,
                labels=self._labels,
                vectors=self._vectors,
                deleted=np.array(sorted(self._deleted), np.int64),
                params=np.array([self.dim, self.m, self.ef_construction, self.ef_search], np.int64),
            )
        os.replace(tmp_h, f"{stem}.hnsw")
        os.replace(tmp_n, f"{stem}.npz")

    @classmethod
    def load(cls, stem: Path, threads: int = 1) -> VectorIndex:
        with np.load(f"{stem}.npz", allow_pickle=False) as z:
            labels, vectors, deleted = z["labels"], z["vectors"], z["deleted"]
            dim, m, efc, efs = (int(x) for x in z["params"])
        idx = cls.__new__(cls)
        idx.dim, idx.m, idx.ef_construction, idx.ef_search, idx.threads = dim, m, efc, efs, threads
        idx._hnsw = hnswlib.Index(space="ip", dim=dim)
        idx._hnsw.load_index(f"{stem}.hnsw", max_elements=max(len(labels), 16))
        idx._hnsw.set_ef(efs)
        idx._hnsw.set_num_threads(threads)
        idx._labels, idx._vectors = labels.astype(np.int64), vectors.astype(np.float32)
        idx._row = {int(lab): r for r, lab in enumerate(labels.tolist())}
        idx._deleted = set(int(x) for x in deleted.tolist())
        return idx

    def memory_bytes(self) -> int:
        """Approximate resident size: hnswlib graph + vectors, plus our copy of the vectors."""
        n = max(self._hnsw.get_max_elements(), 1)
        per_item_hnsw = (
            self.dim * 4 + self.m * 2 * 4 + 8 + 4 + self.m * 4
        )  # data, level-0 links, label, header, upper
        return int(n * per_item_hnsw + self._vectors.nbytes + self._labels.nbytes)


def _exact(q: np.ndarray, labels: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, len(labels))
    if k <= 0:
        return np.zeros((len(q), 0), np.int64), np.zeros((len(q), 0), np.float32)
    sims = q @ vectors.T
    top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    part = np.take_along_axis(sims, top, axis=1)
    order = np.argsort(-part, axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    return labels[top], np.take_along_axis(sims, top, axis=1).astype(np.float32)


def exact_search(queries: np.ndarray, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Brute-force top-k by inner product (rows of ``vectors`` are their own labels)."""
    return _exact(normalise(np.atleast_2d(queries)), np.arange(len(vectors)), vectors, k)


def manifest_write(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    os.replace(tmp, path)
