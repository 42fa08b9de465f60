"""``culti train PROJECT``: fine-tune Chinese-CLIP on the accepted train pairs; resumable.

Multi-GPU / multi-node: ``torchrun --nproc_per_node N -m culti_desktop train PROJECT ...``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="fine-tune a Chinese-CLIP model on the project's accepted pairs")
    add_project(p, writes=True)
    p.add_argument(
        "--model", help="start from: version id, version name or arch (default: the current model)"
    )
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, help="learning rate (default 1e-5; 5e-4 for tiny)")
    p.add_argument("--batch", type=int, help="pairs per batch (default: fitted to memory)")
    p.add_argument(
        "--freeze", choices=("vision", "text", "none"), default="none", help="keep one tower fixed"
    )
    p.add_argument(
        "--hard-negatives",
        action="store_true",
        help="fill batches with same-document / similar-caption pairs (CultureCLIP-style)",
    )
    p.add_argument("--patience", type=int, default=3, help="stop after N epochs without valid improvement")
    p.add_argument("--device", default="auto", help="auto (CUDA, MPS, CPU), cpu, cuda, cuda:N, mps")
    p.add_argument("--precision", default="auto", choices=("auto", "fp32", "bf16", "fp16"))
    p.add_argument("--split", default="train", help="training split (default train)")
    p.add_argument("--valid-split", default="valid", help="split for early stopping (default valid)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--grad-checkpointing",
        action="store_true",
        help="recompute activations during backward: much less memory (large models), slower",
    )
    p.add_argument("--name", help="name of the new model version")
    p.add_argument("--restart", action="store_true", help="ignore a saved state of this run and start over")
    p.add_argument(
        "--again",
        action="store_true",
        help="train a new version even if one with the same name, settings and data exists",
    )
    p.add_argument(
        "--save-every",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="save the resumable state at least this often (default 120 s; always at epoch ends)",
    )
    p.add_argument("--save-every-steps", type=int, help=argparse.SUPPRESS)
    add_json(p)
    p.set_defaults(func=cmd_train)


def _human(d: dict) -> str:
    lines = []
    if d["resumed_from_step"]:
        lines.append(f"resumed at step {d['resumed_from_step']}")
    for h in d["history"]:
        loss = f"{h['loss']:.4f}" if h["loss"] is not None else "   -  "
        mr = f"{h['valid_mr']:.2f}" if h["valid_mr"] is not None else "-"
        lines.append(f"epoch {h['epoch']:>3}  loss {loss}  valid MR {mr}")
    if d["stopped_early"]:
        lines.append(f"stopped early after epoch {d['epochs_run']} (no valid improvement)")
    lines.append(
        f"new model version {d['version_id']} (best epoch {d['best_epoch']}, {d['steps']} steps, {d['seconds']:.0f} s)"
    )
    if d["baseline"] and d["best"]:
        lines.append(
            f"valid MR {d['baseline']['global']['mr']:.2f} (start) -> {d['best']['global']['mr']:.2f} (best)"
        )
    if d["made_current"]:
        lines.append("it is now the project's current model")
    else:
        lines.append(
            "NOT made current (it scores below the starting model on valid, or you chose so); "
            f"pick it with: culti model use PROJECT {d['version_id']}"
        )
    return "\n".join(lines)


def ensure_splits_for_cli(project: Any) -> None:
    """Accepted pairs without a split get one (logged, undoable); a too-small project is told why."""
    from culti_desktop.core.curation.splits import ensure_splits

    result = ensure_splits(project)
    if result.changed:
        print(f"culti: gave {len(result.changed)} accepted pairs a split by document", file=sys.stderr)
    if result.warning:
        print(f"culti: warning: {result.warning[2]}", file=sys.stderr)


def _exists(mv: Any) -> dict[str, Any]:
    return {
        "exists": True,
        "version_id": mv.id,
        "name": mv.name,
        "message": f"model version {mv.id} ({mv.name}) was already trained with these settings on this "
        "data; nothing to do (pass --again for another run, or --name NEW)",
    }


def cmd_train(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from culti_desktop.core.ml import distributed
    from culti_desktop.core.ml.registry import (
        ModelChoiceNeeded,
        needs_model_choice,
        training_signature,
        version_with_signature,
    )
    from culti_desktop.core.ml.train import TrainOptions, train

    opts = TrainOptions(
        model=args.model,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch,
        freeze=args.freeze,
        hard_negatives=args.hard_negatives,
        device=args.device,
        precision=args.precision,
        patience=args.patience,
        seed=args.seed,
        train_split=args.split,
        valid_split=args.valid_split,
        restart=args.restart,
        name=args.name,
        save_every_seconds=args.save_every,
        save_every_steps=args.save_every_steps,
        grad_checkpointing=args.grad_checkpointing,
    )
    main_rank = not distributed.launched_by_torchrun() or int(os.environ.get("RANK", "0")) == 0
    with open_for_writing(args) as project:
        if args.model is None and needs_model_choice(project):
            raise ModelChoiceNeeded()  # before the automatic split: a failed run writes nothing
        if main_rank:
            ensure_splits_for_cli(project)
        opts.signature = training_signature(project, asdict(opts))
        done = None if args.again else version_with_signature(project, opts.signature)
        if done is not None:  # a completed run (or one killed just after it committed)
            if main_rank:
                emit(_exists(done), args.json, lambda d: d["message"])
            return 0
        with cli_job(enabled=not args.json and main_rank) as job:
            result = train(project, opts, job=job)
    if main_rank:
        emit(result.as_dict(), args.json, _human)
    else:
        sys.stdout.flush()
    return 0
