"""Reading and writing model checkpoints safely.

Loading always uses ``torch.load(..., weights_only=True)``: a checkpoint that needs arbitrary
Python objects to load is refused, never executed. We accept what users actually have:
cn_clip's ``{"epoch","step","name","state_dict","optimizer"}`` files, bare state dicts, keys with
or without DDP's ``module.`` prefix; optimizer state is dropped (it triples the size: cn_clip #149).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from culti_desktop.core.errors import InputError

#: cn_clip checkpoints carry these keys, which the model has no parameter for.
_IGNORED_KEYS = ("bert.pooler.",)


def file_sha256(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def exception_reason(exc: BaseException, limit: int = 160) -> str:
    """A short, clean reason from a library exception: no ANSI colours, one line, whole words.

    PyTorch's messages are long, coloured and multi-line (some are empty); users get the first
    meaningful sentence, or the exception's type when there is no text at all.
    """
    lines = [ln.strip() for ln in _ANSI.sub("", str(exc)).splitlines() if ln.strip()]
    text = lines[0] if lines else type(exc).__name__
    if len(text) > limit:
        end = max(text.rfind(". ", 0, limit), text.rfind("; ", 0, limit))
        cut = end + 1 if end > limit // 3 else text.rfind(" ", 0, limit)
        text = text[: cut if cut > 0 else limit].rstrip(" .;,:") + " …"
    return text


def safe_torch_load(path: Path) -> Any:
    """``torch.load`` with ``weights_only=True``; every refusal becomes an :class:`InputError`."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such checkpoint file", path)
    if path.stat().st_size == 0:
        raise InputError("checkpoint file is empty (0 bytes)", path)
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        raise InputError(
            "refusing to load: this checkpoint contains Python objects that could run code when "
            f"unpickled; only plain tensors and dicts are accepted ({exception_reason(exc)})",
            path,
        ) from exc
    except Exception as exc:
        raise InputError(f"not a readable PyTorch checkpoint ({exception_reason(exc)})", path) from exc


def extract_state_dict(obj: Any, path: Path) -> dict[str, torch.Tensor]:
    """The model weights inside a loaded checkpoint, with ``module.`` prefixes removed."""
    sd = obj
    if isinstance(obj, Mapping):
        for key in ("state_dict", "model", "model_state_dict"):
            if isinstance(obj.get(key), Mapping):
                sd = obj[key]
                break
    if not isinstance(sd, Mapping) or not sd or not all(isinstance(v, torch.Tensor) for v in sd.values()):
        raise InputError("no model state_dict found in this checkpoint", path)
    out: dict[str, torch.Tensor] = {}
    for key, value in sd.items():
        k = str(key)
        while k.startswith("module."):
            k = k[len("module.") :]
        if k.startswith(_IGNORED_KEYS):
            continue
        out[k] = value
    return out


def load_weights_into(
    model: torch.nn.Module, state_dict: dict[str, torch.Tensor], path: Path, arch: str
) -> None:
    """Strict load with a message that says which architecture the file does not match."""
    own = model.state_dict()
    missing = [k for k in own if k not in state_dict]
    unexpected = [k for k in state_dict if k not in own]
    wrong = [k for k in own if k in state_dict and tuple(own[k].shape) != tuple(state_dict[k].shape)]
    if missing or unexpected or wrong:
        detail = []
        if missing:
            detail.append(f"{len(missing)} missing (e.g. {missing[0]})")
        if unexpected:
            detail.append(f"{len(unexpected)} unexpected (e.g. {unexpected[0]})")
        if wrong:
            detail.append(f"{len(wrong)} of another shape (e.g. {wrong[0]})")
        raise InputError(f"weights do not fit architecture {arch}: " + "; ".join(detail), path)
    _refuse_unusable_values(own, state_dict, path)
    model.load_state_dict({k: v.to(own[k].dtype) for k, v in state_dict.items()}, strict=True)


def _refuse_unusable_values(
    own: Mapping[str, torch.Tensor], state_dict: Mapping[str, torch.Tensor], path: Path
) -> None:
    """Weights that load but cannot work: integers where the model has floats, NaN or infinity."""
    for k, mine in own.items():
        if not mine.is_floating_point():
            continue  # e.g. position_ids: integer buffers stay integers
        value = state_dict[k]
        if not value.is_floating_point():
            raise InputError(
                f"weight {k} is an integer tensor ({str(value.dtype).replace('torch.', '')}), "
                "not floating point: not a trained model",
                path,
            )
        if not bool(torch.isfinite(value).all()):
            raise InputError(f"weight {k} contains NaN or infinite values: a diverged or broken model", path)


def save_model_checkpoint(
    path: Path,
    model: torch.nn.Module,
    arch: str,
    config: dict[str, Any],
    half: bool | None = None,
    extra: dict[str, Any] | None = None,
) -> str:
    """Write weights only (no optimizer), atomically; returns the file's SHA-256.

    Large models are stored in fp16 like the published Chinese-CLIP files (half the disk).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sd = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    n = sum(v.numel() for v in sd.values())
    if half is None:
        half = n > 50_000_000
    if half:
        sd = {k: (v.half() if v.is_floating_point() else v) for k, v in sd.items()}
    payload = {"arch": arch, "clip_config": config, "state_dict": sd, **(extra or {})}
    tmp = path.with_name(path.name + ".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, path)
    return file_sha256(path)
