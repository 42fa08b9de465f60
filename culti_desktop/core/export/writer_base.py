"""What every format writer does: receive one image at a time, with the pairs that use it."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import IO

from culti_desktop.core.errors import CultiError
from culti_desktop.core.export.atomic import safe_name
from culti_desktop.core.export.plan import ExportPlan, PlanImage


class ExportWriter:
    """Subclasses write files under ``root`` (the temporary folder) as images stream in."""

    def __init__(self, root: Path, plan: ExportPlan) -> None:
        self.root = root
        self.plan = plan
        self.lang = plan.options.lang
        self.written: dict[str, Counter] = {}
        self.final_root: Path = root  # where the folder will be once renamed into place
        self._files: set[str] = set()

    def begin_split(self, split: str) -> None:
        self.written[split] = Counter()

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        raise NotImplementedError

    def end_split(self, split: str, failed_image_ids: set[str]) -> None:
        """Texts are known from the plan; formats that list them separately write them here."""
        self.written[split]["texts"] = sum(
            1 for t in self.plan.texts[split] if any(str(i) not in failed_image_ids for i in t.image_ids)
        )

    def close(self) -> None:
        """Flush and close any file still open."""

    # -- helpers ---------------------------------------------------------------------------
    def image_name(self, image: PlanImage, ext: str) -> str:
        """Readable prefixes plus a hash of the *full* id: ids that share their first 24
        characters still get different files (unique by construction, checked on save)."""
        stem = safe_name(Path(image.document).stem, 40)
        tag = hashlib.sha256(str(image.image_id).encode("utf-8", "surrogatepass")).hexdigest()[:10]
        return f"{safe_name(str(image.image_id), 24)}-{tag}_{stem}_p{image.page_index + 1}.{ext}"

    def save_image(self, rel: str, data: bytes) -> None:
        key = rel.casefold()  # one file on case-insensitive disks (Windows, macOS) too
        if key in self._files:
            raise CultiError(f"two records would share the image file {rel}; export stopped", self.final_root)
        self._files.add(key)
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def count(self, split: str, image: PlanImage) -> None:
        self.written[split]["images"] += 1
        self.written[split]["pairs"] += len(image.pairs)


class SplitFileWriter(ExportWriter):
    """A writer with one text file per split (a CSV, a metadata.jsonl), closed when the split ends."""

    _fh: IO[str] | None = None

    def open_split_file(self, path: Path, newline: str) -> IO[str]:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", encoding="utf-8", newline=newline)
        return self._fh

    def end_split(self, split: str, failed_image_ids: set[str]) -> None:
        super().end_split(split, failed_image_ids)
        self.close()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
