"""Which vector backend a project's index uses (hnswlib files, or Milvus Lite/server), and the
glue that keeps the indexer and the search engine backend-neutral.

The choice is per project (``culti index --backend milvus --uri …``), kept in the project's
``meta`` table as ``search_backend`` and, with every build, in its manifest and ``IndexBuild``
row. No secret is ever stored: only the *name* of the environment variable holding the token
(ADR 0074). Each backend and URI gets its own build folder, so a project can hold an hnswlib
and a Milvus index of the same model side by side (``culti search --backend`` picks one).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.ann import VectorIndex
from culti_desktop.core.storage.project import Project

BACKENDS = ("hnswlib", "milvus")
SETTING = "search_backend"
LITE_FILE = "milvus.db"


@dataclass
class BackendSpec:
    """``uri``: for Milvus, a server URL or a Lite ``.db`` path (None: ``<side folder>/index/milvus.db``)."""

    name: str = "hnswlib"
    uri: str | None = None
    token_env: str | None = None
    index_type: str | None = None  # Milvus vector index (HNSW by default)

    def __post_init__(self) -> None:
        if self.name not in BACKENDS:
            raise CultiError(f"backend must be one of {', '.join(BACKENDS)}, not {self.name!r}")
        if self.name == "hnswlib" and self.uri:
            raise CultiError(
                "--uri is for the milvus backend (hnswlib keeps its files in the project folder)"
            )
        if self.index_type:
            from culti_desktop.core.search.milvus_index import INDEX_TYPES

            self.index_type = self.index_type.upper()
            if self.index_type not in INDEX_TYPES:
                raise CultiError(f"Milvus index type must be one of {', '.join(INDEX_TYPES)}")
        if self.uri:
            from culti_desktop.core.search.milvus_index import check_uri

            check_uri(self.uri)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> BackendSpec:
        d = d or {}
        return cls(
            **{k: d.get(k) for k in ("uri", "token_env", "index_type")}, name=d.get("name") or "hnswlib"
        )


def project_backend(project: Project) -> BackendSpec:
    raw = project.get_meta(SETTING)
    return BackendSpec.from_dict(json.loads(raw)) if raw else BackendSpec()


def set_project_backend(project: Project, spec: BackendSpec) -> None:
    project.set_meta(SETTING, json.dumps(spec.as_dict()))


def lite_uri(project: Project, uri: str | None) -> str:
    """The absolute Lite path (default: inside the project's side folder)."""
    return str(Path(uri).expanduser().resolve()) if uri else str(project.side_dir / "index" / LITE_FILE)


def connection_uri(project: Project, spec: BackendSpec) -> str:
    from culti_desktop.core.search.milvus_index import is_lite

    if spec.uri and not is_lite(spec.uri):
        return spec.uri.rstrip("/")
    return lite_uri(project, spec.uri)


def build_dir(project: Project, model_version_id: int, spec: BackendSpec | None = None) -> Path:
    """``index/mv<N>`` for hnswlib (unchanged), ``index/mv<N>-milvus-<uri hash>`` for Milvus."""
    base = project.side_dir / "index" / f"mv{model_version_id}"
    if spec is None or spec.name == "hnswlib":
        return base
    stored = _stored_uri(project, connection_uri(project, spec))  # not the absolute path: projects move
    tag = hashlib.sha1(stored.encode("utf-8")).hexdigest()[:8]
    return base.with_name(f"{base.name}-milvus-{tag}")


def _stored_uri(project: Project, uri: str) -> str:
    """Lite paths inside the side folder are stored relative to it (the project may move)."""
    try:
        return "side:" + Path(uri).relative_to(project.side_dir).as_posix()
    except ValueError:
        return uri


def _collection_prefix(project: Project, mv: int) -> str:
    """Collection names unique per project, model and build (a full rebuild makes new ones)."""
    # ASCII only: a Milvus server accepts [A-Za-z0-9_] (Lite took 测试 too; the server refused it)
    stem = "".join(c if c.isascii() and c.isalnum() else "_" for c in project.path.stem)[:24].strip("_")
    stem = stem or "project"
    key = hashlib.sha1(str(project.path.resolve()).encode("utf-8")).hexdigest()[:6]
    return f"culti_{stem}_{key}_mv{mv}_{secrets.token_hex(3)}"


def new_indexes(project: Project, spec: BackendSpec, mv: int, dim: int, crops_per_figure: int):
    """(images, texts, crops, manifest entry) of an empty build on ``spec``."""
    from culti_desktop.core.search.crop_store import CropStore

    if spec.name == "hnswlib":
        return (
            VectorIndex(dim, 1024),
            VectorIndex(dim, 1024),
            CropStore.empty(crops_per_figure, dim),
            {"name": "hnswlib"},
        )
    from culti_desktop.core.search.milvus_build import KINDS
    from culti_desktop.core.search.milvus_crops import MilvusCropStore
    from culti_desktop.core.search.milvus_index import MilvusTarget, MilvusVectorIndex

    uri = connection_uri(project, spec)
    target = MilvusTarget(uri, token_env=spec.token_env) if spec.token_env else MilvusTarget(uri)
    if spec.index_type:
        target.index_type = spec.index_type
    prefix = _collection_prefix(project, mv)
    images, texts, crops = (MilvusVectorIndex(target, f"{prefix}_{k}", dim, k).create() for k in KINDS)
    entry = {
        "name": "milvus",
        "uri": _stored_uri(project, uri),
        "token_env": target.token_env,
        "index_type": target.index_type,
        "index_params": target.index_params(),
        "collections": {k: ix.collection for k, ix in zip(KINDS, (images, texts, crops), strict=True)},
    }
    return images, texts, MilvusCropStore(crops, crops_per_figure), entry


# -- scalar fields for Milvus filters -------------------------------------------------------
def _h(m: dict) -> str:
    return hashlib.sha1(json.dumps(m, sort_keys=True).encode("utf-8")).hexdigest()[:12]


def current_meta(project: Project) -> tuple[dict[int, dict], dict[int, dict]]:
    """({region id: document, statuses, splits, combos}, {pair id: document, status, split}) now."""
    with project.read_session() as s:
        rows = s.execute(
            text(
                "SELECT p.id, p.figure_region_id, p.status, p.split, pg.document_id FROM pairs p "
                "JOIN regions r ON r.id = p.figure_region_id JOIN pages pg ON pg.id = r.page_id "
                "WHERE p.status != 'rejected'"
            )
        ).all()
    regions: dict[int, dict] = {}
    pairs: dict[int, dict] = {}
    for pid, rid, status, split, doc in rows:
        pairs[int(pid)] = {"document": int(doc), "status": status or "", "split": split or ""}
        m = regions.setdefault(
            int(rid), {"document": int(doc), "statuses": set(), "splits": set(), "combos": set()}
        )
        m["statuses"].add(status or "")
        if split:
            m["splits"].add(split)
        m["combos"].add(f"{status or ''}|{split or ''}")
    for m in regions.values():
        for key in ("statuses", "splits", "combos"):
            m[key] = sorted(m[key])
    return regions, pairs


class MetaPlan:
    """Filter fields for a backend that filters itself; a no-op object for hnswlib."""

    def __init__(self, project: Project, state) -> None:
        self.state = state
        self.active = bool(getattr(state.images, "filters_in_index", False))
        self.regions, self.pairs = current_meta(project) if self.active else ({}, {})

    def for_regions(self, ids) -> list[dict] | None:
        return [self.regions.get(int(r), {}) for r in ids] if self.active else None

    def for_pairs(self, ids) -> list[dict] | None:
        return [self.pairs.get(int(p), {}) for p in ids] if self.active else None

    def changed(self) -> tuple[list[int], list[int]]:
        """Indexed figures/captions whose document, status or split differ from the build's."""
        if not self.active:
            return [], []
        fp = self.state.manifest.get("meta", {})
        old_r, old_p = fp.get("regions", {}), fp.get("pairs", {})
        regions = [
            r
            for r in map(int, self.state.manifest["regions"])
            if old_r.get(str(r)) != _h(self.regions.get(r, {}))
        ]
        pairs = [
            p
            for p in map(int, self.state.manifest["pairs"])
            if old_p.get(str(p)) != _h(self.pairs.get(p, {}))
        ]
        return regions, pairs

    def apply(self, embedded_regions, embedded_pairs) -> None:
        """After the vectors are written: update the fields of the items not re-embedded, record all."""
        if not self.active:
            return
        regions, pairs = self.changed()
        done_r, done_p = {int(x) for x in embedded_regions}, {int(x) for x in embedded_pairs}
        regions = [r for r in regions if r not in done_r]
        pairs = [p for p in pairs if p not in done_p]
        if regions:
            self.state.images.set_meta(regions, self.for_regions(regions))
        if pairs:
            self.state.texts.set_meta(pairs, self.for_pairs(pairs))
        self.state.manifest["meta"] = {
            "regions": {r: _h(self.regions.get(int(r), {})) for r in self.state.manifest["regions"]},
            "pairs": {p: _h(self.pairs.get(int(p), {})) for p in self.state.manifest["pairs"]},
        }


def stale_reasons(project: Project, state) -> list[str]:
    regions, pairs = MetaPlan(project, state).changed()
    if not (regions or pairs):
        return []
    return [
        f"{len(regions)} figures, {len(pairs)} captions changed document, status or split (Milvus filters)"
    ]
