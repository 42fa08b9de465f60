"""Where and how fast to run a model: device choice, autocast precision, batch size.

Auto means CUDA, then Apple MPS, then CPU; a user override is checked and refused with a clear
message when the device is missing. Autocast is used only where it is faster: fp16 on CUDA,
bf16 on CPUs with native bf16 arithmetic (AVX512-BF16 / AMX) for large models; small models run
fp32 because the casts cost more than they save (measured in ``benchmarks/bench_ml.py``).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator

import torch

from culti_desktop.core.errors import CultiError

#: Above this many parameters bf16 autocast pays off on CPUs with native bf16.
BF16_MIN_PARAMS = 50_000_000


def pick_device(device: str | None = "auto") -> torch.device:
    """``auto`` → cuda, mps, cpu (first available); otherwise the named device, if present."""
    name = (device or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        dev = torch.device(name)
    except RuntimeError as exc:
        raise CultiError(f"unknown device '{device}' (use auto, cpu, cuda, cuda:N or mps)") from exc
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            raise CultiError("device 'cuda' asked for, but no CUDA GPU is usable here; use --device cpu")
        if dev.index is not None and dev.index >= torch.cuda.device_count():
            raise CultiError(
                f"device '{name}' asked for, but only {torch.cuda.device_count()} CUDA GPU(s) exist"
            )
    elif dev.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise CultiError("device 'mps' asked for, but Apple MPS is not available here; use --device cpu")
    elif dev.type != "cpu":
        raise CultiError(f"unsupported device '{device}' (use auto, cpu, cuda, cuda:N or mps)")
    return dev


@functools.lru_cache(maxsize=1)
def cpu_has_native_bf16() -> bool:
    """True on CPUs with bf16 arithmetic (Linux: avx512_bf16 or amx_bf16 in /proc/cpuinfo)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as fh:
            flags = fh.read()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def param_count(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


def pick_precision(device: torch.device, n_params: int, precision: str = "auto") -> torch.dtype | None:
    """The autocast dtype to use (``None`` = plain fp32). ``precision``: auto | fp32 | bf16 | fp16."""
    p = precision.lower()
    if p == "fp32":
        return None
    if p == "bf16":
        return torch.bfloat16
    if p == "fp16":
        return torch.float16
    if p != "auto":
        raise CultiError(f"unknown precision '{precision}' (auto, fp32, bf16, fp16)")
    if device.type == "cuda":
        return torch.float16
    if device.type == "cpu" and n_params >= BF16_MIN_PARAMS and cpu_has_native_bf16():
        return torch.bfloat16
    return None


@contextlib.contextmanager
def autocast(device: torch.device, dtype: torch.dtype | None) -> Iterator[None]:
    if dtype is None:
        yield
        return
    with torch.autocast(device_type=device.type, dtype=dtype):
        yield


def available_memory_bytes(device: torch.device) -> int:
    """Free memory on ``device`` (CUDA: the allocator's view; CPU/MPS: MemAvailable of the host)."""
    if device.type == "cuda":
        free, _total = torch.cuda.mem_get_info(device)
        return int(free)
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 2 * 1024**3


def activation_bytes_per_image(config: dict, training: bool = False) -> int:
    """A rough upper bound of the activation memory one image needs in the vision tower."""
    res = int(config["image_resolution"])
    width = int(config["vision_width"])
    layers = config["vision_layers"]
    if isinstance(layers, (list, tuple)):  # ResNet: feature maps dominate
        tokens, n_layers, width = (res // 4) ** 2, sum(layers), width * 4
    else:
        tokens, n_layers = (res // int(config["vision_patch_size"])) ** 2 + 1, int(layers)
    heads = max(1, width // int(config.get("vision_head_width", 64)))
    per_layer = 4 * (tokens * width * 8 + heads * tokens * tokens)
    return per_layer * (n_layers if training else 2)


def fit_batch_size(
    config: dict, device: torch.device, training: bool = False, cap: int | None = None, fraction: float = 0.3
) -> int:
    """The largest batch whose activations fit in ``fraction`` of free memory, within [1, cap].

    CPUs gain nothing from batches beyond a few dozen images, so the CPU cap is lower.
    """
    if cap is None:
        cap = 256 if device.type == "cuda" else 32
    per_image = activation_bytes_per_image(config, training=training)
    fit = int(available_memory_bytes(device) * fraction // max(1, per_image))
    return max(1, min(cap, fit))
