"""The files of one index build, under ``<project>.culti.d/index/mv<model version id>/``.

* ``images.{hnsw,npz}``: global vectors of figure regions (label = region id);
* ``texts.{hnsw,npz}``: caption vectors (label = pair id);
* ``crops.npy`` + ``crop_labels.npy``: LACLIP crop vectors (N, K, D) float16, memory-mapped at
  query time (re-ranking reads only the candidates' rows);
* ``en_projection.npz``: the English→Chinese projection learned from bilingual captions;
* ``manifest.json``: model version, crop boxes, and the fingerprint of every indexed region and
  pair — comparing them with the project tells what is new, edited or deleted (incremental
  update, stale detection). Everything here is rebuildable from the project file.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from culti_desktop.core.search.ann import VectorBackend, VectorIndex, manifest_write
from culti_desktop.core.search.bilingual import EnglishProjection
from culti_desktop.core.storage.project import Project

FORMAT = 1
_CACHE: dict[str, tuple[int, IndexState]] = {}


def index_dir(project: Project, model_version_id: int) -> Path:
    return project.side_dir / "index" / f"mv{model_version_id}"


def _manifest_or_none(folder: Path) -> dict | None:
    try:
        return json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None


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


class CropStore:
    """Crop vectors per region id, float16 (halves memory; cosines change by < 1e-3)."""

    def __init__(self, labels: np.ndarray, vectors: np.ndarray) -> None:
        self.labels = np.asarray(labels, np.int64)
        self.vectors = vectors  # (N, K, D), maybe a read-only memmap
        self._row = {int(x): i for i, x in enumerate(self.labels.tolist())}

    @classmethod
    def empty(cls, k: int, dim: int) -> CropStore:
        return cls(np.zeros(0, np.int64), np.zeros((0, k, dim), np.float16))

    def __contains__(self, label: int) -> bool:
        return int(label) in self._row

    def get(self, labels) -> np.ndarray:
        rows = [self._row[int(x)] for x in labels]
        return half_to_float(np.asarray(self.vectors[rows]))

    def similarities(
        self, labels, query: np.ndarray, global_vecs: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(crop·query (n, K), crop·global (n, K) or None) for the candidates, row by row.

        One small gemv per figure straight from the memory map: a single (n·K, D) product went
        through threaded BLAS and measured 8–20 ms on the busy 2-core machine, row by row ~1 ms."""
        q = np.ascontiguousarray(query, np.float32).reshape(-1)
        sims = np.empty((len(labels), self.vectors.shape[1]), np.float32)
        agree = None if global_vecs is None else np.empty_like(sims)
        for i, lab in enumerate(labels):
            row = half_to_float(np.asarray(self.vectors[self._row[int(lab)]]))
            sims[i] = row @ q
            if agree is not None:
                agree[i] = row @ np.ascontiguousarray(global_vecs[i], np.float32)
        return sims, agree

    def updated(self, add_labels, add_vectors: np.ndarray, remove=()) -> CropStore:
        """A new store with ``add`` inserted/replaced and ``remove`` dropped (in memory)."""
        drop = {int(x) for x in remove} | {int(x) for x in add_labels}
        keep = [i for i, lab in enumerate(self.labels.tolist()) if lab not in drop]
        labels = np.concatenate([self.labels[keep], np.asarray(add_labels, np.int64)])
        vecs = np.concatenate(
            [np.asarray(self.vectors[keep], np.float16), np.asarray(add_vectors, np.float16)]
        )
        return CropStore(labels, vecs)

    def save(self, folder: Path) -> None:
        for name, arr in (("crops", np.asarray(self.vectors, np.float16)), ("crop_labels", self.labels)):
            tmp = folder / f"{name}.tmp.npy"
            np.save(tmp, arr)
            os.replace(tmp, folder / f"{name}.npy")

    @classmethod
    def load(cls, folder: Path) -> CropStore:
        return cls(np.load(folder / "crop_labels.npy"), np.load(folder / "crops.npy", mmap_mode="r"))


@dataclass
class IndexState:
    """Everything one search needs, loaded from an index folder."""

    folder: Path
    manifest: dict
    images: VectorBackend  # VectorIndex (hnswlib) or MilvusVectorIndex
    texts: VectorBackend
    crops: CropStore  # or MilvusCropStore (same methods)
    projection: EnglishProjection | None = None
    extras: dict = field(default_factory=dict)

    @property
    def model_version_id(self) -> int:
        return int(self.manifest["model_version_id"])

    @property
    def boxes(self) -> list[tuple[float, float, float, float]]:
        return [tuple(b) for b in self.manifest["crop_boxes"]]  # type: ignore[misc]

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        previous = _manifest_or_none(self.folder)
        self.images.save(self.folder / "images")
        self.texts.save(self.folder / "texts")
        self.crops.save(self.folder)
        proj = self.folder / "en_projection.npz"
        if self.projection is not None:
            self.projection.save(proj)
        else:
            proj.unlink(missing_ok=True)
        manifest_write(self.folder / "manifest.json", self.manifest)  # last: marks the build complete
        if previous is not None:  # a rebuild on Milvus: the old build's collections go now
            from culti_desktop.core.search.milvus_build import retire_collections

            retire_collections(previous, self.manifest, self.folder)

    @classmethod
    def load(cls, folder: Path) -> IndexState | None:
        """The index in ``folder``, or None; cached until its manifest is rewritten (every query of
        the GUI or a benchmark would otherwise re-read all vectors)."""
        mf = folder / "manifest.json"
        try:
            stamp = mf.stat().st_mtime_ns
        except FileNotFoundError:
            _CACHE.pop(str(folder), None)
            return None
        hit = _CACHE.get(str(folder))
        if hit is not None and hit[0] == stamp:
            return hit[1]
        state = cls._read(folder)
        if state is not None:
            _CACHE[str(folder)] = (stamp, state)
        return state

    @classmethod
    def _read(cls, folder: Path) -> IndexState | None:
        mf = folder / "manifest.json"
        if not mf.is_file():
            return None
        manifest = json.loads(mf.read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            return None
        proj = folder / "en_projection.npz"
        if (manifest.get("backend") or {}).get("name", "hnswlib") == "milvus":
            from culti_desktop.core.search.milvus_build import open_milvus

            images, texts, crops = open_milvus(folder, manifest)
        else:
            images, texts = VectorIndex.load(folder / "images"), VectorIndex.load(folder / "texts")
            crops = CropStore.load(folder)
        return cls(
            folder=folder,
            manifest=manifest,
            images=images,
            texts=texts,
            crops=crops,
            projection=EnglishProjection.load(proj) if proj.is_file() else None,
        )

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())
