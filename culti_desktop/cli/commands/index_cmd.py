"""``culti index``: build or update the search index of the current (or a given) model."""

from __future__ import annotations

import argparse

from culti_desktop.cli.commands._backend import add_backend, backend_from_args
from culti_desktop.cli.commands._common import add_json, add_project, open_for_writing
from culti_desktop.cli.output import emit
from culti_desktop.cli.progress import cli_job


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("index", help="embed figures, LACLIP crops and captions; update the search index")
    add_project(p, writes=True)
    p.add_argument("--model", help="model version id or name (default: the project's current model)")
    p.add_argument("--full", action="store_true", help="re-embed everything instead of only what changed")
    p.add_argument("--status", action="store_true", help="only report whether the index is stale, and why")
    p.add_argument("--device", default="auto", help="cpu, cuda or auto")
    add_backend(p, building=True)
    add_json(p)
    p.set_defaults(func=cmd_index)


def _human_status(d: dict) -> str:
    if not d["exists"]:
        return "no index: " + "; ".join(d["reasons"]) + "\nrun: culti index PROJECT"
    head = (
        f"index of model version {d['model_version_id']} ({d.get('backend', 'hnswlib')}): {d['figures']} figures, "
        f"{d['captions']} captions, built {d['built_at']}"
    )
    return head + ("\nstale: " + "; ".join(d["reasons"]) if d["stale"] else "\nup to date")


def _human_summary(d: dict) -> str:
    lines = [
        f"model version {d['model_version_id']} ({d.get('backend', 'hnswlib')}): {d['figures']} figures ({d['figures_embedded']} embedded), "
        f"{d['captions']} captions ({d['captions_embedded']} embedded), {d['crops_per_figure']} crops per figure",
        f"removed {d['removed']['figures']} figures, {d['removed']['captions']} captions; "
        f"English projection from {d['projection_pairs']} bilingual pairs",
        f"saved in {d['folder']}",
    ]
    lines += [f"failed: figure {rid}: {msg}" for rid, msg in d["failed"].items()]
    return "\n".join(lines)


def cmd_index(args: argparse.Namespace) -> int:
    from culti_desktop.core.search.indexer import index_status, update_index

    with open_for_writing(args) as project:
        backend = backend_from_args(args, project)
        if args.status:
            model = None
            if args.model is not None:
                from culti_desktop.core.ml.registry import resolve_version

                mv = resolve_version(project, args.model)
                model = mv.id if mv else None
            st = index_status(project, model, backend)
            emit(st, args.json, _human_status)
            return 1 if st["stale"] else 0
        from culti_desktop.core.ml.registry import load_encoder

        with cli_job(enabled=not args.json) as job:
            encoder = load_encoder(project, args.model, device=args.device, job=job)
            summary = update_index(project, encoder, job, full=args.full, backend=backend)
        emit(summary, args.json, _human_summary)
    return 0
