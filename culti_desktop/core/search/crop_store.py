"""Region (crop) vectors per figure, append-only: chunk files, tombstones, compaction.

An index update used to copy and rewrite every crop vector (2.25 GB at 100k figures) and hold
all new ones in memory. Here an update only *adds*: new or re-embedded figures go to new chunk
files (flushed every ``FLUSH_ROWS`` figures, so memory stays bounded), deleted ones get a
tombstone, and a small journal (``crops/journal.json``, replaced atomically, written before the
index manifest) lists the live chunks in order — a later chunk's row for a figure shadows an
earlier one. When more than a quarter of the stored rows are dead, the next save compacts the
live rows into one chunk. Chunk files are never modified once written, so a search holding the
previous journal's memory maps keeps reading consistent vectors while an update runs.

The interface (``append``, ``remove``, ``get``, ``similarities``, ``labels``) is what a
different region-vector backend (e.g. a Milvus collection) would implement. Index folders of the
first format (one ``crops.npy`` + ``crop_labels.npy``) are read as a single chunk.

Beside each chunk's vectors, its crop–image agreements (``u_j·u_I``, (n, K) float32, 88 bytes a
figure) are computed once at append time when the global vectors are given: the adaptive fusion's
busyness and the paper's weights then cost no gemv per candidate at query time. Chunks without
them (older indexes) fall back to computing them from the global vectors.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

BLOCK = 16  # figures converted and multiplied at a time by the re-rank (16×22×512 float32 = 720 KB)
FLUSH_ROWS = 1024  # figures buffered before a chunk file is written (~23 MB at 22×512 float16)
COMPACT_DEAD_FRACTION = 0.25
JOURNAL = "crops/journal.json"
LEGACY = ("crops.npy", "crop_labels.npy")


def half_to_float(a: np.ndarray) -> np.ndarray:
    """float16 → float32. numpy's cast measured 16–26 ms for 100×22×512 values here; torch's
    (F16C-vectorised) 0.1 ms — the difference between meeting the 20 ms re-rank target or not."""
    if a.dtype != np.float16:
        return np.asarray(a, np.float32)
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency; keep the core usable without it
        return a.astype(np.float32)
    if not a.flags.writeable or not a.flags.c_contiguous:  # a memory-mapped row: torch wants its own
        a = np.array(a, order="C")
    return torch.from_numpy(a).float().numpy()


class _Chunk:
    def __init__(
        self,
        labels: np.ndarray,
        vectors: np.ndarray,
        files: tuple[str, str] | None,
        agree: np.ndarray | None = None,
        agree_file: str | None = None,
    ) -> None:
        self.labels = np.asarray(labels, np.int64)
        self.vectors = vectors  # (n, K, D) float16, maybe a read-only memmap
        self.files = files  # (vectors, labels) relative to the index folder; None = not written yet
        self.agree = agree  # (n, K) float32 crop·global, None = not precomputed (older index)
        self.agree_file = agree_file


class CropStore:
    """Crop vectors per region id, float16 (halves memory; cosines change by < 1e-3)."""

    def __init__(self, labels=None, vectors: np.ndarray | None = None, k: int = 0, dim: int = 0) -> None:
        self.chunks: list[_Chunk] = []
        self._where: dict[int, tuple[int, int]] = {}
        self._table: tuple[np.ndarray, np.ndarray] | None = None  # sorted labels, their (chunk, row)
        self._rows = 0  # stored rows, live or dead
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray | None]] = []
        self._pending_rows = 0
        self._folder: Path | None = None
        if vectors is not None:
            self.k, self.dim = int(vectors.shape[1]), int(vectors.shape[2])
            self._add_chunk(_Chunk(np.asarray(labels), np.asarray(vectors, np.float16), None))
        else:
            self.k, self.dim = k, dim

    @classmethod
    def empty(cls, k: int, dim: int) -> CropStore:
        return cls(k=k, dim=dim)

    # -- reading -----------------------------------------------------------------------------
    def __contains__(self, label: int) -> bool:
        self._flush_memory()
        return int(label) in self._where

    def __len__(self) -> int:
        self._flush_memory()
        return len(self._where)

    @property
    def shape(self) -> tuple[int, int, int]:
        return (len(self), self.k, self.dim)

    @property
    def dead_rows(self) -> int:
        return self._rows - len(self)

    def labels(self) -> np.ndarray:
        self._flush_memory()
        return np.fromiter(self._where, np.int64, len(self._where))

    def _row(self, label: int) -> np.ndarray:
        c, r = self._where[int(label)]
        return np.asarray(self.chunks[c].vectors[r])

    def _locate(self, labels) -> tuple[np.ndarray, np.ndarray]:
        """(chunk index, row) arrays of ``labels``; KeyError for an unknown label. A sorted label
        table (rebuilt after a change) instead of 100 dict lookups: 0.2 ms → 0.02 ms a query."""
        self._flush_memory()
        if self._table is None:
            keys = np.fromiter(self._where, np.int64, len(self._where))
            pos = np.array(list(self._where.values()), np.intp).reshape(-1, 2)
            order = np.argsort(keys)
            self._table = (keys[order], pos[order])
        keys, pos = self._table
        want = np.asarray(labels, np.int64).reshape(-1)
        at = np.minimum(np.searchsorted(keys, want), max(len(keys) - 1, 0))
        if not len(keys) or not np.array_equal(keys[at], want):
            missing = want if not len(keys) else want[keys[at] != want]
            raise KeyError(int(missing[0]))
        return pos[at, 0], pos[at, 1]

    def _gather(self, chunk_ids: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """(n, K, D) float16 rows, one fancy-index gather per chunk (a copy out of the memory map)."""
        out = np.empty((len(rows), self.k, self.dim), np.float16)
        for c in np.unique(chunk_ids).tolist():
            mask = chunk_ids == c
            out[mask] = self.chunks[c].vectors[rows[mask]]
        return out

    def get_half(self, labels) -> np.ndarray:
        return self._gather(*self._locate(labels))

    def get(self, labels) -> np.ndarray:
        return half_to_float(self.get_half(labels))

    def stored_agreements(self, labels) -> np.ndarray | None:
        """(n, K) precomputed crop·global of the candidates, or None if any of them has none."""
        out = self._agreements_or_nan(labels)
        return None if np.isnan(out).any() else out

    def _agreements_or_nan(self, labels, located: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """(n, K) stored agreements, NaN rows for figures stored without them."""
        chunk_ids, rows = located if located is not None else self._locate(labels)
        out = np.full((len(rows), self.k), np.nan, np.float32)
        for c in np.unique(chunk_ids).tolist():
            agree = self.chunks[c].agree
            if agree is not None:
                mask = chunk_ids == c
                out[mask] = agree[rows[mask]]
        return out

    def similarities(
        self, labels, query: np.ndarray, global_vecs: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(crop·query (n, K), crop·global (n, K) or None) for the candidates."""
        return self._similarities(self._locate(labels), query, global_vecs)

    def similarities_with_stored(self, labels, query: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """(crop·query, stored crop·global or None if any candidate has none), one lookup."""
        located = self._locate(labels)
        sims, _ = self._similarities(located, query)
        agree = self._agreements_or_nan(labels, located)
        return sims, (None if np.isnan(agree).any() else agree)

    def _similarities(
        self, located: tuple[np.ndarray, np.ndarray], query: np.ndarray, global_vecs: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """One gather of the candidates' float16 rows (sorted by chunk, one fancy index per chunk),
        one conversion, one (n·K, D) gemv. The 100-row Python loop this replaces measured 3.1 ms
        of CPU per query here; this path 1.5–2 ms (see benchmarks/bench_search.py, rerank)."""
        chunk_ids, rows = located
        n = len(rows)
        g = None if global_vecs is None else np.asarray(global_vecs, np.float32)
        if g is not None and g.shape != (n, self.dim):
            raise ValueError(f"global vectors of shape {g.shape} for {n} figures of crops")
        perm = np.argsort(chunk_ids, kind="stable")
        sorted_ids = chunk_ids[perm]
        cuts = (np.flatnonzero(np.diff(sorted_ids)) + 1).tolist()
        half = np.empty((n, self.k, self.dim), np.float16)
        for s, e in zip([0, *cuts], [*cuts, n], strict=True):
            if e > s:
                half[s:e] = self.chunks[int(sorted_ids[s])].vectors[rows[perm[s:e]]]
        got_sims, got_agree = _batch_similarities(half, query, None if g is None else g[perm])
        sims = np.empty_like(got_sims)
        sims[perm] = got_sims
        if got_agree is None:
            return sims, None
        agree = np.empty_like(got_agree)
        agree[perm] = got_agree
        return sims, agree

    # -- writing -----------------------------------------------------------------------------
    def bind(self, folder: Path) -> None:
        """Write chunks into ``folder`` as they fill (bounded memory) instead of at :meth:`save`."""
        self._folder = Path(folder)

    def append(self, labels, vectors: np.ndarray, global_vecs: np.ndarray | None = None) -> None:
        """Add or replace the crop vectors of ``labels`` (a later append shadows an earlier one).
        With ``global_vecs`` (the figures' unit global vectors, as the image index keeps them),
        their crop–image agreements are stored too."""
        labels = np.asarray(labels, np.int64)
        if not len(labels):
            return
        vectors = np.asarray(vectors, np.float16)
        if vectors.shape[1:] != (self.k, self.dim):
            raise ValueError(
                f"crop vectors of shape {vectors.shape[1:]}, the store holds {(self.k, self.dim)}"
            )
        agree = None if global_vecs is None else _agreements(vectors, global_vecs)
        self._pending.append((labels, vectors, agree))
        self._pending_rows += len(labels)
        if self._folder is not None and self._pending_rows >= FLUSH_ROWS:
            self._flush(self._folder)

    def remove(self, labels) -> None:
        self._flush_memory()
        for lab in labels:
            self._where.pop(int(lab), None)
        self._table = None

    def updated(self, add_labels, add_vectors: np.ndarray, remove=()) -> CropStore:
        """Compatibility with the copying store: remove, then append; returns ``self``."""
        self.remove(remove)
        self.append(add_labels, add_vectors)
        return self

    def _add_chunk(self, chunk: _Chunk) -> None:
        idx = len(self.chunks)
        self.chunks.append(chunk)
        for r, lab in enumerate(chunk.labels.tolist()):
            self._where[int(lab)] = (idx, r)
        self._table = None
        self._rows += len(chunk.labels)

    def _take_pending(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
        if not self._pending:
            return None
        labels = np.concatenate([p[0] for p in self._pending])
        vecs = np.concatenate([p[1] for p in self._pending])
        have = all(p[2] is not None for p in self._pending)
        agree = np.concatenate([p[2] for p in self._pending]) if have else None
        self._pending, self._pending_rows = [], 0
        return labels, vecs, agree

    def _flush_memory(self) -> None:
        """Pending rows become an in-memory chunk (written at the next flush to a folder)."""
        if self._folder is not None:
            self._flush(self._folder)
            return
        taken = self._take_pending()
        if taken is not None:
            self._add_chunk(_Chunk(taken[0], taken[1], None, taken[2]))

    def _flush(self, folder: Path) -> None:
        taken = self._take_pending()
        if taken is not None:
            self._add_chunk(_write_chunk(folder, *taken))
        for chunk in self.chunks:  # in-memory chunks (built without a folder) are written now
            if chunk.files is None:
                new = _write_chunk(folder, chunk.labels, np.asarray(chunk.vectors), chunk.agree)
                chunk.files, chunk.vectors = new.files, new.vectors
                chunk.agree, chunk.agree_file = new.agree, new.agree_file

    def save(self, folder: Path) -> None:
        """Write pending chunks, compact if a quarter of the rows is dead, then the journal."""
        folder = Path(folder)
        self._flush(folder)
        if self._rows and self.dead_rows > COMPACT_DEAD_FRACTION * self._rows:
            self._compact(folder)
        live: list[list[tuple[int, int]]] = [[] for _ in self.chunks]  # per chunk: (row, label)
        for lab, (c, r) in self._where.items():
            live[c].append((r, lab))
        # tombstones: labels stored in a chunk whose row is not the live one
        tombs = {
            i: sorted(set(ch.labels.tolist()) - {lab for _, lab in live[i]})
            for i, ch in enumerate(self.chunks)
        }
        journal: dict[str, Any] = {
            "k": self.k,
            "dim": self.dim,
            "chunks": [
                {"vectors": ch.files[0], "labels": ch.files[1], "dead": tombs[i]}
                | ({"agree": ch.agree_file} if ch.agree_file else {})
                for i, ch in enumerate(self.chunks)
                if ch.files is not None and len(live[i])
            ],
        }
        path = folder / JOURNAL
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(journal), "utf-8")
        os.replace(tmp, path)
        _sweep(
            folder, {c[key] for c in journal["chunks"] for key in ("vectors", "labels", "agree") if key in c}
        )

    def _compact(self, folder: Path) -> None:
        labels = self.labels()
        vecs = self.get_half(labels)
        stored = self._agreements_or_nan(labels)  # kept for the rows that have them (NaN = recompute)
        agree = None if np.isnan(stored).all() else stored
        self.chunks, self._where, self._rows, self._table = [], {}, 0, None
        self._add_chunk(_write_chunk(folder, labels, vecs, agree))

    @classmethod
    def load(cls, folder: Path) -> CropStore:
        folder = Path(folder)
        path = folder / JOURNAL
        if not path.is_file():  # the first format: one file pair
            return cls(np.load(folder / LEGACY[1]), np.load(folder / LEGACY[0], mmap_mode="r"))
        journal = json.loads(path.read_text("utf-8"))
        store = cls(k=int(journal["k"]), dim=int(journal["dim"]))
        for c in journal["chunks"]:
            vecs = np.load(folder / c["vectors"], mmap_mode="r")
            agree = np.load(folder / c["agree"]) if c.get("agree") else None
            files = (c["vectors"], c["labels"])
            store._add_chunk(_Chunk(np.load(folder / c["labels"]), vecs, files, agree, c.get("agree")))
            for lab in c["dead"]:
                if store._where.get(int(lab), (-1,))[0] == len(store.chunks) - 1:
                    store._where.pop(int(lab))
        store._table = None
        return store


def candidate_similarities(
    crops, labels, query: np.ndarray, global_vectors: Callable[[Any], np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """(crop·query, crop·global or None) of the candidates for the re-rank. With ``global_vectors``
    (labels → the figures' global vectors) agreements are wanted: the stored ones when every
    candidate has them, else computed (an index built before they were stored, or Milvus)."""
    if global_vectors is None:
        return crops.similarities(labels, query)
    with_stored = getattr(crops, "similarities_with_stored", None)
    if with_stored is not None:
        sims, agree = with_stored(labels, query)
        if agree is not None:
            return sims, agree
    return crops.similarities(labels, query, global_vectors(labels))


def _batch_similarities(
    vectors16: np.ndarray, query: np.ndarray, global_vecs: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """(n, K) crop·query and, with ``global_vecs`` (n, D), crop·own-global, of (n, K, D) float16
    crops: converted ``BLOCK`` figures at a time into one reused float32 buffer (720 KB, stays in
    cache) and multiplied there — one gemv per block for the query, one batched product for the
    agreements. Converting all 100 candidates first (4.5 MB) measured 2–3× the CPU time."""
    n, k, d = vectors16.shape
    q = np.ascontiguousarray(query, np.float32).reshape(-1)
    g = None if global_vecs is None else np.asarray(global_vecs, np.float32)
    if g is not None and g.shape != (n, d):
        raise ValueError(f"global vectors of shape {g.shape} for {n} figures of crops")
    sims = np.empty((n, k), np.float32)
    agree = None if g is None else np.empty((n, k), np.float32)
    buf = np.empty((min(n, BLOCK), k, d), np.float32)
    for s in range(0, n, BLOCK):
        e = min(n, s + BLOCK)
        rows = buf[: e - s]
        _half_into(vectors16[s:e], rows)
        sims[s:e] = (rows.reshape(-1, d) @ q).reshape(-1, k)
        if agree is not None and g is not None:
            agree[s:e] = np.matmul(rows, g[s:e, :, None])[:, :, 0]
    return sims, agree


def _half_into(src: np.ndarray, dst: np.ndarray) -> None:
    """float16 → the float32 buffer ``dst`` (torch's F16C-vectorised cast; see half_to_float)."""
    try:
        import torch
    except ImportError:  # pragma: no cover - torch is a dependency
        dst[...] = src
        return
    if not src.flags.writeable or not src.flags.c_contiguous:
        src = np.array(src, order="C")
    torch.from_numpy(dst).copy_(torch.from_numpy(src))


def _agreements(vectors16: np.ndarray, global_vecs: np.ndarray) -> np.ndarray:
    """(n, K) crop·global, computed exactly as the query-time fallback computes them."""
    q = np.zeros(vectors16.shape[2], np.float32)
    agree = _batch_similarities(np.asarray(vectors16, np.float16), q, global_vecs)[1]
    assert agree is not None
    return agree


def _write_chunk(
    folder: Path, labels: np.ndarray, vectors: np.ndarray, agree: np.ndarray | None = None
) -> _Chunk:
    (folder / "crops").mkdir(parents=True, exist_ok=True)
    stem = f"crops/chunk-{uuid.uuid4().hex[:12]}"
    files = (f"{stem}.npy", f"{stem}.labels.npy")
    arrays: list[tuple[str, np.ndarray]] = [
        (files[0], np.asarray(vectors, np.float16)),
        (files[1], np.asarray(labels, np.int64)),
    ]
    agree_file = None
    if agree is not None:
        agree_file = f"{stem}.agree.npy"
        arrays.append((agree_file, np.asarray(agree, np.float32)))
    for rel, arr in arrays:
        tmp = folder / (rel + ".tmp")
        with open(tmp, "wb") as fh:
            np.save(fh, arr)
        os.replace(tmp, folder / rel)
    agree_arr = None if agree_file is None else np.load(folder / agree_file)
    return _Chunk(labels, np.load(folder / files[0], mmap_mode="r"), files, agree_arr, agree_file)


def _sweep(folder: Path, keep: set[str]) -> None:
    """Delete chunk files no journal refers to (compacted, or left by a cancelled update)."""
    for p in (folder / "crops").glob("chunk-*"):
        rel = f"crops/{p.name}"
        if rel not in keep:
            try:
                p.unlink()
            except OSError:  # held open elsewhere (Windows): the next save retries
                pass
    for name in LEGACY:
        (folder / name).unlink(missing_ok=True)
