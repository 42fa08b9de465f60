"""Fine-tune a Chinese-CLIP model on the project's accepted pairs (figure crop ↔ Chinese caption).

cn_clip's own training script is CUDA + NCCL only; this loop runs on CPU, CUDA or MPS, and
under ``torchrun`` (DDP). It uses symmetric InfoNCE with the model's learned logit scale,
optional hard-negative batches, early stopping on valid-split MR (the model version keeps the
best epoch, not the last), and saves a resumable state (weights + optimizer + position) beside
the project: re-running the same command after a kill or a cancel continues where it stopped.
Only the final weights (no optimizer state) become a model version.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
import warnings
from dataclasses import asdict
from typing import Any

import numpy as np
import torch

from culti_desktop.core.errors import CultiError
from culti_desktop.core.jobs import Cancelled, Job, ensure_job
from culti_desktop.core.ml import distributed as ddp
from culti_desktop.core.ml.batches import hard_negative_batches, random_batches, similar_caption_neighbours
from culti_desktop.core.ml.checkpoints import safe_torch_load
from culti_desktop.core.ml.data import SplitData, load_split, pixels_to_tensor
from culti_desktop.core.ml.device import autocast, fit_batch_size, pick_device
from culti_desktop.core.ml.evaluate import evaluate_data
from culti_desktop.core.ml.losses import MAX_LOGIT_SCALE, clip_loss, positive_mask
from culti_desktop.core.ml.train_options import (
    TrainOptions,
    TrainResult,
    apply_freeze,
    default_lr,
    lr_schedule,
    param_groups,
)
from culti_desktop.core.storage.project import Project


def _fingerprint(data: SplitData) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([data.region_ids, data.text_keys, data.pairs]).encode())
    return h.hexdigest()[:16]


def _summary(metrics: dict[str, Any] | None) -> dict[str, Any] | None:
    if not metrics:
        return None
    return {k: metrics[k] for k in ("split", "n_images", "n_texts", "global") if k in metrics}


class _Trainer:
    """State of one run; split out of :func:`train` so saving and resuming read plainly."""

    def __init__(self, project: Project, opts: TrainOptions, job: Job) -> None:
        from culti_desktop.core.ml.registry import load_encoder

        self.project, self.opts, self.job = project, opts, job
        device = pick_device(opts.device)
        self.ctx = ddp.setup(device.type)
        if self.ctx.enabled and device.type == "cuda":
            device = torch.device("cuda", self.ctx.local_rank)
        self.device = device
        # rank 0 first: it may create the base model's version row
        if not self.ctx.is_main:
            self.ctx.barrier()
        self.encoder = load_encoder(
            project, opts.model, device=str(device), precision=opts.precision, job=None
        )
        if self.ctx.is_main:
            self.ctx.barrier()
        self.arch = self.encoder.arch
        self.parent_id = self.encoder.model_version_id
        self.net: Any = self.encoder.model  # cn_clip CLIP (untyped towers, set_grad_checkpointing ...)
        self.train_data = load_split(project, opts.train_split, self.encoder.image_size)
        if len(self.train_data.pairs) < 2:
            raise CultiError(
                f"fine-tuning needs at least 2 accepted pairs in split '{opts.train_split}' "
                f"(found {len(self.train_data.pairs)}): accept more pairs in the review queue, "
                "or give accepted pairs a split (culti split PROJECT)",
                project.path,
                code="train.too_few_pairs",
                params={"split": opts.train_split, "found": len(self.train_data.pairs)},
            )
        self.valid_data: SplitData | None = None
        if self.ctx.is_main:
            valid = load_split(project, opts.valid_split, self.encoder.image_size)
            self.valid_data = valid if valid.pairs else None
        self.lr = opts.lr or default_lr(self.arch)
        self.batch_size = opts.batch_size or fit_batch_size(self.encoder.config, device, training=True)
        self.global_batch = self.batch_size * self.ctx.world
        apply_freeze(self.net, opts.freeze)
        if opts.grad_checkpointing:
            self.net.set_grad_checkpointing(True)
        self.pair_text = np.array([t for t, _ in self.train_data.pairs], dtype=np.int64)
        self.pair_image = np.array([i for _, i in self.train_data.pairs], dtype=np.int64)
        self.tokens = self.encoder.text_tensor(self.train_data.texts).cpu()
        self.neighbours = (
            similar_caption_neighbours([self.train_data.texts[t] for t in self.pair_text])
            if opts.hard_negatives
            else None
        )
        self.steps_per_epoch = len(self._batches(0))
        self.total_steps = self.steps_per_epoch * opts.epochs
        if opts.max_steps:
            self.total_steps = min(self.total_steps, opts.max_steps)
        key = opts.resume_key(f"{self.arch}:{self.parent_id}", _fingerprint(self.train_data))
        self.run_dir = project.side_dir / "training" / key
        self.state_path = self.run_dir / "state.pt"
        self.best_path = self.run_dir / "best.pt"
        self.model: Any = ddp.wrap(self.net, self.ctx, device)
        self.optimizer = torch.optim.AdamW(
            param_groups(self.net, opts.weight_decay), lr=self.lr, betas=(0.9, 0.98), eps=1e-6
        )
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, lr_schedule(self.total_steps, opts.warmup_fraction)
        )
        self.scaler = (
            torch.amp.GradScaler("cuda")
            if (device.type == "cuda" and self.encoder.autocast_dtype == torch.float16)
            else None
        )
        # progress through the run
        self.epoch, self.step_in_epoch, self.global_step = 0, 0, 0
        self.best_mr, self.best_epoch, self.bad_epochs = -1.0, 0, 0
        self.baseline: dict[str, Any] | None = None
        self.best_metrics: dict[str, Any] | None = None
        self.history: list[dict[str, Any]] = []
        self.resumed_from = 0
        self.epoch_losses: list[float] = []

    # -- batches ------------------------------------------------------------------------------
    def _batches(self, epoch: int) -> list[list[int]]:
        """Deterministic per (seed, epoch): every rank and every resumed run sees the same order."""
        rng = np.random.default_rng([self.opts.seed, epoch])
        n = len(self.pair_text)
        if self.opts.hard_negatives:
            docs = [self.train_data.image_docs[i] for i in self.pair_image]
            texts = [self.train_data.texts[t] for t in self.pair_text]
            batches = hard_negative_batches(docs, texts, self.global_batch, rng, neighbours=self.neighbours)
        else:
            batches = random_batches(n, self.global_batch, rng)
        w = self.ctx.world
        out = [b[: len(b) - len(b) % w] for b in batches]
        return [b for b in out if len(b) >= 2 * w]

    # -- saving and resuming -----------------------------------------------------------------------
    def _save_state(self) -> None:
        if not self.ctx.is_main:
            return
        self.run_dir.mkdir(parents=True, exist_ok=True)
        state = {
            "model": self.net.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "scaler": self.scaler.state_dict() if self.scaler else {},
            "epoch": self.epoch,
            "step_in_epoch": self.step_in_epoch,
            "global_step": self.global_step,
            "best_mr": self.best_mr,
            "best_epoch": self.best_epoch,
            "bad_epochs": self.bad_epochs,
            "baseline": json.dumps(self.baseline),
            "best_metrics": json.dumps(self.best_metrics),
            "history": json.dumps(self.history),
            "epoch_losses": list(self.epoch_losses),
            "options": json.dumps(asdict(self.opts)),
        }
        tmp = self.state_path.with_name("state.pt.tmp")
        torch.save(state, tmp)
        tmp.replace(self.state_path)
        self._last_save = time.monotonic()

    def _try_resume(self) -> bool:
        if self.opts.restart and self.ctx.is_main:
            shutil.rmtree(self.run_dir, ignore_errors=True)
        self.ctx.barrier()
        if not self.state_path.is_file():
            return False
        st = safe_torch_load(self.state_path)
        self.net.load_state_dict(st["model"])
        self.optimizer.load_state_dict(st["optimizer"])
        self.scheduler.load_state_dict(st["scheduler"])
        if self.scaler and st.get("scaler"):
            self.scaler.load_state_dict(st["scaler"])
        self.epoch, self.step_in_epoch, self.global_step = st["epoch"], st["step_in_epoch"], st["global_step"]
        self.best_mr, self.best_epoch, self.bad_epochs = st["best_mr"], st["best_epoch"], st["bad_epochs"]
        self.baseline = json.loads(st["baseline"])
        self.best_metrics = json.loads(st["best_metrics"])
        self.history = json.loads(st["history"])
        self.epoch_losses = list(st.get("epoch_losses", []))
        self.resumed_from = self.global_step
        return True

    # -- evaluation --------------------------------------------------------------------------------
    def _validate(self) -> dict[str, Any] | None:
        if not (self.ctx.is_main and self.valid_data is not None):
            return None
        self.net.eval()
        try:  # a child job: cancel reaches the validation pass; the bar stays on the training steps
            return evaluate_data(self.encoder, self.valid_data, job=self.job.child(0))
        finally:
            self.net.train()

    def _emit(self, event: dict[str, Any]) -> None:
        if self.ctx.is_main:
            self.job.emit(event)

    # -- one step ------------------------------------------------------------------------------------
    def _step(self, items: list[int]) -> float:
        local = items[self.ctx.rank :: self.ctx.world]
        img_idx = self.pair_image[local]
        txt_idx = self.pair_text[local]
        images = pixels_to_tensor([self.train_data.pixels[i] for i in img_idx]).to(self.device)
        tokens = self.tokens[torch.from_numpy(txt_idx)].to(self.device)
        img_keys = torch.from_numpy(img_idx).to(self.device)
        txt_keys = torch.from_numpy(txt_idx).to(self.device)
        with autocast(self.device, self.encoder.autocast_dtype), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*use_reentrant.*")  # cn_clip's checkpoint() call
            img_f, txt_f, scale = self.model(images, tokens)
        img_f, txt_f = img_f.float(), txt_f.float()
        all_img = ddp.gather_with_grad(img_f, self.ctx)
        all_txt = ddp.gather_with_grad(txt_f, self.ctx)
        mask = positive_mask(
            img_keys, txt_keys, ddp.gather_ids(img_keys, self.ctx), ddp.gather_ids(txt_keys, self.ctx)
        )
        loss = clip_loss(img_f, txt_f, scale.float(), mask, all_img, all_txt)
        self.optimizer.zero_grad(set_to_none=True)
        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            loss.backward()
            self.optimizer.step()
        self.scheduler.step()
        with torch.no_grad():
            self.net.logit_scale.clamp_(0, math.log(MAX_LOGIT_SCALE))
        return float(loss.detach())

    # -- the run -------------------------------------------------------------------------------------
    def run(self) -> TrainResult:
        t0 = time.monotonic()
        self._last_save = time.monotonic()
        resumed = self._try_resume()
        if not resumed:
            self.baseline = _summary(self._validate())
            if self.baseline:
                base_mr = self.baseline["global"]["mr"]
                self.history.append(
                    {"epoch": 0, "loss": None, "valid_mr": base_mr, "valid": self.baseline["global"]}
                )
                self._emit({"type": "epoch", "epoch": 0, "loss": None, "valid_mr": base_mr})
        self.net.train()
        remaining = self.total_steps - self.global_step
        self.job.start(
            max(remaining, 0),
            f"training {self.arch}" + (f" (resumed at step {self.global_step})" if resumed else ""),
        )
        stopped_early = False
        last_mr = self.history[-1]["valid_mr"] if self.history else None
        try:
            while self.epoch < self.opts.epochs:
                batches = self._batches(self.epoch)
                for b in range(self.step_in_epoch, len(batches)):
                    if self.global_step >= self.total_steps:
                        break
                    loss = self._step(batches[b])
                    self.epoch_losses.append(loss)
                    self.step_in_epoch, self.global_step = b + 1, self.global_step + 1
                    self._emit(
                        {
                            "type": "step",
                            "epoch": self.epoch + 1,
                            "step": self.global_step,
                            "total_steps": self.total_steps,
                            "loss": loss,
                            "lr": self.scheduler.get_last_lr()[0],
                            "eta": self.job.progress().eta_seconds,
                        }
                    )
                    if self._due_for_save():
                        self._save_state()
                    mr_txt = f" valid MR {last_mr:.1f}" if last_mr is not None else ""
                    self.job.advance(1, f"epoch {self.epoch + 1}/{self.opts.epochs} loss {loss:.3f}{mr_txt}")
                stop = self._end_epoch() or self.global_step >= self.total_steps
                last_mr = self.history[-1]["valid_mr"] if self.history else None
                if self.ctx.broadcast_flag(stop):
                    stopped_early = self.bad_epochs >= self.opts.patience and self.epoch < self.opts.epochs
                    break
        except Cancelled:
            self._save_state()
            raise
        version_id = self._finish(stopped_early)
        return TrainResult(
            version_id=version_id,
            parent_id=self.parent_id,
            epochs_run=self.epoch,
            best_epoch=self.best_epoch,
            stopped_early=stopped_early,
            resumed_from_step=self.resumed_from,
            baseline=self.baseline,
            best=self.best_metrics,
            history=self.history,
            seconds=round(time.monotonic() - t0, 2),
            steps=self.global_step,
            made_current=getattr(self, "made_current", False),
        )

    def _due_for_save(self) -> bool:
        if self.opts.save_every_steps and self.global_step % self.opts.save_every_steps == 0:
            return True
        return time.monotonic() - self._last_save >= self.opts.save_every_seconds

    def _end_epoch(self) -> bool:
        """Validate, keep the best weights, record history; True when early stopping says stop.

        Validation comes first: cancelled there, the saved state still has this epoch open (all
        its steps done), so a resumed run validates it instead of skipping its recall.
        """
        metrics = self._validate()
        mean_loss = float(np.mean(self.epoch_losses)) if self.epoch_losses else None
        self.epoch += 1
        self.step_in_epoch = 0
        self.epoch_losses = []
        stop = False
        if self.ctx.is_main:
            entry: dict[str, Any] = {"epoch": self.epoch, "loss": mean_loss, "valid_mr": None}
            if metrics is not None:
                mr = metrics["global"]["mr"]
                entry.update(valid_mr=mr, valid=metrics["global"])
                if mr > self.best_mr:
                    self.best_mr, self.best_epoch, self.best_metrics = mr, self.epoch, _summary(metrics)
                    self.bad_epochs = 0
                    self._save_best()
                else:
                    self.bad_epochs += 1
                stop = self.bad_epochs >= self.opts.patience
            else:
                self.best_epoch = self.epoch
            self.history.append(entry)
            self._emit({"type": "epoch", **entry})
        self._save_state()
        return stop

    def _save_best(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.best_path.with_name("best.pt.tmp")
        torch.save({k: v.detach().cpu() for k, v in self.net.state_dict().items()}, tmp)
        tmp.replace(self.best_path)

    def worse_than_start(self) -> bool:
        """Fine-tuning that lowers valid recall below the starting model (small sets can erase
        zero-shot ability, cn_clip #86/#240) must not silently replace it for search."""
        if not (self.baseline and self.best_metrics):
            return False
        return self.best_metrics["global"]["mr"] < self.baseline["global"]["mr"]

    def _save_projection(self, version_id: int) -> None:
        """The version's English→Chinese projection, fitted with the weights just trained and kept
        beside its checkpoint (ADR 0083); none when the project has too few bilingual pairs."""
        from culti_desktop.core.ml.projection import save_version_projection
        from culti_desktop.core.ml.registry import checkpoint_abspath, resolve_version

        mv = resolve_version(self.project, version_id)
        if mv is not None and mv.checkpoint_path:
            with torch.no_grad():
                save_version_projection(self.project, self.encoder, checkpoint_abspath(self.project, mv))

    def _finish(self, stopped_early: bool) -> int | None:
        from culti_desktop.core.ml.registry import record_metrics, register_finetuned

        version_id = None
        if self.ctx.is_main:
            if self.valid_data is not None and self.best_path.is_file():
                self.net.load_state_dict(safe_torch_load(self.best_path))
            self.net.eval()
            train_config = {
                **{k: v for k, v in asdict(self.opts).items() if k not in ("restart",)},
                "lr": self.lr,
                "batch_size": self.batch_size,
                "world_size": self.ctx.world,
                "train_pairs": len(self.train_data.pairs),
                "steps": self.global_step,
                "best_epoch": self.best_epoch,
                "epochs_run": self.epoch,
                "stopped_early": stopped_early,
            }
            metrics: dict[str, Any] = {
                "training": {
                    "history": self.history,
                    "baseline_valid": self.baseline,
                    "best_epoch": self.best_epoch,
                },
            }
            version_id = register_finetuned(
                self.project,
                self.net,
                self.arch,
                self.encoder.config,
                self.parent_id,
                metrics,
                train_config,
                name=self.opts.name,
                make_current=self.opts.make_current and not self.worse_than_start(),
            )
            self._save_projection(version_id)
            self.made_current = self.opts.make_current and not self.worse_than_start()
            if not self.made_current and self.parent_id is not None:
                from culti_desktop.core.ml.registry import CURRENT_MODEL_KEY, use_model

                if self.project.get_meta(CURRENT_MODEL_KEY) is None:  # "newest fine-tuned" would pick it
                    use_model(self.project, self.parent_id)
            if self.best_metrics:
                record_metrics(self.project, version_id, f"eval:{self.opts.valid_split}", self.best_metrics)
            if self.baseline and self.parent_id is not None:
                record_metrics(self.project, self.parent_id, f"eval:{self.opts.valid_split}", self.baseline)
            shutil.rmtree(self.run_dir, ignore_errors=True)
        self.ctx.barrier()
        return version_id


def train(project: Project, options: TrainOptions, job: Job | None = None) -> TrainResult:
    """Fine-tune and register a new model version; resumes a saved state of the same run.

    Per-step losses and per-epoch recalls go to ``job.on_event`` (see :class:`Job`).
    """
    job = ensure_job(job)
    trainer = _Trainer(project, options, job)
    try:
        return trainer.run()
    finally:
        trainer.ctx.close()
