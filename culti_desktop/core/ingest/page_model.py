"""Plain data produced by page analysis, before it is written to the project.

Keeping analysis results as dataclasses (not ORM rows) lets the same code serve the importer,
re-proposing on stored documents, tests and the benchmark, which writes JSON instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from culti_desktop.core.ingest.geometry import Box
from culti_desktop.core.ingest.labels import label_number


@dataclass
class Line:
    bbox: Box
    text: str
    confidence: float = 1.0
    vertical: bool = False
    source: str = "pdf"  # pdf | ocr
    font: str | None = None
    font_size: float | None = None
    bold: bool = False
    block: int | None = None

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def size(self) -> float:
        """Glyph size: the font size when known, else the box's short side."""
        if self.font_size:
            return self.font_size
        return self.width if self.vertical else self.height


@dataclass
class Figure:
    bbox: Box
    source: str  # image | vector | layout | raster
    confidence: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)
    # The embedded image's own bytes (a figure that is one placed image): stored as its own blob,
    # so crops and exports use the full resolution, not a page render.
    image: bytes | None = field(default=None, repr=False)


@dataclass
class Caption:
    lines: list[Line]
    bbox: Box
    text: str
    label: str | None = None
    vertical: bool = False
    source: str = "label"  # label | layout | short-line | vertical
    confidence: float = 1.0

    @property
    def number(self) -> str | None:
        return label_number(self.label) if self.label else None


@dataclass
class PairProposal:
    figure: Figure
    caption: Caption | None
    caption_zh: str
    caption_en: str
    confidence: float
    reason: str
    context: str | None = None


@dataclass
class PageAnalysis:
    index: int
    width: float
    height: float
    unit: str  # pt | px
    lines: list[Line] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    pairs: list[PairProposal] = field(default_factory=list)
    text_source: str = "none"  # pdf | ocr | none
    ocr_engine: str | None = None
    is_scanned: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
