"""LACLIP benchmark: fusion ablation and region-vector routes on generated motifs, index cost with
the real ViT-B-16 architecture, and growing a crop store.

    .venv/bin/python -m benchmarks.bench_laclip [--parts ablation,heldout,routes,cost,growth] [--quick]

* ``ablation``: text→image R@1/5/10 and MR (multi-positive, as ``culti eval``) of global, the
  paper's weighting, best crop 50/50, calibrated (z-score) and adaptive fusion, for singles, 2×2
  and 3×3 — on the development sets of ``benchmarks/laclip_sets.py`` (seeds apart from the test's).
* ``heldout``: the same table on sets built the same way from generator seeds 5000, 6000 and 7000,
  which no rule was chosen on (session 4 looked at them once, after choosing ``adaptive_rank``).
* ``routes``: the same recalls for region vectors from encoding every crop versus one tower pass
  (``core.search.regions``) and fewer crops.
* ``cost``: figures per minute on CPU with a seeded random-weight ViT-B-16 imported through
  ``culti model import``, global only vs each route, beside raw cn_clip forward passes on the same
  images in the same run.
* ``growth``: adding 1,000 figures to a 100k-figure crop store (synthetic vectors): time and peak
  memory of the append-only store against rewriting the whole store.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from benchmarks._report import machine, markdown_table
from benchmarks.laclip_sets import KINDS, dev_groups, encode_group, group_metrics, pooled

WEIGHTS = Path(__file__).resolve().parents[1] / "tests" / "search" / "data" / "motif_tiny_seed0.pt"


def motif_encoder(seed: int | None = None):
    """The motif-trained tiny model: the checked-in one, or trained now with ``seed``."""
    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.encoder import ClipEncoder
    from culti_desktop.core.ml.tiny import TINY_CONFIG
    from culti_desktop.testing import motif_training

    model = build_tiny_model(0)
    state = motif_training.load_compact(WEIGHTS) if seed is None else motif_training.train_motif_model(seed)
    model.load_state_dict(state)
    return ClipEncoder(model, TINY_CONFIG, "tiny", "cpu")


def ablation_settings() -> dict[str, Any]:
    from culti_desktop.core.search.laclip import LaclipConfig

    return {
        "global only": LaclipConfig(alpha=0.0, fusion="raw"),
        "paper weights (Σ softmax(u_I·u_j/0.1)·u_j·u_T)": LaclipConfig("weighted", alpha=1.0, fusion="raw"),
        "paper weights 50/50 with global": LaclipConfig("weighted", alpha=0.5, fusion="raw"),
        "best crop 50/50 raw (previous default)": LaclipConfig("best", alpha=0.5, fusion="raw"),
        "calibrated: z-scored best crop 50/50": LaclipConfig("best", alpha=0.5, fusion="zscore"),
        "rank fusion 50/50": LaclipConfig("best", alpha=0.5, fusion="rank"),
        "adaptive: z-scored, weight = busyness (default)": LaclipConfig("best", fusion="adaptive"),
        "adaptive rank: rank-standardised, weight = odds² of object busyness": LaclipConfig(
            "best", fusion="adaptive_rank"
        ),
    }


def _score(groups: dict[str, list[dict]], cfg) -> dict[str, dict[str, float]]:
    from culti_desktop.core.search.laclip import laclip_scores

    out = {}
    for kind, encs in groups.items():
        rows = []
        for e in encs:
            fused, _, _ = laclip_scores(e["t"], e["g"], e["crops"], cfg)
            rows.append(group_metrics(fused, e["positives"]))
        out[kind] = pooled(rows)
    return out


HELD_OUT_SEEDS = (5000, 6000, 7000)  # built like the development sets; never used to choose a rule


def bench_ablation(encoder, seeds: tuple[int, ...] = (1000,)) -> dict[str, Any]:
    """The ablation on the sets of ``seeds`` (pooled, weighted by queries)."""
    from culti_desktop.core.search.crops import CropConfig

    groups: dict[str, list[dict]] = {k: [] for k in KINDS}
    for seed in seeds:
        for k, v in dev_groups(seed).items():
            groups[k] += [encode_group(encoder, g, CropConfig()) for g in v]
    return {
        "sets_seeds": list(seeds),
        "table": {name: _score(groups, c) for name, c in ablation_settings().items()},
    }


ROUTES = {
    "22 crops encoded (today)": ("crops", {}),
    "9 crops encoded (whole, 2×2, 4 random)": ("crops", {"grids": (2,), "n_random": 4}),
    "one pass, masked last block, 22 boxes": ("masked", {}),
    "one pass, MaskCLIP value path, 22 boxes": ("value", {}),
    "hybrid: masked on the whole + 4 quadrant passes (5 passes)": ("hybrid", {}),
}


def bench_routes(encoder, seed: int = 1000) -> dict[str, Any]:
    from culti_desktop.core.search.crops import CropConfig
    from culti_desktop.core.search.laclip import LaclipConfig

    sets = dev_groups(seed)
    out = {}
    for name, (route, crop_kw) in ROUTES.items():
        crops = CropConfig(**crop_kw)
        groups = {k: [encode_group(encoder, g, crops, route) for g in v] for k, v in sets.items()}
        out[name] = {
            "global": _score(groups, LaclipConfig(alpha=0.0, fusion="raw")),
            "adaptive": _score(groups, LaclipConfig("best", fusion="adaptive", crops=crops)),
        }
    return {"sets_seed": seed, "table": out}


def _fmt(m: dict[str, float]) -> str:
    return f"{m['t2i_r1']:.1f} / {m['t2i_r5']:.1f} / {m['t2i_r10']:.1f} · {m['mr']:.1f}"


def tables(res: dict[str, Any]) -> str:
    """Markdown tables of whatever parts ran (R@1 / R@5 / R@10 · MR per kind)."""
    out = []
    head = ["setting", *[f"{k} T2I R@1/5/10 · MR" for k in KINDS]]
    for part in ("ablation", "heldout"):
        if part in res:
            rows = [[n, *[_fmt(d[k]) for k in KINDS]] for n, d in res[part]["table"].items()]
            seeds = ", ".join(map(str, res[part]["sets_seeds"]))
            out.append(f"{part} (generator seeds {seeds}):\n\n" + markdown_table(rows, head))
    if "routes" in res:
        rows = [
            [f"{n}, {f}", *[_fmt(d[f][k]) for k in KINDS]]
            for n, d in res["routes"]["table"].items()
            for f in ("global", "adaptive")
        ]
        out.append(markdown_table(rows, ["region vectors, fusion", *head[1:]]))
    if "cost" in res:
        c = res["cost"]
        rows = [
            [n, r["figures_per_min"], r["passes_per_figure"], r["cost_vs_global"]]
            for n, r in c["routes"].items()
        ]
        out.append(
            markdown_table(
                rows,
                ["indexing route (ViT-B-16, CPU)", "figures/min", "tower passes/figure", "× global-only"],
            )
        )
    if "growth" in res:
        g = res["growth"]
        rows = [
            [n, r["seconds"], r["peak_rss_mib"], r.get("bytes_written_mib", "")]
            for n, r in g["modes"].items()
        ]
        out.append(
            markdown_table(
                rows, [f"add {g['n_add']:,} figures to {g['n_base']:,}", "s", "peak RSS MiB", "written MiB"]
            )
        )
    return "\n\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--parts", default="ablation,heldout,routes,cost,growth")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--train-seed", type=int, help="train a fresh motif model (default: the checked-in one)")
    ap.add_argument("--json-out")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    res: dict[str, Any] = {"machine": machine()}
    import torch

    torch.set_num_threads(1)
    if parts & {"ablation", "heldout", "routes"}:
        enc = motif_encoder(args.train_seed)
        if "ablation" in parts:
            res["ablation"] = bench_ablation(enc)
        if "heldout" in parts:
            res["heldout"] = bench_ablation(enc, HELD_OUT_SEEDS)
        if "routes" in parts:
            res["routes"] = bench_routes(enc)
    if "cost" in parts:
        from benchmarks.bench_laclip_cost import bench_cost

        res["cost"] = bench_cost(n_images=8 if args.quick else 16)
    if "growth" in parts:
        from benchmarks.bench_laclip_cost import bench_growth

        res["growth"] = bench_growth(n_base=10_000 if args.quick else 100_000, n_add=1000)
    text = json.dumps(res, ensure_ascii=False, indent=1)
    if args.json_out:
        Path(args.json_out).write_text(text, "utf-8")
    print(text)
    print(tables(res))
    t = time.strftime("%Y-%m-%d %H:%M:%S")
    print(f"(finished {t})")


if __name__ == "__main__":
    main()
