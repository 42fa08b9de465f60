"""LACLIP crop vectors on Milvus: one row per crop of a figure, the figure id as a scalar field.

Same methods as :class:`~culti_desktop.core.search.index_store.CropStore`; re-ranking asks Milvus
for the crop·query scores of the candidates' crops, so no crop vector crosses the network for the
default ("best") variant (ADR 0072).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from culti_desktop.core.search.milvus_index import CROP_SLOTS, MAX_LIMIT, MilvusVectorIndex, _values


class MilvusCropStore:
    """LACLIP crop vectors per figure in their own collection (row = one crop of one figure)."""

    def __init__(self, index: MilvusVectorIndex, k: int) -> None:
        self.index, self.k = index, k

    def __contains__(self, label: int) -> bool:
        return bool(
            self.index._call(
                "query",
                self.index._client.query,
                self.index.collection,
                filter=f"figure == {int(label)}",
                output_fields=["id"],
                limit=1,
            )
        )

    def get(self, labels) -> np.ndarray:
        """(n, K, D) float32 crop vectors of these figures, fetched by the ``figure`` field."""
        labels = [int(x) for x in labels]
        out = np.zeros((len(labels), self.k, self.index.dim), np.float32)
        if not labels:
            return out
        rows = self.index._call(
            "query",
            self.index._client.query,
            self.index.collection,
            filter=f"figure in {_values(sorted(set(labels)), 'id')}",
            output_fields=["figure", "crop", "vec"],
            limit=min(len(set(labels)) * self.k, MAX_LIMIT),
        )
        pos = {lab: i for i, lab in enumerate(labels)}
        found = set()
        for r in rows:
            i = pos.get(int(r["figure"]))
            if i is not None and int(r["crop"]) < self.k:
                out[i, int(r["crop"])] = r["vec"]
                found.add(int(r["figure"]))
        missing = [x for x in labels if x not in found]
        if missing:
            raise KeyError(missing[0])
        if len(set(labels)) != len(labels):  # duplicates: fill every position
            for lab, i in pos.items():
                out[[j for j, x in enumerate(labels) if x == lab]] = out[i]
        return out

    def similarities(
        self, labels, query: np.ndarray, global_vecs: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """(crop·query (n, K), crop·global (n, K) or None), as CropStore.similarities.

        crop·query are Milvus' own scores of a search restricted to the candidates' crops
        (``figure in [...]``, exact on the FLAT crop collection): only (id, score) pairs cross the
        network, ~26 KB for 100 figures instead of 4.5 MB of crop vectors. crop·global (the
        weighted variant) needs the vectors: fetched by figure id."""
        labels = [int(x) for x in labels]
        q = np.asarray(query, np.float32).reshape(-1)
        if global_vecs is not None:
            crops = self.get(labels)
            return crops @ q, np.einsum("nkd,nd->nk", crops, np.asarray(global_vecs, np.float32))
        sims = np.full((len(labels), self.k), np.nan, np.float32)
        uniq = sorted(set(labels))
        if uniq:
            res = self.index._call(
                "search",
                self.index._client.search,
                self.index.collection,
                data=[q],
                limit=min(len(uniq) * self.k, MAX_LIMIT),
                filter=f"figure in {_values(uniq, 'id')}",
                output_fields=["figure", "crop"],
                search_params={"metric_type": "IP", "params": {}},
            )
            rows: dict[int, list[tuple[int, float]]] = {lab: [] for lab in uniq}  # figure → (crop, score)
            for hit in res[0]:
                ent = hit.get("entity", hit)
                f, j = int(ent["figure"]), int(ent["crop"])
                if f in rows and j < self.k:
                    rows[f].append((j, float(hit["distance"])))
            for i, lab in enumerate(labels):
                for j, score in rows[lab]:
                    sims[i, j] = score
        missing = sorted({labels[i] for i in np.where(np.isnan(sims).any(axis=1))[0]})
        if missing:  # a search cut short (limit) or an index that skipped rows: read those exactly
            exact = dict(zip(missing, self.get(missing) @ q, strict=True))
            for i, lab in enumerate(labels):
                if lab in exact:
                    sims[i] = exact[lab]
        return sims, None

    def updated(self, add_labels, add_vectors: np.ndarray, remove=()) -> MilvusCropStore:
        """Apply the change to the collection (upsert by deterministic row id); returns self."""
        drop = sorted({int(x) for x in remove} - {int(x) for x in add_labels})
        if drop:
            ids = [f * CROP_SLOTS + j for f in drop for j in range(self.k)]
            self.index.remove(ids)
        # Rounded through float16 as the file store keeps them: both backends score the same values.
        vecs = np.asarray(add_vectors, np.float16).astype(np.float32)
        rows = []
        for i, f in enumerate(int(x) for x in add_labels):
            v = vecs[i]
            rows += [{"id": f * CROP_SLOTS + j, "vec": v[j], "figure": f, "crop": j} for j in range(self.k)]
        self.index._upsert(rows)
        return self

    # The append-only file store's writing protocol (bind / append / remove), so the indexer
    # streams crops the same way on both backends: each call goes to the collection at once.
    def bind(self, folder: Path) -> None:
        """Nothing to bind: rows are written to the collection as they come."""

    def append(self, labels, vectors: np.ndarray) -> None:
        self.updated(labels, vectors)

    def remove(self, labels) -> None:
        self.updated([], np.zeros((0, self.k, self.index.dim), np.float32), remove=labels)

    def save(self, folder: Path) -> None:
        self.index.save(folder / "crops")
