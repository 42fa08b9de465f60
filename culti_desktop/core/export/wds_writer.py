"""WebDataset: ``{split}-NNNNNN.tar`` shards, one sample per pair (``.jpg``/``.png`` + ``.txt`` + ``.json``).

Written with the standard library's ``tarfile`` as images arrive (one shard open at a time), with
fixed owner and mtime so the same seed gives byte-identical shards. Keys carry no dots, as
WebDataset splits a member name at its first dot.
"""

from __future__ import annotations

import io
import json
import tarfile

from culti_desktop.core.export.plan import PlanImage
from culti_desktop.core.export.records import caption_for, manifest_record
from culti_desktop.core.export.writer_base import ExportWriter

FIXED_MTIME = 946684800  # 2000-01-01: reproducible shards


class WdsWriter(ExportWriter):
    _tar: tarfile.TarFile | None = None

    def begin_split(self, split: str) -> None:
        super().begin_split(split)
        self._split = split
        self._shard = -1
        self._in_shard = self.plan.options.shard_size
        self._sample = 0

    def _next_shard(self) -> tarfile.TarFile:
        self.close()
        self._shard += 1
        self._in_shard = 0
        path = self.root / f"{self._split}-{self._shard:06d}.tar"
        self._tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)
        return self._tar

    def _add(self, name: str, data: bytes) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), FIXED_MTIME, 0o644
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        assert self._tar is not None
        self._tar.addfile(info, io.BytesIO(data))

    def add_image(self, split: str, image: PlanImage, data: bytes, ext: str) -> None:
        for p in image.pairs:
            if self._tar is None or self._in_shard >= self.plan.options.shard_size:
                self._next_shard()
            key = f"{split}_{self._sample:08d}".replace(".", "_")
            meta = manifest_record(p, f"{key}.{ext}", self.lang)
            self._add(f"{key}.{ext}", data)
            self._add(f"{key}.txt", caption_for(p, self.lang).encode("utf-8"))
            self._add(f"{key}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
            self._sample += 1
            self._in_shard += 1
        self.count(split, image)

    def end_split(self, split: str, failed_image_ids: set[str]) -> None:
        super().end_split(split, failed_image_ids)
        self.close()
        self.written[split]["shards"] = self._shard + 1

    def close(self) -> None:
        if self._tar is not None:
            self._tar.close()
            self._tar = None
