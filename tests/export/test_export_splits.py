"""Split assignment over indivisible units: complete, reproducible, close to the asked shares."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from culti_desktop.core.export.splits import UnionFind, assign_units

NAMES = ("train", "valid", "test")


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=80),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_every_unit_gets_one_split_and_the_seed_decides(sizes, seed):
    units = [(f"doc{i:03d}", n) for i, n in enumerate(sizes)]
    chosen = assign_units(units, NAMES, (0.8, 0.1, 0.1), seed)
    assert set(chosen) == {k for k, _ in units} and set(chosen.values()) <= set(NAMES)
    assert assign_units(list(reversed(units)), NAMES, (0.8, 0.1, 0.1), seed) == chosen  # order-free
    total = sum(sizes)
    train = sum(n for k, n in units if chosen[k] == "train")
    # greedy by deficit: train's share is off by at most the largest unit
    assert abs(train - 0.8 * total) <= max(sizes)


def test_many_equal_units_follow_the_ratios():
    units = [(f"d{i}", 1) for i in range(1000)]
    chosen = assign_units(units, NAMES, (0.7, 0.2, 0.1), seed=11)
    counts = {n: sum(1 for v in chosen.values() if v == n) for n in NAMES}
    assert counts == {"train": 700, "valid": 200, "test": 100}
    assert assign_units(units, NAMES, (0.7, 0.2, 0.1), seed=12) != chosen


def test_zero_share_split_stays_empty():
    chosen = assign_units([(f"d{i}", 2) for i in range(30)], NAMES, (1, 0, 1), seed=0)
    assert "valid" not in chosen.values() and {"train", "test"} == set(chosen.values())


def test_union_find_groups_linked_items():
    uf = UnionFind()
    uf.union(("doc", "a"), ("text", "t1"))
    uf.union(("doc", "b"), ("text", "t1"))
    uf.union(("doc", "c"), ("text", "t2"))
    assert uf.find(("doc", "a")) == uf.find(("doc", "b")) != uf.find(("doc", "c"))
