"""What a generated page holds: drawing operations plus its ground truth, in PDF points.

Every operation knows its own box, so the ground truth is computed from what is drawn, not
estimated afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from culti_desktop.testing.docgen import text as T

Box = tuple[float, float, float, float]
ASC, DESC = 0.9365, -0.2358  # the bundled font's ascender/descender (em units)


def union(boxes: list[Box]) -> Box:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass
class TextOp:
    """Lines of text from a top-left corner; vertical text runs in columns right to left."""

    x: float
    y: float
    lines: list[str]
    size: float
    vertical: bool = False
    leading: float = 1.4
    color: tuple[float, float, float] = (0, 0, 0)

    def line_boxes(self) -> list[Box]:
        out = []
        step = self.size * self.leading
        for i, ln in enumerate(self.lines):
            if self.vertical:
                x1 = self.x - i * step
                out.append((x1 - self.size, self.y, x1, self.y + len(ln) * self.size * 1.05))
            else:
                top = self.y + i * step
                out.append((self.x, top, self.x + T.width(ln, self.size), top + self.size * (ASC - DESC)))
        return out

    @property
    def bbox(self) -> Box:
        return union(self.line_boxes())

    @property
    def bottom(self) -> float:
        return self.bbox[3]


@dataclass
class RectOp:
    bbox: Box
    fill: tuple[float, float, float] | None = None
    stroke: tuple[float, float, float] | None = None
    width: float = 0.8
    radius: float = 0.0


@dataclass
class LineOp:
    p0: tuple[float, float]
    p1: tuple[float, float]
    color: tuple[float, float, float] = (0, 0, 0)
    width: float = 0.6


@dataclass
class ImageOp:
    """A raster placed at ``bbox``; ``content`` is the box of its visible (non-white) pixels."""

    bbox: Box
    png: bytes
    content: Box


@dataclass
class ChartOp:
    """A vector figure (bars, a line plot or a box diagram), drawn inside ``bbox``."""

    bbox: Box
    kind: str
    seed: int


@dataclass
class PageSpec:
    width: float = 595.0
    height: float = 842.0
    ops: list[Any] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)  # GT entries without "page"
    family: str = ""

    def add(self, op: Any) -> Any:
        self.ops.append(op)
        return op


def gt_figure(
    figure_bbox: Box, caption: TextOp | list[TextOp] | None, label: str = "", caption_page: int | None = None
) -> dict:
    """A ground-truth entry: the caption is every line as printed, joined without breaks."""
    caps = [] if caption is None else caption if isinstance(caption, list) else [caption]
    text = "".join("".join(c.lines) if c.vertical else " ".join(c.lines) for c in caps)
    entry = {
        "figure_bbox": [round(v, 2) for v in figure_bbox],
        "caption_bbox": [round(v, 2) for v in union([c.bbox for c in caps])] if caps else None,
        "caption": text,
        "label": label,
    }
    if caption_page is not None:
        entry["caption_page"] = caption_page
    return entry
