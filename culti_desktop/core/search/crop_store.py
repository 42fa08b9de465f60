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

    def get_half(self, labels) -> np.ndarray:
        self._flush_memory()
        out = np.empty((len(labels), self.k, self.dim), np.float16)
        for i, lab in enumerate(labels):
            out[i] = self._row(lab)
        return out

    def get(self, labels) -> np.ndarray:
        return half_to_float(self.get_half(labels))

    def stored_agreements(self, labels) -> np.ndarray | None:
        """(n, K) precomputed crop·global of the candidates, or None if any of them has none."""
        out = self._agreements_or_nan(labels)
        return None if np.isnan(out).any() else out

    def _agreements_or_nan(self, labels) -> np.ndarray:
        """(n, K) stored agreements, NaN rows for figures stored without them."""
        self._flush_memory()
        out = np.full((len(labels), self.k), np.nan, np.float32)
        for i, lab in enumerate(labels):
            c, r = self._where[int(lab)]
            agree = self.chunks[c].agree
            if agree is not None:
                out[i] = agree[r]
        return out

    def similarities(
        self, labels, query: np.ndarray, global_vecs: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(crop·query (n, K), crop·global (n, K) or None) for the candidates, row by row.

        One small gemv per figure straight from the memory map: a single (n·K, D) product went
        through threaded BLAS and measured 8–20 ms on the busy 2-core machine, row by row ~1 ms."""
        self._flush_memory()
        q = np.ascontiguousarray(query, np.float32).reshape(-1)
        sims = np.empty((len(labels), self.k), np.float32)
        agree = None if global_vecs is None else np.empty_like(sims)
        for i, lab in enumerate(labels):
            row = half_to_float(self._row(lab))
            sims[i] = row @ q
            if agree is not None and global_vecs is not None:  # both or neither
                agree[i] = row @ np.ascontiguousarray(global_vecs[i], np.float32)
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
        self.chunks, self._where, self._rows = [], {}, 0
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
        return store


def candidate_similarities(
    crops, labels, query: np.ndarray, global_vectors: Callable[[Any], np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """(crop·query, crop·global or None) of the candidates for the re-rank. With ``global_vectors``
    (labels → the figures' global vectors) agreements are wanted: the stored ones when every
    candidate has them, else computed (an index built before they were stored, or Milvus)."""
    if global_vectors is None:
        return crops.similarities(labels, query)
    stored = getattr(crops, "stored_agreements", None)
    agree = stored(labels) if stored is not None else None
    if agree is not None:
        return crops.similarities(labels, query)[0], agree
    return crops.similarities(labels, query, global_vectors(labels))


def _agreements(vectors16: np.ndarray, global_vecs: np.ndarray) -> np.ndarray:
    """(n, K) crop·global, row by row exactly as :meth:`CropStore.similarities` computes them."""
    g = np.asarray(global_vecs, np.float32)
    if g.shape != (len(vectors16), vectors16.shape[2]):
        raise ValueError(f"global vectors of shape {g.shape} for {len(vectors16)} figures of crops")
    out = np.empty(vectors16.shape[:2], np.float32)
    for i in range(len(vectors16)):
        out[i] = half_to_float(vectors16[i]) @ np.ascontiguousarray(g[i])
    return out


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
