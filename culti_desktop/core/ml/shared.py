"""One loaded encoder per process, shared by everything that only reads the model.

Caption assist, search, the index rebuild and evaluation each used to load their own copy, so a
ViT-H-14 could sit in memory several times. They now ask :func:`shared_encoder`, which keeps the
most recently used model (one slot: a different one replaces it) and loads under a lock, so two
workers asking at once load it once. Training never uses it: it changes the weights.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable

from culti_desktop.core.jobs import Job
from culti_desktop.core.ml.device import pick_device
from culti_desktop.core.ml.encoder import ClipEncoder
from culti_desktop.core.ml.registry import DEFAULT_ARCH, current_model_version, load_encoder, resolve_version
from culti_desktop.core.storage.project import Project

_lock = threading.Lock()
_slot: tuple[Hashable, ClipEncoder] | None = None


def _key(project: Project | None, model: str | int | None, device: str, precision: str) -> Hashable:
    """What makes two requests the same model: its version and checkpoint, the device, the precision."""
    dev = str(pick_device(device))
    where = str(project.path) if project is not None else None
    if project is not None:
        mv = resolve_version(project, model) if model is not None else current_model_version(project)
        if mv is not None:
            return (where, "version", mv.id, mv.checkpoint_sha256, dev, precision)
    return (where, "arch", str(model) if model is not None else DEFAULT_ARCH, dev, precision)


def shared_encoder(
    project: Project | None,
    model: str | int | None = None,
    device: str = "auto",
    precision: str = "auto",
    job: Job | None = None,
) -> ClipEncoder:
    """Like :func:`~culti_desktop.core.ml.registry.load_encoder`, but served from the process's slot."""
    global _slot
    key = _key(project, model, device, precision)
    with _lock:
        if _slot is not None and _slot[0] == key:
            return _slot[1]
        _slot = None  # free the old model before loading the new one
        encoder = load_encoder(project, model, device=device, precision=precision, job=job)
        _slot = (key, encoder)
        return encoder


def clear_shared_encoder() -> None:
    """Drop the loaded model (tests; or to give its memory back)."""
    global _slot
    with _lock:
        _slot = None
