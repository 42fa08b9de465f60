"""OpenCLIP CSV: ``{split}.csv``, tab-separated, ``filepath`` and ``title`` columns, plus images.

These are OpenCLIP's defaults (``--csv-separator '\\t' --csv-img-key filepath --csv-caption-key
title``). Paths are relative to the export folder (run training from there), or absolute final
paths with ``--absolute-paths``.
"""

from __future__ import annotations

import csv
from typing import Any

from culti_desktop.core.export.plan import PlanImage
from culti_desktop.core.export.records import caption_for
from culti_desktop.core.export.writer_base import SplitFileWriter

COLUMNS = ["filepath", "title", "title_en", "text_id", "pair_id"]


class OpenclipWriter(SplitFileWriter):
    _csv: Any = None

    def begin_split(self, split: str) -> None:
        super().begin_split(split)
        self._csv = csv.writer(
            self.open_split_file(self.root / f"{split}.csv", newline=""), delimiter="\t", lineterminator="\n"
        )
        self._csv.writerow(COLUMNS)

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        rel = f"images/{split}/{self.image_name(image, ext)}"
        self.save_image(rel, data)
        shown = str(self.final_root / rel) if self.plan.options.absolute_paths else rel
        for p in image.pairs:
            self._csv.writerow([shown, caption_for(p, self.lang), p.en_text, p.text_id, p.pair_id])
        self.count(split, image)
