"""Mutation fuzzing helpers shared by the hardening tests and ``benchmarks/bench_hardening.py``.

Seeds are small valid files made on the spot; mutations are byte flips, truncations, splices and
inserted junk, the things a damaged download or a bad disk produce.
"""

from __future__ import annotations

import io
import random
import signal
from collections.abc import Iterator
from contextlib import contextmanager


def seed_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=300, height=400)
    page.draw_rect(pymupdf.Rect(40, 40, 260, 240), color=(0.5, 0, 0), fill=(0.9, 0.7, 0.3))
    page.insert_text((40, 262), "图1 联珠团窠纹锦", fontname="china-s", fontsize=10)
    page.insert_text((40, 276), "Fig. 1 Pearl roundel silk", fontname="helv", fontsize=9)
    data = doc.tobytes()
    doc.close()
    return data


def seed_png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (140, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


def seed_jpeg() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 60, 140)).save(buf, format="JPEG")
    return buf.getvalue()


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.choice(("flip", "truncate", "splice", "insert", "zero"))
        if not buf:
            break
        i = rng.randrange(len(buf))
        if op == "flip":
            for _ in range(rng.randint(1, 16)):
                j = rng.randrange(len(buf))
                buf[j] ^= 1 << rng.randrange(8)
        elif op == "truncate":
            del buf[i:]
        elif op == "splice":
            j = rng.randrange(len(buf))
            buf[i : i + 32] = buf[j : j + 32]
        elif op == "insert":
            buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            buf[i : i + rng.randint(1, 256)] = b"\x00" * rng.randint(1, 256)
    return bytes(buf)


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Turn a hang into a TimeoutError (main thread, POSIX)."""

    def _alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
