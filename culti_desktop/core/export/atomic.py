"""Write a folder atomically: build it under a hidden temporary name, rename it at the end.

A failed or cancelled export removes its temporary folder, so the destination is either the
complete new export or whatever was there before (``--overwrite`` swaps the old one out only
after the new one is complete). A killed export cannot clean up; its folder carries the process
id, and the next export to the same place removes it once that process is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from culti_desktop.core.errors import CultiError


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_partials(out: Path) -> list[Path]:
    """Temporary folders left beside ``out`` by an export that was killed (its process is gone)."""
    removed = []
    for p in out.parent.glob(f".{out.name}.partial-*"):
        pid_text = p.name.rsplit(".partial-", 1)[1].split("-", 1)[0]
        if pid_text.isdigit() and not _pid_alive(int(pid_text)):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


@contextlib.contextmanager
def atomic_directory(out: Path, overwrite: bool = False) -> Iterator[Path]:
    out = Path(out).expanduser().absolute()
    if out.exists() and not overwrite and not _is_empty_dir(out):
        raise CultiError("already exists; choose a new folder or pass --overwrite", out)
    if out.exists() and not out.is_dir():
        raise CultiError("exists and is not a folder", out)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(out)
    tag = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp = out.parent / f".{out.name}.partial-{tag}"
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{tag}"
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        if old is not None:
            os.replace(old, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:  # a symlink that was swapped out is unlinked, not walked into
        old.unlink() if old.is_symlink() else shutil.rmtree(old, ignore_errors=True)


def safe_name(text: str, limit: int = 60) -> str:
    """A file-name fragment that keeps non-ASCII letters but no separators or control characters."""
    bad = set('/\\:*?"<>|\t\r\n') | {chr(c) for c in range(32)}
    cleaned = "".join("_" if ch in bad else ch for ch in text).strip(" .")
    return (cleaned or "figure")[:limit]
