"""Chinese-CLIP format: ``{split}_imgs.tsv`` + ``{split}_texts.jsonl`` (+ ``{split}_texts_en.jsonl``).

Exactly what ``python -m cn_clip.preprocess.build_lmdb_dataset`` reads: one ``image_id<TAB>
urlsafe-base64`` line per image, one ``{"text_id", "text", "image_ids"}`` line per text, a text
with several positive images listing them all. With ``--lang both`` each English caption is a
text of its own (marked ``"lang": "en"`` with its ``zh_text_id``) sharing the image ids, and
``{split}_texts_en.jsonl`` repeats the English captions under the Chinese text ids.
"""

from __future__ import annotations

import json
from typing import IO, Any

from culti_desktop.core.datasets.cnclip_format import encode_base64_image
from culti_desktop.core.export.plan import PlanImage
from culti_desktop.core.export.writer_base import ExportWriter


def _line(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


class CnclipWriter(ExportWriter):
    _tsv: IO[str] | None = None

    def begin_split(self, split: str) -> None:
        super().begin_split(split)
        self._tsv = (self.root / f"{split}_imgs.tsv").open("w", encoding="utf-8", newline="\n")

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        assert self._tsv is not None
        self._tsv.write(f"{image.image_id}\t{encode_base64_image(data)}\n")
        self.count(split, image)

    def end_split(self, split: str, failed_image_ids: set[str]) -> None:
        self.close()
        texts = []
        for t in self.plan.texts[split]:
            ids = [i for i in t.image_ids if str(i) not in failed_image_ids]
            if ids:
                texts.append((t, ids))
        with (self.root / f"{split}_texts.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
            for t, ids in texts:
                obj = {"text_id": t.text_id, "text": t.text, "image_ids": ids}
                if self.lang == "both" and t.lang == "en":
                    obj["lang"] = "en"
                    if t.zh_text_id is not None:
                        obj["zh_text_id"] = t.zh_text_id
                fh.write(_line(obj))
        self.written[split]["texts"] = len(texts)
        if self.lang == "both":
            zh_images = {str(t.text_id): ids for t, ids in texts if t.lang != "en"}
            english: dict[str, Any] = {}  # one English caption per Chinese text: the first one found
            for t, _ in texts:
                if t.lang == "en" and t.zh_text_id is not None:
                    english.setdefault(str(t.zh_text_id), t)
            with (self.root / f"{split}_texts_en.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
                for key, t in english.items():
                    fh.write(
                        _line({"text_id": t.zh_text_id, "text": t.text, "image_ids": zh_images.get(key, [])})
                    )

    def close(self) -> None:
        if self._tsv is not None:
            self._tsv.close()
            self._tsv = None
