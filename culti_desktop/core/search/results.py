"""What a search takes and returns: the query, its results and matched regions, as plain dataclasses.

JSON-ready through ``as_dict``; :mod:`culti_desktop.core.search.engine` fills them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from PIL import Image

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.crops import Box
from culti_desktop.core.search.heatmap import crop_heatmap
from culti_desktop.core.search.laclip import LaclipConfig
from culti_desktop.core.search.levels import level_indices

MODES = ("clip", "keyword", "hybrid")
TARGETS = ("image", "text")


@dataclass
class SearchQuery:
    text: str | None = None
    image: Image.Image | None = None
    box: Box | None = None  # pixels of ``image``: search by this region only
    target: str = "image"  # what an image query looks for: figures ("image") or captions ("text")
    lang: str = "auto"  # auto | zh | en
    k: int = 10
    laclip: bool = True
    mode: str = "clip"
    documents: Sequence[int] | None = None
    statuses: Sequence[str] | None = None
    splits: Sequence[str] | None = None
    laclip_config: LaclipConfig = field(default_factory=LaclipConfig)
    ef: int | None = None  # ANN search breadth for this query (None: the index's default)

    def validate(self) -> None:
        if (self.text is None) == (self.image is None):
            raise CultiError("give either a text or an image query")
        if self.mode not in MODES:
            raise CultiError(f"mode must be one of {', '.join(MODES)}")
        if self.image is not None and self.mode == "keyword":
            raise CultiError("keyword search needs a text query")
        if self.target not in TARGETS:
            raise CultiError(f"target must be one of {', '.join(TARGETS)}")
        if self.lang not in ("auto", "zh", "en"):
            raise CultiError("lang must be auto, zh or en")
        if self.ef is not None and self.ef < 1:
            raise CultiError("ef must be a positive number")


@dataclass
class MatchRegion:
    box: list[float]  # page units (pt or px) for indexed figures; query-image pixels for I→T
    score: float
    relative: list[float]  # the same box as fractions of the figure/query image
    on: str = "figure"  # figure | query
    level: str = ""  # part | object | whole (core/search/levels.py)


@dataclass
class SearchResult:
    pair_id: int
    score: float
    global_score: float | None = None
    local_score: float | None = None
    keyword_score: float | None = None
    region_id: int | None = None
    pair_ids: list[int] = field(default_factory=list)
    document_id: int | None = None
    document: str | None = None
    page_id: int | None = None
    page: int | None = None  # 1-based
    unit: str | None = None
    figure_box: list[float] | None = None
    caption: str = ""
    status: str | None = None
    split: str | None = None
    regions: list[MatchRegion] = field(default_factory=list)
    levels: list[MatchRegion] = field(default_factory=list)  # the best part, object and whole
    crop_scores: list[float] | None = None  # per crop (for the heatmap); not in JSON

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("crop_scores")
        return d


@dataclass
class SearchResponse:
    results: list[SearchResult]
    query: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    query_vector: np.ndarray | None = None
    crop_boxes: list[Box] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "warnings": self.warnings,
            "results": [r.as_dict() for r in self.results],
        }

    def heatmap(self, result: SearchResult, size: int = 48, level: str | None = None) -> np.ndarray | None:
        """Crop-level heatmap of ``result`` (from stored crop vectors; only ``level``'s crops when
        given), or None without one."""
        if result.crop_scores is None or not self.crop_boxes:
            return None
        idx = level_indices(self.crop_boxes, level) if level else range(len(self.crop_boxes))
        boxes, sims = [self.crop_boxes[j] for j in idx], np.asarray(result.crop_scores)[list(idx)]
        return crop_heatmap(boxes, sims, None if level else result.global_score, size)
