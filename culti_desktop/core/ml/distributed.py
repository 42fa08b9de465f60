"""Running the training loop under ``torchrun`` (PyTorch DDP), on GPUs or on CPU with gloo.

``torchrun --nproc_per_node N -m culti_desktop train PROJECT ...`` starts N copies; each takes its
slice of every global batch, features are gathered across ranks (with gradients) so every rank
sees the whole batch as negatives, and rank 0 alone evaluates, saves and writes to the project.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

import torch
import torch.distributed as tdist


@dataclass
class DistContext:
    rank: int = 0
    world: int = 1
    local_rank: int = 0
    initialised_here: bool = False

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world > 1

    def barrier(self) -> None:
        if self.enabled:
            tdist.barrier()

    def broadcast_flag(self, flag: bool) -> bool:
        """Rank 0's decision (e.g. early stopping) for everybody."""
        if not self.enabled:
            return flag
        t = torch.tensor([1 if flag else 0], dtype=torch.int64)
        tdist.broadcast(t, src=0)
        return bool(t.item())

    def close(self) -> None:
        if self.initialised_here and tdist.is_initialized():
            tdist.destroy_process_group()


def launched_by_torchrun() -> bool:
    return int(os.environ.get("WORLD_SIZE", "1")) > 1 and "RANK" in os.environ


def setup(device_type: str) -> DistContext:
    """Join the process group torchrun prepared (gloo on CPU, nccl on CUDA); a no-op otherwise."""
    if not launched_by_torchrun():
        return DistContext()
    rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
    local = int(os.environ.get("LOCAL_RANK", "0"))
    here = False
    if not tdist.is_initialized():
        backend = "nccl" if device_type == "cuda" else "gloo"
        tdist.init_process_group(backend=backend, timeout=dt.timedelta(minutes=30))
        here = True
    return DistContext(rank=rank, world=world, local_rank=local, initialised_here=here)


def gather_with_grad(x: torch.Tensor, ctx: DistContext) -> torch.Tensor:
    """All ranks' rows of ``x`` (rank order), differentiable with respect to the local rows."""
    if not ctx.enabled:
        return x
    import warnings

    from torch.distributed.nn.functional import all_gather

    with warnings.catch_warnings():  # deprecated in favour of a private API; still the public one
        warnings.simplefilter("ignore", FutureWarning)
        return torch.cat(all_gather(x), dim=0)


def gather_ids(x: torch.Tensor, ctx: DistContext) -> torch.Tensor:
    if not ctx.enabled:
        return x
    parts = [torch.empty_like(x) for _ in range(ctx.world)]
    tdist.all_gather(parts, x)
    return torch.cat(parts, dim=0)


def wrap(model: torch.nn.Module, ctx: DistContext, device: torch.device) -> torch.nn.Module:
    if not ctx.enabled:
        return model
    from torch.nn.parallel import DistributedDataParallel

    ids: list[int] | None = [device.index or 0] if device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=ids)
