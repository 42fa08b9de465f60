"""The files of one index build, under ``<project>.culti.d/index/mv<model version id>/``.

* ``images.{hnsw,npz}``: global vectors of figure regions (label = region id);
* ``texts.{hnsw,npz}``: caption vectors (label = pair id);
* ``crops/``: LACLIP crop vectors (K per figure, float16) in append-only chunk files with a
  journal (``core/search/crop_store.py``), memory-mapped at query time (re-ranking reads only the
  candidates' rows);
* ``en_projection.npz``: the English→Chinese projection learned from bilingual captions;
* ``manifest.json``: model version, crop boxes, and the fingerprint of every indexed region and
  pair — comparing them with the project tells what is new, edited or deleted (incremental
  update, stale detection). Everything here is rebuildable from the project file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from culti_desktop.core.search.ann import VectorBackend, VectorIndex, manifest_write
from culti_desktop.core.search.bilingual import EnglishProjection
from culti_desktop.core.search.crop_store import CropStore
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
        return [tuple(b) for b in self.manifest["crop_boxes"]]

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
