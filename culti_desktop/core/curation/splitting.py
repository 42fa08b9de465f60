"""Seeded, reproducible split assignment over indivisible units.

A unit is a set of pairs that must land in one split: for ``document`` splits, all pairs of a
group of documents linked by shared texts (one text's positives may sit in several documents);
for ``random`` splits, all pairs of one text (and of the texts sharing its images). Units are
ordered by a content key (not by database ids), shuffled with the seed, and each goes to the
split furthest below its target share of pairs, so the same project and seed give the same split.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, x: Hashable) -> Hashable:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def assign_units(
    units: Iterable[tuple[str, int]], names: Sequence[str], ratios: Sequence[float], seed: int
) -> dict[str, str]:
    """``units`` = (stable key, pair count) → {unit key: split name}."""
    ordered = sorted(units)
    random.Random(seed).shuffle(ordered)
    total_ratio = float(sum(ratios))
    shares = [r / total_ratio for r in ratios]
    counts = [0] * len(names)
    done = 0
    out: dict[str, str] = {}
    for key, size in ordered:
        done += size
        # the split whose count lags its target share the most after adding this unit
        best = max(
            (i for i in range(len(names)) if shares[i] > 0),
            key=lambda i: (shares[i] * done - counts[i], shares[i], -i),
        )
        counts[best] += size
        out[key] = names[best]
    return out


class Splittable(Protocol):
    """What a pair needs to be placed in a split (export's PlanPair and curation's rows)."""

    pair_id: int
    region_id: int
    document_sha256: str
    page_index: int
    bbox: tuple[float, float, float, float]
    text_key: str | None

    @property
    def zh_text(self) -> str: ...

    @property
    def en_text(self) -> str: ...


def _text(p: Splittable) -> tuple[str, str]:
    return ("text", p.text_key or f"pair:{p.pair_id}")


def split_items(
    items: Sequence[Splittable], by: str, names: Sequence[str], ratios: Sequence[float], seed: int
) -> dict[int, str]:
    """{pair id: split name} for ``items``, grouped into units by ``document`` or ``random``.

    ``document`` keeps every pair of a group of documents linked by shared texts together;
    ``random`` keeps the pairs of one text (and of texts sharing its images) together. Unit keys
    come from content (document hashes, boxes, words), never from database ids.
    """
    if not items:
        return {}
    uf = UnionFind()
    for p in items:
        if by == "random":
            uf.union(_text(p), ("region", p.region_id))
        else:
            uf.union(("doc", p.document_sha256), _text(p))
    members: dict[Any, list[Splittable]] = defaultdict(list)
    for p in items:
        members[uf.find(_text(p))].append(p)
    units: dict[str, list[Splittable]] = {}
    for group in members.values():
        if by == "random":
            key = min(
                f"{p.document_sha256}:{p.page_index}:{','.join(f'{v:.1f}' for v in p.bbox)}:"
                f"{p.text_key or p.zh_text or p.en_text}"
                for p in group
            )
        else:
            key = min(p.document_sha256 for p in group)
        while key in units:  # two look-alike groups (same page, box and words): keep both
            key += "+"
        units[key] = group
    chosen = assign_units(((k, len(v)) for k, v in units.items()), names, ratios, seed)
    return {p.pair_id: chosen[key] for key, group in units.items() for p in group}


def count_units(items: Sequence[Splittable], by: str) -> int:
    """How many indivisible units ``items`` form (a project of one document has one)."""
    return len(set(_unit_roots(items, by)))


def _unit_roots(items: Sequence[Splittable], by: str) -> list[Hashable]:
    uf = UnionFind()
    for p in items:
        uf.union(_text(p), ("region", p.region_id) if by == "random" else ("doc", p.document_sha256))
    return [uf.find(_text(p)) for p in items]
