"""Streaming reader of the Chinese-CLIP fine-tuning format (also CulTi's).

A dataset folder holds, per split, ``{split}_imgs.tsv`` (``image_id<TAB>urlsafe-base64 image``)
and ``{split}_texts.jsonl`` (``{"text_id", "text", "image_ids": [...]}``), optionally a parallel
``{split}_texts_en.jsonl`` with English captions under the same text ids. Images are read one line
at a time so a dataset of any size fits in memory; every malformed line is reported with its
file and line number.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from culti_desktop.core.errors import InputError

IMGS_SUFFIX = "_imgs.tsv"
TEXTS_SUFFIX = "_texts.jsonl"
TEXTS_EN_SUFFIX = "_texts_en.jsonl"
_B64_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


@dataclass
class DatasetText:
    """One text of a split with all its positive images (ids as written in the file)."""

    text_id: Any
    text: str
    image_ids: list[Any]
    line: int
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class DatasetImage:
    image_id: str
    data: bytes
    line: int


def image_key(image_id: Any) -> str:
    """TSV ids are strings, JSONL ids are often ints; compare them as cn_clip's LMDB does (``str``)."""
    return str(image_id)


def find_splits(root: Path) -> list[str]:
    """Split names present in ``root`` (any name: train, valid, test, test_composite, ...)."""
    if not root.is_dir():
        raise InputError("not a folder", root)
    splits = sorted(
        p.name[: -len(TEXTS_SUFFIX)]
        for p in root.iterdir()
        if p.is_file() and p.name.endswith(TEXTS_SUFFIX) and not p.name.endswith(TEXTS_EN_SUFFIX)
    )
    if not splits:
        raise InputError(f"no *{TEXTS_SUFFIX} file found: not a Chinese-CLIP format dataset", root)
    for split in splits:
        if not (root / f"{split}{IMGS_SUFFIX}").is_file():
            raise InputError(f"split '{split}' has texts but no {split}{IMGS_SUFFIX}", root)
    return splits


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        fh = path.open("r", encoding="utf-8-sig")  # a BOM from Windows editors is fine
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from exc
    with fh:
        line_no = 0
        try:
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"line {line_no}: not valid JSON ({exc.msg})", path) from exc
                except RecursionError as exc:  # "[[[[..." 100,000 deep: no caption looks like that
                    raise InputError(f"line {line_no}: JSON nested too deeply", path) from exc
                except ValueError as exc:  # e.g. an integer with too many digits
                    raise InputError(f"line {line_no}: not valid JSON ({exc})", path) from exc
                if not isinstance(obj, dict):
                    raise InputError(f"line {line_no}: expected a JSON object", path)
                try:  # "\ud800" escapes decode to lone surrogates, which no database can store
                    json.dumps(obj, ensure_ascii=False).encode("utf-8")
                except UnicodeEncodeError as exc:
                    raise InputError(
                        f"line {line_no}: text with an unpaired surrogate (\\u escape)", path
                    ) from exc
                yield line_no, obj
        except UnicodeDecodeError as exc:
            raise InputError(f"line {line_no + 1}: not UTF-8 text", path) from exc


def read_texts(path: Path) -> list[DatasetText]:
    """All texts of one split file, validated (texts are small; images are streamed)."""
    texts: list[DatasetText] = []
    seen: set[str] = set()
    for line_no, obj in _read_jsonl(path):
        for key in ("text_id", "text", "image_ids"):
            if key not in obj:
                raise InputError(f"line {line_no}: missing field '{key}'", path)
        if not isinstance(obj["text"], str):
            raise InputError(f"line {line_no}: 'text' must be a string", path)
        if not isinstance(obj["image_ids"], list) or not all(
            isinstance(i, (int, str)) and not isinstance(i, bool) for i in obj["image_ids"]
        ):
            raise InputError(f"line {line_no}: 'image_ids' must be a list of ids", path)
        tid = obj["text_id"]
        if not isinstance(tid, (int, str)) or isinstance(tid, bool):
            raise InputError(f"line {line_no}: 'text_id' must be a number or a string", path)
        if str(tid) in seen:
            raise InputError(f"line {line_no}: duplicate text_id {tid!r}", path)
        seen.add(str(tid))
        extra = {k: v for k, v in obj.items() if k not in ("text_id", "text", "image_ids")}
        texts.append(DatasetText(tid, obj["text"], list(obj["image_ids"]), line_no, extra))
    return texts


def read_english(path: Path) -> dict[str, str]:
    """``{split}_texts_en.jsonl``: English caption per text id (as a string key)."""
    out: dict[str, str] = {}
    for line_no, obj in _read_jsonl(path):
        if "text_id" not in obj or not isinstance(obj.get("text"), str):
            raise InputError(f"line {line_no}: needs 'text_id' and a string 'text'", path)
        out[str(obj["text_id"])] = obj["text"]
    return out


def decode_base64_image(b64: str) -> bytes:
    """Strict urlsafe (or standard) base64 → bytes; raises ``ValueError`` on any bad character."""
    raw = b64.strip().encode("ascii").translate(_B64_TO_URLSAFE)
    raw += b"=" * (-len(raw) % 4)
    return base64.b64decode(raw, altchars=b"-_", validate=True)


def encode_base64_image(data: bytes) -> str:
    """The encoding cn_clip's LMDB dataset decodes (``base64.urlsafe_b64decode``)."""
    return base64.urlsafe_b64encode(data).decode("ascii")


def iter_images(path: Path) -> Iterator[DatasetImage]:
    """Stream ``(image_id, bytes)`` from an ``_imgs.tsv`` file, one line at a time."""
    try:
        fh = path.open("r", encoding="utf-8-sig")  # a BOM from Windows editors is fine
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path) from exc
    with fh:
        line_no = 0
        try:
            for line_no, line in enumerate(fh, start=1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                parts = line.split("\t")
                if len(parts) != 2 or not parts[0].strip():
                    raise InputError(f"line {line_no}: expected 'image_id<TAB>base64'", path)
                try:
                    data = decode_base64_image(parts[1])
                except (ValueError, binascii.Error, UnicodeEncodeError) as exc:
                    raise InputError(f"line {line_no}: invalid base64 ({exc})", path) from exc
                if not data:
                    raise InputError(f"line {line_no}: empty image", path)
                yield DatasetImage(parts[0].strip(), data, line_no)
        except UnicodeDecodeError as exc:
            raise InputError(f"line {line_no + 1}: not UTF-8 text", path) from exc


def probe_image(data: bytes) -> tuple[int, int, str]:
    """(width, height, format) of encoded image bytes; ``ValueError`` when they do not decode."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            size, fmt = im.size, (im.format or "").lower()
            im.verify()
    except Exception as exc:
        raise ValueError(f"not a readable image ({exc})") from exc
    return size[0], size[1], fmt


def count_lines(path: Path) -> int:
    """Cheap line count (for progress totals)."""
    n = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return n
