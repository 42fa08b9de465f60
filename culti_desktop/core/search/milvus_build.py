"""Open and retire the Milvus collections of a build from its manifest (``manifest['backend']``).

Kept apart from ``backends`` (which creates builds) so the index store can open a Milvus build
without importing the backend choice machinery (no import cycle).
"""

from __future__ import annotations

from pathlib import Path

from culti_desktop.core.search.milvus_crops import MilvusCropStore
from culti_desktop.core.search.milvus_index import MilvusTarget, MilvusVectorIndex, client_for


def uri_from_manifest(folder: Path, stored: str) -> str:
    return str(folder.parent.parent / stored[5:]) if stored.startswith("side:") else stored


KINDS = ("images", "texts", "crops")


def open_milvus(folder: Path, manifest: dict):
    """(images, texts, crops) of a Milvus build described by ``manifest['backend']``."""
    b = manifest["backend"]
    target = MilvusTarget(
        uri_from_manifest(folder, b["uri"]),
        b.get("token_env") or "",
        b.get("index_type", "HNSW"),
        b.get("index_params"),
    )
    dim = int(manifest["embed_dim"])
    ix = {}
    for kind in KINDS:
        ix[kind] = MilvusVectorIndex(target, b["collections"][kind], dim, kind)
        ix[kind]._ensure_loaded()
    return ix["images"], ix["texts"], MilvusCropStore(ix["crops"], len(manifest["crop_boxes"]))


def retire_collections(old_manifest: dict | None, new_manifest: dict, folder: Path) -> None:
    """After a rebuild is saved: drop the Milvus collections the previous build used."""
    old = (old_manifest or {}).get("backend") or {}
    if old.get("name") != "milvus":
        return
    keep = set(((new_manifest.get("backend") or {}).get("collections") or {}).values())
    client = client_for(uri_from_manifest(folder, old["uri"]), old.get("token_env") or "")
    for name in old.get("collections", {}).values():
        if name not in keep and client.has_collection(name):
            client.drop_collection(name)
