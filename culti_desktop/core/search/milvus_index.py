"""The search index on Milvus: the same :class:`~culti_desktop.core.search.ann.VectorIndex`
interface, with the vectors held by Milvus Lite (a ``.db`` folder beside the project) or by a
Milvus server/cluster (``http://host:19530`` plus a token from the environment or the keyring).

Why: hnswlib holds every vector in this process's RAM (~4.5 KB per 512-d vector), so an
archive of tens of millions of figure regions does not fit one desktop; Milvus shards and
replicates the same collections over query nodes (docs/scale.md, ADR 0072). Only pymilvus is
used, so one code path serves Lite in tests and a cluster in production.

Three collections per index build: ``images`` (figure region id → global vector, plus the
document id and the statuses/splits of its pairs, for scalar filters), ``texts`` (pair id →
caption vector, document, status, split) and ``crops`` (one row per LACLIP crop, the figure id
as a scalar field, so re-ranking fetches a candidate's crops by figure id). pymilvus is
imported lazily: without the ``milvus`` extra the rest of the app works unchanged.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.ann import (
    DEFAULT_EF_CONSTRUCTION,
    DEFAULT_EF_SEARCH,
    DEFAULT_M,
    ScalarFilter,
    normalise,
)

TOKEN_ENV = "CULTI_MILVUS_TOKEN"
KEYRING_SERVICE = "culti-desktop-milvus"
CROP_SLOTS = 1024  # crop row id = figure id × CROP_SLOTS + crop number (deterministic: upsert replaces)
MAX_LIMIT = 16384  # Milvus' largest top-k
_BATCH = 2000  # rows per insert/upsert request (stays under the 64 MiB gRPC message limit at 512-d)
_NAME_OK = re.compile(r"^[A-Za-z0-9_\-.:| ]{1,130}$")  # values allowed inside a filter expression
# Session, not Strong: on a server Strong waits for the next time tick (~200 ms) on every search;
# Session sees this process's own writes at once (pymilvus passes its last write timestamp) and
# other processes' writes within a time tick; Bounded would hide even our own writes for up to
# 5 s (gracefulTime), which broke add-then-search on Milvus 2.3 (ADR 0075). Lite is always Strong.
CONSISTENCY = "Session"
INDEX_TYPES = ("HNSW", "HNSW_SQ", "IVF_FLAT", "IVF_SQ8", "IVF_PQ", "FLAT", "AUTOINDEX")
LITE_LACKS = (
    "IVF_PQ",
)  # milvus-lite 3.2 accepts the name but builds no PQ index (its factory: "future phase")


def _pymilvus():
    try:
        import pymilvus
    except ImportError as exc:  # pragma: no cover - the milvus extra is installed in tests
        raise CultiError(
            "the Milvus backend needs pymilvus (and milvus-lite for a local file): "
            "pip install 'culti-desktop[milvus]'"
        ) from exc
    return pymilvus


def is_lite(uri: str) -> bool:
    return not re.match(r"^[a-z]+://", uri)


def resolve_token(uri: str, token_env: str = TOKEN_ENV) -> str:
    """The token for ``uri``: the environment variable first, then the system keyring; never a file."""
    token = os.environ.get(token_env or TOKEN_ENV, "")
    if token or is_lite(uri):
        return token
    try:
        import keyring  # optional: only where the desktop has a keyring backend
    except ImportError:
        return ""
    try:
        return keyring.get_password(KEYRING_SERVICE, uri) or ""
    except Exception:  # noqa: BLE001 - no usable keyring backend: connect without a token
        return ""


def check_uri(uri: str) -> str:
    """Refuse credentials inside a URI (they would be stored in the manifest in clear text)."""
    if re.match(r"^[a-z]+://[^/@]*@", uri):
        raise CultiError(
            f"do not put credentials in the Milvus URI; set {TOKEN_ENV} (or the keyring) instead: "
            + re.sub(r"//[^/@]*@", "//***@", uri)
        )
    return uri


_CLIENTS: dict[tuple[str, str], Any] = {}
_LOCK = threading.Lock()


def client_for(uri: str, token_env: str = TOKEN_ENV):
    """A shared MilvusClient per (uri, token): Milvus Lite allows one process per ``.db`` folder."""
    token = resolve_token(uri, token_env)
    key = (uri, token)
    with _LOCK:
        hit = _CLIENTS.get(key)
        if hit is not None:
            return hit
        pm = _pymilvus()
        if is_lite(uri):
            Path(uri).parent.mkdir(parents=True, exist_ok=True)
        try:
            client = pm.MilvusClient(uri, token=token) if token else pm.MilvusClient(uri)
        except Exception as exc:
            raise CultiError(f"cannot reach Milvus at {uri}: {_short(exc)}") from exc
        _CLIENTS[key] = client
        return client


def server_version(client, uri: str) -> tuple[int, int]:
    """(major, minor) of the Milvus behind ``client``; Lite counts as current (it has INVERTED)."""
    if is_lite(uri):
        return (9, 9)
    try:
        m = re.search(r"(\d+)\.(\d+)", str(client.get_server_version()))
    except Exception:  # noqa: BLE001 - unknown: assume a current server
        return (9, 9)
    return (int(m.group(1)), int(m.group(2))) if m else (9, 9)


def scalar_index_type(client, uri: str) -> str:
    """INVERTED for the integer filter field; Milvus before 2.4 has no INVERTED (STL_SORT there)."""
    return "INVERTED" if server_version(client, uri) >= (2, 4) else "STL_SORT"


def _short(exc: BaseException) -> str:
    msg = getattr(exc, "message", None) or str(exc)
    return " ".join(str(msg).split())[:300]


def _values(values: Sequence[Any], what: str) -> str:
    out = []
    for v in values:
        if isinstance(v, (int, np.integer)):
            out.append(str(int(v)))
        elif isinstance(v, str) and _NAME_OK.match(v):
            out.append(json.dumps(v))
        else:
            raise CultiError(f"not a valid {what} for a Milvus filter: {v!r}")
    return "[" + ", ".join(out) + "]"


def filter_expression(kind: str, where: ScalarFilter | None, allowed: Sequence[int] | None) -> str:
    """The Milvus boolean expression for a search of collection ``kind`` ("images" or "texts")."""
    parts = []
    if allowed is not None:
        parts.append(f"id in {_values(allowed, 'id')}")
    if where is not None:
        if where.documents:
            parts.append(f"document in {_values(where.documents, 'document id')}")
        st, sp = list(where.statuses or []), list(where.splits or [])
        if kind == "texts":
            if st:
                parts.append(f"status in {_values(st, 'status')}")
            if sp:
                parts.append(f"split in {_values(sp, 'split')}")
        elif st and sp:  # one pair must have both: the (status, split) combinations of its pairs
            parts.append(
                f"array_contains_any(combos, {_values([f'{a}|{b}' for a in st for b in sp], 'status')})"
            )
        elif st:
            parts.append(f"array_contains_any(statuses, {_values(st, 'status')})")
        elif sp:
            parts.append(f"array_contains_any(splits, {_values(sp, 'split')})")
    return " and ".join(parts)


def _image_meta(m: dict | None) -> dict:
    m = m or {}
    st, sp = sorted(set(m.get("statuses", []))), sorted(set(m.get("splits", [])))
    combos = sorted(set(m.get("combos", [])))
    return {"document": int(m.get("document", -1)), "statuses": st, "splits": sp, "combos": combos}


def _text_meta(m: dict | None) -> dict:
    m = m or {}
    return {
        "document": int(m.get("document", -1)),
        "status": m.get("status") or "",
        "split": m.get("split") or "",
    }


@dataclass
class MilvusTarget:
    """Where the collections live. ``uri``: a Lite ``.db`` path or a server URL (no credentials)."""

    uri: str
    token_env: str = TOKEN_ENV
    index_type: str = "HNSW"
    params: dict | None = None  # index build parameters (M/efConstruction, nlist, m/nbits ...)

    def client(self):
        return client_for(self.uri, self.token_env)

    def index_params(self) -> dict:
        if self.params:
            return dict(self.params)
        return {
            "HNSW": {"M": DEFAULT_M, "efConstruction": DEFAULT_EF_CONSTRUCTION},
            "IVF_FLAT": {"nlist": 1024},
            "IVF_SQ8": {"nlist": 1024},
            "IVF_PQ": {"nlist": 1024, "m": 64, "nbits": 8},
        }.get(self.index_type, {})


class MilvusVectorIndex:
    """One Milvus collection behind the VectorIndex interface (labels = region or pair ids)."""

    filters_in_index = True  # scalar filters are evaluated by Milvus: the engine passes ``where``

    def __init__(
        self, target: MilvusTarget, collection: str, dim: int, kind: str, ef_search: int | None = None
    ):
        self.target, self.collection, self.dim, self.kind = target, collection, dim, kind
        self.ef_search = ef_search or DEFAULT_EF_SEARCH
        self._client = target.client()

    # -- collection ---------------------------------------------------------------------------
    def create(self) -> MilvusVectorIndex:
        """Create the collection (idempotent) with its vector index and load it."""
        pm = _pymilvus()
        c = self._client
        if is_lite(self.target.uri) and self.target.index_type in LITE_LACKS:
            raise CultiError(
                f"Milvus Lite has no {self.target.index_type} index (no product quantisation): "
                "use HNSW, HNSW_SQ, IVF_FLAT or IVF_SQ8, or a Milvus server"
            )
        if not c.has_collection(self.collection):
            schema = pm.MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("id", pm.DataType.INT64, is_primary=True)
            schema.add_field("vec", pm.DataType.FLOAT_VECTOR, dim=self.dim)
            if self.kind == "crops":
                schema.add_field("figure", pm.DataType.INT64)
                schema.add_field("crop", pm.DataType.INT32)
            else:
                schema.add_field("document", pm.DataType.INT64)
            if self.kind == "images":
                for name in ("statuses", "splits", "combos"):
                    schema.add_field(
                        name,
                        pm.DataType.ARRAY,
                        element_type=pm.DataType.VARCHAR,
                        max_capacity=64,
                        max_length=130,
                    )
            elif self.kind == "texts":
                schema.add_field("status", pm.DataType.VARCHAR, max_length=64)
                schema.add_field("split", pm.DataType.VARCHAR, max_length=64)
            ip = c.prepare_index_params()
            crops = self.kind == "crops"  # never searched at large: exact, filtered to a few figures
            ip.add_index(
                field_name="vec",
                index_type="FLAT" if crops else self.target.index_type,
                metric_type="IP",
                params={} if crops else self.target.index_params(),
            )
            scalar = "figure" if self.kind == "crops" else "document"
            ip.add_index(field_name=scalar, index_type=scalar_index_type(c, self.target.uri))
            try:
                c.create_collection(
                    self.collection, schema=schema, index_params=ip, consistency_level=CONSISTENCY
                )
            except Exception as exc:
                raise CultiError(f"Milvus could not create {self.collection}: {_short(exc)}") from exc
        self._ensure_loaded()
        return self

    def _ensure_loaded(self) -> None:
        try:
            state = str(self._client.get_load_state(self.collection).get("state", ""))
        except Exception:  # noqa: BLE001 - older servers: just load
            state = ""
        if "Loaded" not in state or "NotLoad" in state:
            self._client.load_collection(self.collection)

    def drop(self) -> None:
        if self._client.has_collection(self.collection):
            self._client.drop_collection(self.collection)

    def _call(self, what: str, fn, *args, **kw):
        try:
            return fn(*args, **kw)
        except CultiError:
            raise
        except Exception as exc:
            if "released" in str(exc) or "not loaded" in str(exc):
                self._ensure_loaded()
                return fn(*args, **kw)
            raise CultiError(f"Milvus {what} on {self.collection} failed: {_short(exc)}") from exc

    # -- content ------------------------------------------------------------------------------
    def __len__(self) -> int:
        rows = self._call("count", self._client.query, self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def __contains__(self, label: int) -> bool:
        return bool(
            self._call("get", self._client.get, self.collection, ids=[int(label)], output_fields=["id"])
        )

    @property
    def labels(self) -> np.ndarray:
        it = self._client.query_iterator(self.collection, batch_size=5000, filter="", output_fields=["id"])
        out: list[int] = []
        try:
            while batch := it.next():
                out += [int(r["id"]) for r in batch]
        finally:
            it.close()
        return np.array(sorted(out), np.int64)

    def vector(self, label: int) -> np.ndarray:
        return self.vectors([label])[0]

    def vectors(self, labels: Sequence[int]) -> np.ndarray:
        labels = [int(x) for x in labels]
        if not labels:
            return np.zeros((0, self.dim), np.float32)
        rows = self._call("get", self._client.get, self.collection, ids=labels, output_fields=["vec"])
        by_id = {int(r["id"]): r["vec"] for r in rows}
        missing = [x for x in labels if x not in by_id]
        if missing:
            raise KeyError(missing[0])
        return np.asarray([by_id[x] for x in labels], np.float32)

    def add(self, labels: Sequence[int], vectors: np.ndarray, meta: Sequence[dict] | None = None) -> None:
        """Insert or replace (upsert by id); ``meta``: per label, the fields scalar filters use."""
        ids = np.asarray(labels, np.int64)
        if not len(ids):
            return
        vectors = normalise(vectors).reshape(len(ids), self.dim)
        fill = _text_meta if self.kind == "texts" else _image_meta
        rows = [
            {"id": int(lab), "vec": vectors[i], **fill(meta[i] if meta is not None else None)}
            for i, lab in enumerate(ids.tolist())
        ]
        self._upsert(rows)

    def _upsert(self, rows: list[dict]) -> None:
        for s in range(0, len(rows), _BATCH):
            self._call("upsert", self._client.upsert, self.collection, rows[s : s + _BATCH])

    def set_meta(self, labels: Sequence[int], meta: Sequence[dict]) -> None:
        """Update the filter fields of existing items (their vectors are read back and kept)."""
        labels = [int(x) for x in labels]
        for s in range(0, len(labels), _BATCH):
            part = labels[s : s + _BATCH]
            self.add(part, self.vectors(part), list(meta[s : s + _BATCH]))

    def remove(self, labels: Sequence[int]) -> None:
        labels = [int(x) for x in labels]
        for s in range(0, len(labels), _BATCH):
            self._call("delete", self._client.delete, self.collection, ids=labels[s : s + _BATCH])

    # -- queries ------------------------------------------------------------------------------
    def search_params(self, ef: int | None, k: int) -> dict:
        t = self.target.index_type
        breadth = max(ef or self.ef_search, k)
        if t.startswith("HNSW"):
            return {"metric_type": "IP", "params": {"ef": min(breadth, 32768)}}
        if t.startswith("IVF"):  # breadth as probed lists: ef 100 ≈ nprobe 32 of 1024 (ADR 0073)
            return {"metric_type": "IP", "params": {"nprobe": max(1, min(breadth // 3, 1024))}}
        return {"metric_type": "IP", "params": {}}

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
        """(labels, scores) of shape (Q, k'), best first. ``where``/``allowed`` become a Milvus
        filter; ``exact`` asks for a wider search (Milvus has no per-query brute force over an
        HNSW collection: ef is raised to at least 4 k)."""
        q = normalise(np.atleast_2d(queries))
        k = min(int(k), MAX_LIMIT)
        if k <= 0 or (allowed is not None and not len(allowed)):
            return np.zeros((len(q), 0), np.int64), np.zeros((len(q), 0), np.float32)
        expr = filter_expression(self.kind, where, allowed)
        if exact:
            ef = max(ef or self.ef_search, 4 * k)
        res = self._call(
            "search",
            self._client.search,
            self.collection,
            data=[row for row in q],
            limit=k,
            filter=expr,
            output_fields=["id"],
            search_params=self.search_params(ef, k),
        )
        hits = [list(h) for h in res]
        width = min((len(h) for h in hits), default=0)
        labels = np.array([[int(x["id"]) for x in h[:width]] for h in hits], np.int64).reshape(len(q), width)
        scores = np.array([[float(x["distance"]) for x in h[:width]] for h in hits], np.float32).reshape(
            len(q), width
        )
        return labels, scores

    # -- files --------------------------------------------------------------------------------
    def descriptor(self) -> dict:
        return {
            "collection": self.collection,
            "kind": self.kind,
            "dim": self.dim,
            "ef_search": self.ef_search,
        }

    def save(self, stem: Path) -> None:
        """Milvus persists every write itself; only the descriptor is written beside the manifest."""
        stem.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(f"{stem}.milvus.json.tmp")
        tmp.write_text(json.dumps(self.descriptor(), indent=1), "utf-8")
        os.replace(tmp, f"{stem}.milvus.json")

    def memory_bytes(self) -> int:
        """Not known from the client: the server's query nodes hold it (see docs/scale.md)."""
        return 0
