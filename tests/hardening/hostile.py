"""Hostile inputs found by the outside harness of issue 19, as generators for the benchmark.

Each ``make_*`` writes one hostile file into a folder and returns its path. They complement the
random mutations of :mod:`fuzzing` with the specific attacks: a FIFO named ``.pdf``, bogus page
counts, a page-tree cycle, GBK file names, HTML saved as ``.pdf``, empty files, deep JSON.
"""

from __future__ import annotations

import base64
import io
import json
import os
import random
from collections.abc import Callable
from pathlib import Path


def one_page_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page()
    data = doc.tobytes()
    doc.close()
    return data


def good_png(path: Path, n: int) -> Path:
    """A valid picture whose bytes differ for every ``n`` (so it is never 'already imported')."""
    from PIL import Image

    Image.new("RGB", (48, 32), (n % 256, (n // 256) % 256, 77)).save(path)
    return path


def _pdf(folder: Path, n: int, edit: tuple[bytes, bytes]) -> Path:
    path = folder / f"hostile {n}.pdf"
    path.write_bytes(one_page_pdf().replace(*edit))
    return path


def make_fifo(folder: Path, n: int) -> Path:
    path = folder / f"fifo {n}.pdf"
    os.mkfifo(path)
    return path


def make_bogus_count(folder: Path, n: int) -> Path:
    return _pdf(folder, n, (b"/Count 1/Kids[4 0 R]", b"/Count 1000000000/Kids[4 0 R]"))


def make_repeated_kids(folder: Path, n: int) -> Path:
    return _pdf(folder, n, (b"/Count 1/Kids[4 0 R]", b"/Count 100000/Kids[" + b"4 0 R " * 100_000 + b"]"))


def make_page_cycle(folder: Path, n: int) -> Path:
    return _pdf(folder, n, (b"/Type/Page/", b"/Type/Pages/Kids[2 0 R]/Count 1/"))


def make_gbk_name(folder: Path, n: int) -> Path:
    raw = os.fsencode(folder) + b"/" + f"海贤图{n}".encode("gbk") + b".png"
    return good_png(Path(os.fsdecode(raw)), 10_000 + n)


def make_html_pdf(folder: Path, n: int) -> Path:
    path = folder / f"download {n}.pdf"
    path.write_bytes(b"<!DOCTYPE html><html><body>session expired %PDF-1.7</body></html>")
    return path


def make_empty(folder: Path, n: int) -> Path:
    path = folder / f"empty {n}.jpg"
    path.write_bytes(b"")
    return path


def make_folder_named_pdf(folder: Path, n: int) -> Path:
    path = folder / f"folder {n}.pdf"
    path.mkdir()
    return path


#: Hostile import inputs, cycled by the benchmark (FIFOs only where the OS has them).
IMPORT_ATTACKS: list[tuple[str, Callable[[Path, int], Path]]] = [
    ("bogus /Count", make_bogus_count),
    ("repeated /Kids", make_repeated_kids),
    ("page-tree cycle", make_page_cycle),
    ("GBK file name", make_gbk_name),
    ("HTML named .pdf", make_html_pdf),
    ("empty file", make_empty),
    ("folder named .pdf", make_folder_named_pdf),
] + ([("FIFO named .pdf", make_fifo)] if hasattr(os, "mkfifo") else [])


def hostile_dataset(folder: Path, n: int, rng: random.Random) -> Path:
    """A Chinese-CLIP dataset with one of: deep nesting, empty captions, huge numbers, bad ids."""
    from PIL import Image

    folder.mkdir(parents=True)
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (n % 256, 9, 9)).save(buf, format="PNG")
    (folder / "train_imgs.tsv").write_text(f"1\t{base64.urlsafe_b64encode(buf.getvalue()).decode()}\n")
    good = json.dumps({"text_id": 1, "text": f"纹样{n}", "image_ids": [1]}, ensure_ascii=False)
    kind = n % 8
    if kind >= 6:  # random damage to a valid pair of files (bytes flipped, cut, spliced)
        from fuzzing import mutate

        target = folder / ("train_texts.jsonl" if kind == 6 else "train_imgs.tsv")
        if kind == 6:
            target.write_text(good + "\n", encoding="utf-8")
        target.write_bytes(mutate(target.read_bytes(), rng))
        if kind == 7:
            (folder / "train_texts.jsonl").write_text(good + "\n", encoding="utf-8")
        return folder
    bad = {
        0: "[" * rng.choice((3_000, 100_000)),
        1: json.dumps({"text_id": 2, "text": "", "image_ids": [1]}),
        2: '{"text_id": ' + "9" * 50_000 + ', "text": "x", "image_ids": [1]}',
        3: json.dumps({"text_id": [1], "text": "x", "image_ids": [1]}),
        4: '{"text_id": 3, "text": "x", "image_ids": [' + "{" * 5_000 + "]}",
        5: json.dumps({"text_id": 4, "text": "\ud800", "image_ids": [1]}),
    }[kind]
    (folder / "train_texts.jsonl").write_text(
        good + "\n" + bad + "\n", encoding="utf-8", errors="surrogatepass"
    )
    return folder


def hostile_checkpoints(folder: Path) -> list[tuple[str, Path]]:
    """Broken and malicious checkpoints; the marker file proves a pickle never ran."""
    import pickle

    import torch

    from culti_desktop.core.ml.archs import arch_config, build_clip
    from culti_desktop.core.ml.checkpoints import save_model_checkpoint

    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.pt"
    save_model_checkpoint(good, build_clip(arch_config("tiny"), seed=5), "tiny", arch_config("tiny"))
    sd = torch.load(good, weights_only=True)["state_dict"]
    marker = folder / "PWNED"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch '{marker}'",))

    out: list[tuple[str, Path]] = []

    def put(name: str, data: bytes | None = None, obj: object = None) -> None:
        p = folder / f"{name}.pt"
        if data is not None:
            p.write_bytes(data)
        else:
            torch.save(obj, p)
        out.append((name, p))

    raw = good.read_bytes()
    put("empty", b"")
    put("one byte", b"\x00")
    put("zip header only", b"PK\x03\x04")
    put("truncated half", raw[: len(raw) // 2])
    put("truncated tail", raw[:-100])
    put("text file", b"these are not the weights you are looking for\n")
    put("pickle runs code", pickle.dumps(Evil()))
    put("torch.save of code", obj={"state_dict": Evil()})
    put("empty dict", obj={})
    put("list of tensors", obj=[torch.zeros(3)])
    put("state_dict of strings", obj={"state_dict": {"a": "b"}})
    put("wrong arch keys", obj={"state_dict": {"foo.weight": torch.zeros(3)}})
    put(
        "all NaN",
        obj={
            "state_dict": {
                k: torch.full_like(v, float("nan")) if v.is_floating_point() else v for k, v in sd.items()
            }
        },
    )
    put(
        "integer weights",
        obj={"state_dict": {k: v.to(torch.int32) if v.is_floating_point() else v for k, v in sd.items()}},
    )
    put(
        "infinity",
        obj={
            "state_dict": {
                k: v.fill_(float("inf")) if v.is_floating_point() else v
                for k, v in {k: v.clone() for k, v in sd.items()}.items()
            }
        },
    )
    put("wrong shapes", obj={"state_dict": {k: torch.zeros(1) for k in sd}})
    put("missing half", obj={"state_dict": dict(list(sd.items())[: len(sd) // 2])})
    flipped = bytearray(raw)
    flipped[::97] = bytes(b ^ 0xFF for b in flipped[::97])
    put("flipped bytes", bytes(flipped))
    put("module. prefix junk", obj={"module.state_dict": sd})
    put("nested deep", obj={"state_dict": {"a": {"b": {"c": torch.zeros(1)}}}})
    put("zeros where NaN check", obj={"state_dict": {k: torch.zeros_like(v) for k, v in sd.items()}})
    return out
