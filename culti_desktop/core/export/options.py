"""What an export should contain and how it is laid out."""

from __future__ import annotations

from dataclasses import dataclass, field

from culti_desktop.core.errors import CultiError

FORMATS = ("cnclip", "hf", "openclip", "wds", "jsonl")
SPLIT_MODES = ("document", "random", "keep")
LANGS = ("zh", "en", "both")
IMAGE_FORMATS = ("auto", "jpg", "png")


@dataclass
class ExportOptions:
    """``split_by``: ``document`` keeps every page of a document (and every positive of a text) in
    one split; ``random`` splits texts at random; ``keep`` uses each pair's stored split (pairs
    without one are split by document). ``image_format`` ``auto`` writes the original bytes when a
    figure is a whole stored image and lossless PNG for rendered crops; WebDataset defaults to JPEG.
    """

    format: str = "cnclip"
    statuses: tuple[str, ...] = ("accepted",)
    split_by: str = "document"
    seed: int = 0
    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1)
    lang: str = "zh"
    image_format: str | None = None
    shard_size: int = 1000
    overwrite: bool = False
    absolute_paths: bool = False  # openclip: write each image's final absolute path in the CSV
    license: str | None = None
    name: str | None = None
    split_names: tuple[str, str, str] = field(default=("train", "valid", "test"))

    def validate(self) -> ExportOptions:
        if self.format not in FORMATS:
            raise CultiError(f"unknown export format '{self.format}' (choose from {', '.join(FORMATS)})")
        if self.split_by not in SPLIT_MODES:
            raise CultiError(f"unknown split mode '{self.split_by}' (choose from {', '.join(SPLIT_MODES)})")
        if self.lang not in LANGS:
            raise CultiError(f"unknown language '{self.lang}' (choose from {', '.join(LANGS)})")
        if self.image_format is not None and self.image_format not in IMAGE_FORMATS:
            raise CultiError(f"unknown image format '{self.image_format}'")
        if len(self.ratios) != 3 or any(r < 0 for r in self.ratios) or sum(self.ratios) <= 0:
            raise CultiError(f"split ratios must be three non-negative numbers, got {self.ratios}")
        if self.shard_size < 1:
            raise CultiError("shard size must be at least 1")
        return self

    @property
    def effective_image_format(self) -> str:
        if self.image_format:
            return self.image_format
        return "jpg" if self.format == "wds" else "auto"
