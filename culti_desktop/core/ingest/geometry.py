"""Box arithmetic shared by the ingest steps (boxes are ``(x0, y0, x1, y1)``, y grows downwards)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Box = tuple[float, float, float, float]


def area(b: Sequence[float]) -> float:
    return max(0.0, b[2] - b[0]) * max(0.0, b[3] - b[1])


def intersect(a: Sequence[float], b: Sequence[float]) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def union(boxes: Iterable[Sequence[float]]) -> Box:
    bs = list(boxes)
    return (min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs))


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    inter = area(intersect(a, b))
    u = area(a) + area(b) - inter
    return inter / u if u > 0 else 0.0


def inside_fraction(inner: Sequence[float], outer: Sequence[float]) -> float:
    """Share of ``inner``'s area lying inside ``outer``."""
    a = area(inner)
    return area(intersect(inner, outer)) / a if a > 0 else 0.0


def h_overlap(a: Sequence[float], b: Sequence[float]) -> float:
    """Horizontal overlap as a share of the narrower box."""
    ov = min(a[2], b[2]) - max(a[0], b[0])
    w = min(a[2] - a[0], b[2] - b[0])
    return max(0.0, ov) / w if w > 0 else 0.0


def v_overlap(a: Sequence[float], b: Sequence[float]) -> float:
    """Vertical overlap as a share of the shorter box."""
    ov = min(a[3], b[3]) - max(a[1], b[1])
    h = min(a[3] - a[1], b[3] - b[1])
    return max(0.0, ov) / h if h > 0 else 0.0


def gap(a: Sequence[float], b: Sequence[float]) -> float:
    """Smallest distance between two boxes (0 when they touch or overlap)."""
    dx = max(0.0, max(a[0], b[0]) - min(a[2], b[2]))
    dy = max(0.0, max(a[1], b[1]) - min(a[3], b[3]))
    return (dx * dx + dy * dy) ** 0.5


def expand(b: Sequence[float], d: float) -> Box:
    return (b[0] - d, b[1] - d, b[2] + d, b[3] + d)


def scale(b: Sequence[float], s: float) -> Box:
    return (b[0] * s, b[1] * s, b[2] * s, b[3] * s)
