"""Hugging Face ``imagefolder``: ``{split}/metadata.jsonl`` + the images beside it.

``datasets.load_dataset("imagefolder", data_dir=OUT)`` loads it; folder names map to splits by
the library's keywords (``valid`` becomes ``validation``). One metadata row per pair, so an image
with several texts appears once per text, as image-text training expects. Columns have the same
types in every split (the loader refuses mixed schemas).
"""

from __future__ import annotations

import json

from culti_desktop.core.export.plan import PlanImage
from culti_desktop.core.export.records import caption_for
from culti_desktop.core.export.writer_base import SplitFileWriter


class HfWriter(SplitFileWriter):
    def begin_split(self, split: str) -> None:
        super().begin_split(split)
        self.open_split_file(self.root / split / "metadata.jsonl", newline="\n")

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        assert self._fh is not None
        name = f"images/{self.image_name(image, ext)}"
        self.save_image(f"{split}/{name}", data)
        for p in image.pairs:
            row = {
                "file_name": name,
                "text": caption_for(p, self.lang),
                "caption_zh": p.zh_text,
                "caption_en": p.en_text,
                "text_id": str(p.text_id if p.text_id is not None else p.en_text_id),
                "image_id": str(p.image_id),
                "pair_id": int(p.pair_id),
                "document": p.document,
                "page": int(p.page_index + 1),
                "bbox": [float(v) for v in p.bbox],
            }
            self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.count(split, image)
