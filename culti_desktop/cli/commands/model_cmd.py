"""``culti model list | import | use | download``: the Chinese-CLIP models a project can use."""

from __future__ import annotations

import argparse
from typing import Any

from culti_desktop.cli.commands._common import add_force, add_json, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job
from culti_desktop.core.storage import open_project


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("model", help="list, import, download and pick Chinese-CLIP models")
    msub = p.add_subparsers(dest="model_command", metavar="ACTION", required=True)

    q = msub.add_parser(
        "list", help="known architectures (downloaded or not) and the project's model versions"
    )
    q.add_argument("project", nargs="?", metavar="PROJECT", help="also list this project's versions")
    add_json(q)
    q.set_defaults(func=cmd_list)

    q = msub.add_parser("import", help="import a checkpoint you already have (original or fine-tuned)")
    q.add_argument("file", metavar="FILE", help=".pt checkpoint (loaded with weights_only=True)")
    q.add_argument(
        "--arch", required=True, help="architecture: tiny, RN50, ViT-B-16, ViT-L-14, ViT-L-14-336, ViT-H-14"
    )
    q.add_argument(
        "--project", help="add it as a model version of this project (else: the user model folder)"
    )
    q.add_argument("--name", help="version name (with --project)")
    add_force(q)
    add_json(q)
    q.set_defaults(func=cmd_import)

    q = msub.add_parser("use", help="make a model version (or a base model such as tiny) the current model")
    q.add_argument("project", metavar="PROJECT")
    q.add_argument(
        "version",
        metavar="V",
        help="model version id (see: culti model list PROJECT), or tiny / ViT-B-16 / ... for a base model",
    )
    add_force(q)
    add_json(q)
    q.set_defaults(func=cmd_use)

    q = msub.add_parser("download", help="download published weights into the user model folder")
    q.add_argument("arch", metavar="NAME")
    q.add_argument(
        "--source",
        choices=("huggingface", "modelscope"),
        help="try this source first, then the other (default: $CULTI_MODEL_SOURCE or huggingface)",
    )
    add_json(q)
    q.set_defaults(func=cmd_download)


def _mb(n: Any) -> str:
    return f"{n / 1e6:,.0f} MB" if n else "-"


def _human_list(d: dict) -> str:
    lines = [f"user model folder: {d['model_dir']}", "architectures:"]
    for a in d["architectures"]:
        state = "ready" if a["downloaded"] else "not downloaded"
        lines.append(f"  {a['name']:<14} {state:<15} {_mb(a['approx_bytes']):>9}  {a['note']}")
    if "versions" in d:
        lines.append("project model versions:" if d["versions"] else "project model versions: none yet")
        for v in d["versions"]:
            mark = "*" if v["current"] else " "
            figures = []
            for key, m in sorted(v["metrics"].items()):
                if key.startswith("eval:") and isinstance(m, dict) and "global" in m:
                    figures.append(f"{key[5:]} MR {m['global']['mr']:.1f}")
            lines.append(
                f" {mark}{v['id']:>3}  {v['name']:<32} {v['kind']:<10} {v['arch']:<10} "
                f"parent {v['parent_id'] or '-':<4} {', '.join(figures)}"
            )
        lines.append("(* = current model, used by eval/index/search when --model is not given)")
    return "\n".join(lines)


def cmd_list(args: argparse.Namespace) -> int:
    from culti_desktop.core.ml.downloads import model_dir
    from culti_desktop.core.ml.registry import list_archs, list_versions

    data: dict[str, Any] = {"model_dir": str(model_dir()), "architectures": list_archs()}
    if args.project:
        with open_project(args.project) as project:
            data["project"] = str(project.path)
            data["versions"] = list_versions(project)
    emit(data, args.json, _human_list)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from culti_desktop.core.ml.registry import import_checkpoint

    if args.project:
        with open_for_writing(args) as project:
            result = import_checkpoint(args.file, args.arch, project=project, name=args.name)
    else:
        result = import_checkpoint(args.file, args.arch)
    emit(
        result,
        args.json,
        lambda d: (
            f"imported as model version {d['version']} ({d['file']})"
            if d["version"]
            else f"installed {d['arch']} weights at {d['file']}"
        ),
    )
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    from culti_desktop.core.ml.registry import use_arch, use_model

    with open_for_writing(args) as project:
        v = str(args.version).strip()
        mv = use_model(project, int(v)) if v.isdigit() else use_arch(project, v)
        data = {"project": str(project.path), "current_model": mv.id, "name": mv.name, "arch": mv.arch}
    emit(data, args.json, lambda d: f"current model: {d['current_model']} ({d['name']})")
    return 0


def cmd_download(args: argparse.Namespace) -> int:
    from culti_desktop.core.ml.downloads import ensure_weights

    with cli_job(enabled=not args.json) as job:
        path = ensure_weights(args.arch, job=job, source=args.source)
    emit(
        {"arch": args.arch, "file": str(path), "bytes": path.stat().st_size},
        args.json,
        lambda d: f"{d['arch']}: {d['file']} ({_mb(d['bytes'])})",
    )
    return 0
