"""Seeded, reproducible split assignment over indivisible units.

A unit is a set of pairs that must land in one split: for ``document`` splits, all pairs of a
group of documents linked by shared texts (one text's positives may sit in several documents);
for ``random`` splits, all pairs of one text (and of the texts sharing its images). Units are
ordered by a content key (not by database ids), shuffled with the seed, and each goes to the
split furthest below its target share of pairs, so the same project and seed give the same split.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence


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
