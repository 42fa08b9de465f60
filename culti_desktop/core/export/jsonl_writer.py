"""The canonical manifest: ``manifest.jsonl`` (one line per pair, every recorded field) + images."""

from __future__ import annotations

import json
from typing import IO

from culti_desktop.core.export.plan import PlanImage
from culti_desktop.core.export.records import manifest_record
from culti_desktop.core.export.writer_base import ExportWriter


class JsonlWriter(ExportWriter):
    _fh: IO[str] | None = None

    def _manifest(self) -> IO[str]:
        if self._fh is None:
            self._fh = (self.root / "manifest.jsonl").open("w", encoding="utf-8", newline="\n")
        return self._fh

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        rel = f"images/{split}/{self.image_name(image, ext)}"
        self.save_image(rel, data)
        fh = self._manifest()
        for p in image.pairs:
            fh.write(json.dumps(manifest_record(p, rel, self.lang), ensure_ascii=False) + "\n")
        self.count(split, image)

    def close(self) -> None:
        self._manifest().close()
        self._fh = None
