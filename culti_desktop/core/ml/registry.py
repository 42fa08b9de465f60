"""Which model to use, and loading it: names, project model versions, the current model.

A model is named either by a project model version id (``3``), or by an architecture name
(``tiny``, ``ViT-B-16`` ...). Architecture names resolve to published weights in the user model
folder (downloaded on first use) or, for ``tiny``, to seeded random weights that need no files.
Every model used with a project gets a :class:`ModelVersion` row (so indexes and metrics can point
at it); fine-tuned and imported versions keep their checkpoint in ``project.side_dir/models``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from culti_desktop.core.errors import CultiError, InputError
from culti_desktop.core.jobs import Job
from culti_desktop.core.ml.archs import ARCH_NAMES, ARCHS, arch_config, build_clip
from culti_desktop.core.ml.checkpoints import (
    extract_state_dict,
    file_sha256,
    load_weights_into,
    safe_torch_load,
    save_model_checkpoint,
)
from culti_desktop.core.ml.device import pick_device
from culti_desktop.core.ml.downloads import ensure_weights, model_dir, weights_path
from culti_desktop.core.ml.encoder import ClipEncoder
from culti_desktop.core.ml.tiny import TINY_ARCH, TINY_SEED
from culti_desktop.core.storage.checkpoint_paths import checkpoint_file, stored_checkpoint_path
from culti_desktop.core.storage.current_model import CURRENT_MODEL_KEY, current_model_version
from culti_desktop.core.storage.models import ModelVersion
from culti_desktop.core.storage.project import Project

#: Used when a project has no model yet and none is named, if its weights are already here.
DEFAULT_ARCH = "ViT-B-16"
MODELS_SUBDIR = "models"


class ModelChoiceNeeded(CultiError):
    """No model chosen and the default weights are not here: the user picks one of three ways.

    Nothing is downloaded implicitly (ADR 0046). ``choices`` are (key, English line) pairs; the CLI
    prints one per line, the GUI shows its first-model dialog instead.
    """

    def __init__(self, arch: str = DEFAULT_ARCH) -> None:
        spec = ARCHS[arch]
        size = f"{(spec.approx_bytes or 0) / 1e6:,.0f} MB"
        self.arch = arch
        self.choices = [
            ("download", f"download {arch} ({size}, resumable): culti model download {arch}"),
            ("import", f"import a checkpoint you have: culti model import {spec.filename} --arch {arch}"),
            (
                "tiny",
                "use the tiny demo model (no real knowledge, for trying the loop): culti model use PROJECT tiny",
            ),
        ]
        super().__init__(
            f"no model chosen yet and the {arch} weights are not in {model_dir()}; choose one:",
            code="model.choose",
            params={"arch": arch, "size": size},
        )


def needs_model_choice(project: Project | None) -> bool:
    """True when a project would have to ask which model to use (see :class:`ModelChoiceNeeded`)."""
    if project is not None and current_model_version(project) is not None:
        return False
    return not weights_path(DEFAULT_ARCH).is_file()


def use_arch(project: Project, arch: str) -> ModelVersion:
    """Make a base model (``tiny`` or published weights) the project's current model."""
    if arch not in ARCH_NAMES:
        raise CultiError(f"unknown model '{arch}' (one of: {', '.join(ARCH_NAMES)})")
    return use_model(project, ensure_base_version(project, arch))


# -- the current model ------------------------------------------------------------------------
def use_model(project: Project, version_id: int) -> ModelVersion:
    """Make ``version_id`` the project's current model."""
    with project.session() as s:
        mv = s.get(ModelVersion, int(version_id))
        if mv is None:
            raise CultiError(
                f"no model version {version_id} in this project (see: culti model list)", project.path
            )
        s.merge(_meta(CURRENT_MODEL_KEY, str(mv.id)))
    return mv


def _meta(key: str, value: str):
    from culti_desktop.core.storage.models import Meta

    return Meta(key=key, value=value)


def list_versions(project: Project) -> list[dict[str, Any]]:
    current = current_model_version(project)
    with project.read_session() as s:
        rows = s.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()
        return [version_dict(mv, current_id=current.id if current else None) for mv in rows]


def version_dict(mv: ModelVersion, current_id: int | None = None) -> dict[str, Any]:
    return {
        "id": mv.id,
        "name": mv.name,
        "arch": mv.arch,
        "kind": mv.kind,
        "parent_id": mv.parent_id,
        "checkpoint": mv.checkpoint_path,
        "created_at": mv.created_at,
        "metrics": mv.metrics or {},
        "current": mv.id == current_id,
    }


def list_archs() -> list[dict[str, Any]]:
    """Known architectures and whether their weights are already in the user model folder."""
    out = [
        {
            "name": TINY_ARCH,
            "downloaded": True,
            "file": None,
            "approx_bytes": None,
            "note": "seeded random weights",
        }
    ]
    for name, spec in ARCHS.items():
        path = weights_path(name)
        out.append(
            {
                "name": name,
                "downloaded": path.is_file(),
                "file": str(path),
                "approx_bytes": spec.approx_bytes,
                "note": "",
            }
        )
    return out


# -- base versions ----------------------------------------------------------------------------
def ensure_base_version(project: Project, arch: str, seed: int = TINY_SEED) -> int:
    """The id of the project's row for a base model (pretrained weights or tiny), created once."""
    kind = "tiny" if arch == TINY_ARCH else "pretrained"
    name = f"{arch} (seed {seed})" if arch == TINY_ARCH else f"{arch} (pretrained)"
    with project.session() as s:
        mv = s.scalar(select(ModelVersion).where(ModelVersion.kind == kind, ModelVersion.name == name))
        if mv is None:
            config: dict[str, Any] = {"clip_config": arch_config(arch)}
            if arch == TINY_ARCH:
                config["seed"] = seed
            mv = ModelVersion(name=name, arch=arch, kind=kind, config=config)
            s.add(mv)
            s.flush()
        return mv.id


def checkpoint_abspath(project: Project, mv: ModelVersion) -> Path:
    """Checkpoint paths are stored relative to the side folder (older rows: see checkpoint_paths)."""
    assert mv.checkpoint_path
    return checkpoint_file(project.path, mv.checkpoint_path).resolve()


def relative_to_project(project: Project, path: Path) -> str:
    """The stored form of a checkpoint path (relative to the side folder, so renames keep it)."""
    return stored_checkpoint_path(project.path, path)


def versions_dir(project: Project) -> Path:
    d = project.side_dir / MODELS_SUBDIR
    d.mkdir(parents=True, exist_ok=True)
    return d


# -- loading ----------------------------------------------------------------------------------
def build_model_for(
    arch: str, config: dict[str, Any] | None = None, seed: int = TINY_SEED, job: Job | None = None
):
    """A model of ``arch`` with its base weights: published ones, or seeded random for tiny."""
    cfg = config or arch_config(arch)
    if arch == TINY_ARCH:
        return build_clip(cfg, seed=seed), cfg
    path = ensure_weights(arch, job=job)
    model = build_clip(cfg, seed=0)
    load_weights_into(model, extract_state_dict(safe_torch_load(path), path), path, arch)
    return model, cfg


def load_version_model(project: Project, mv: ModelVersion, job: Job | None = None):
    cfg = dict((mv.config or {}).get("clip_config") or arch_config(mv.arch))
    if not mv.checkpoint_path:
        return build_model_for(mv.arch, cfg, seed=int((mv.config or {}).get("seed", TINY_SEED)), job=job)
    path = checkpoint_abspath(project, mv)
    if not path.is_file():
        raise CultiError(f"checkpoint of model version {mv.id} ({mv.name}) is missing", path)
    model = build_clip(cfg, seed=0)
    load_weights_into(model, extract_state_dict(safe_torch_load(path), path), path, mv.arch)
    return model, cfg


def resolve_version(project: Project, model: str | int) -> ModelVersion | None:
    """A version of the project named by id ("3", 3) or by exact name; None if not a version."""
    with project.read_session() as s:
        if isinstance(model, int) or (isinstance(model, str) and model.strip().isdigit()):
            mv = s.get(ModelVersion, int(model))
            if mv is None:
                raise CultiError(
                    f"no model version {model} in this project (see: culti model list)", project.path
                )
            return mv
        if model in ARCH_NAMES:
            return None
        return s.scalar(
            select(ModelVersion).where(ModelVersion.name == model).order_by(ModelVersion.id.desc())
        )


def load_encoder(
    project: Project | None,
    model: str | int | None = None,
    device: str = "auto",
    precision: str = "auto",
    job: Job | None = None,
) -> ClipEncoder:
    """A ready :class:`ClipEncoder` for a version id, an architecture name, or the current model.

    With a project, the encoder's ``model_version_id`` is always set (base models get a row).
    ``tiny`` always works offline; a published architecture named explicitly downloads on first
    use. With nothing named and nothing chosen, :class:`ModelChoiceNeeded` asks instead of
    downloading.
    """
    dev = pick_device(device)
    if project is not None:
        mv = resolve_version(project, model) if model is not None else current_model_version(project)
        if mv is not None:
            net, cfg = load_version_model(project, mv, job=job)
            return ClipEncoder(
                net, cfg, mv.arch, dev, model_version_id=mv.id, precision=precision, name=mv.name
            )
    if model is None and not weights_path(DEFAULT_ARCH).is_file():
        raise ModelChoiceNeeded(DEFAULT_ARCH)
    arch = str(model) if model is not None else DEFAULT_ARCH
    if arch not in ARCH_NAMES:
        raise CultiError(
            f"unknown model '{arch}': give a version id, a version name or one of {', '.join(ARCH_NAMES)}"
        )
    net, cfg = build_model_for(arch, job=job)
    version_id = ensure_base_version(project, arch) if project is not None else None
    return ClipEncoder(net, cfg, arch, dev, model_version_id=version_id, precision=precision)


# -- importing and registering ------------------------------------------------------------------
def import_checkpoint(
    path: str | Path, arch: str, project: Project | None = None, name: str | None = None
) -> dict[str, Any]:
    """Check a user's checkpoint against ``arch`` and store it, weights only.

    Without a project it becomes the published weights of ``arch`` in the user model folder (the
    offline alternative to downloading); with one, a new ``imported`` model version of the project.
    """
    src = Path(path).expanduser()
    cfg = arch_config(arch)
    if arch == TINY_ARCH and project is None:
        raise InputError("tiny checkpoints can only be imported into a project (--project)", src)
    state = extract_state_dict(safe_torch_load(src), src)
    model = build_clip(cfg, seed=0)
    load_weights_into(model, state, src, arch)
    del state
    if project is None:
        dest = weights_path(arch)
        sha = save_model_checkpoint(dest, model, arch, cfg, half=True)
        return {"arch": arch, "file": str(dest), "sha256": sha, "version": None}
    with project.session() as s:
        mv = ModelVersion(
            name=name or f"{arch} imported from {src.name}",
            arch=arch,
            kind="imported",
            config={"clip_config": cfg, "source": str(src)},
        )
        s.add(mv)
        s.flush()
        dest = versions_dir(project) / f"v{mv.id}-{arch}.pt"
        mv.checkpoint_sha256 = save_model_checkpoint(dest, model, arch, cfg)
        mv.checkpoint_path = relative_to_project(project, dest)
        version_id = mv.id
    return {"arch": arch, "file": str(dest), "sha256": file_sha256(dest), "version": version_id}


def register_finetuned(
    project: Project,
    model,
    arch: str,
    config: dict[str, Any],
    parent_id: int | None,
    metrics: dict[str, Any],
    train_config: dict[str, Any],
    name: str | None = None,
    make_current: bool = True,
) -> int:
    """Save a fine-tuned model as a new version (weights only) and, by default, make it current."""
    with project.session() as s:
        mv = ModelVersion(
            name=name or f"{arch} fine-tuned",
            arch=arch,
            kind="finetuned",
            parent_id=parent_id,
            config={"clip_config": config, "training": train_config},
            metrics=metrics,
        )
        s.add(mv)
        s.flush()
        dest = versions_dir(project) / f"v{mv.id}-{arch}.pt"
        try:
            mv.checkpoint_sha256 = save_model_checkpoint(dest, model, arch, config)
        except Exception:
            dest.unlink(missing_ok=True)
            raise
        mv.checkpoint_path = relative_to_project(project, dest)
        if not name:
            mv.name = f"{arch} fine-tuned v{mv.id}"
        if make_current:
            s.merge(_meta(CURRENT_MODEL_KEY, str(mv.id)))
        return mv.id


def record_metrics(project: Project, version_id: int, key: str, value: dict[str, Any]) -> None:
    """Keep a version's figures per split (``metrics[key] = value``) so versions compare."""
    with project.session() as s:
        mv = s.get(ModelVersion, version_id)
        if mv is None:
            return
        metrics = dict(mv.metrics or {})
        metrics[key] = value
        mv.metrics = metrics


# -- re-runs of the same training -------------------------------------------------------------
#: Options that do not change what a training produces (where and how often it runs and saves).
_NOT_SETTINGS = (
    "device",
    "save_every_seconds",
    "save_every_steps",
    "restart",
    "grad_checkpointing",
    "signature",
)


def training_signature(project: Project, options: dict[str, Any]) -> str:
    """Settings as given (name included) plus the accepted pairs of the splits used: the same
    signature twice means the same training on the same data."""
    from culti_desktop.core.storage.models import Pair

    settings = {k: v for k, v in options.items() if k not in _NOT_SETTINGS}
    splits = [options.get("train_split", "train"), options.get("valid_split", "valid")]
    h = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    with project.read_session() as s:
        rows = s.execute(
            select(Pair.id, Pair.split, Pair.figure_region_id, Pair.caption_zh, Pair.caption)
            .where(Pair.status == "accepted", Pair.split.in_(splits))
            .order_by(Pair.id)
        )
        for row in rows:
            h.update(json.dumps(list(row), ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:20]


def version_with_signature(project: Project, signature: str) -> ModelVersion | None:
    """The fine-tuned version a training with this signature already produced, if any."""
    with project.read_session() as s:
        for mv in s.scalars(select(ModelVersion).where(ModelVersion.kind == "finetuned")):
            if ((mv.config or {}).get("training") or {}).get("signature") == signature:
                return mv
    return None
