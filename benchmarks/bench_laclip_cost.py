"""LACLIP indexing cost per route with the real ViT-B-16 architecture, and crop-store growth.

Part of ``benchmarks/bench_laclip.py`` (parts ``cost`` and ``growth``). The ViT-B-16 weights are
seeded random values imported through ``culti model import`` (speed does not depend on them);
they live in a temporary folder and never reach the user's model folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np


def _timed(fn) -> tuple[float, float]:
    w, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w, time.process_time() - c


def _import_random_vit(tmp: Path):
    import torch

    from culti_desktop.cli.main import main as culti
    from culti_desktop.core.ml.archs import arch_config, build_clip
    from culti_desktop.core.storage import create_project

    ckpt = tmp / "vit-b-16-random.pt"
    torch.save({"state_dict": build_clip(arch_config("ViT-B-16"), seed=0).state_dict()}, ckpt)
    path = tmp / "cost.culti"
    create_project(path).close()
    if culti(["model", "import", str(ckpt), "--arch", "ViT-B-16", "--project", str(path), "--json"]) != 0:
        raise RuntimeError("culti model import failed")
    ckpt.unlink()
    return path


def bench_cost(n_images: int = 16, threads: int = 1, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """CPU seconds per figure of each indexing route (process time: the machine is shared)."""
    import torch

    from culti_desktop.core.ml.registry import list_versions, load_encoder
    from culti_desktop.core.search.crops import CropConfig, crop_boxes
    from culti_desktop.core.search.laclip import encode_crops
    from culti_desktop.core.search.regions import encode_regions
    from culti_desktop.core.storage import open_project
    from culti_desktop.testing import motifs

    torch.set_num_threads(threads)
    ims = [it.image for it in motifs.composites(n_images, 3, cell=160, seed=7, jitter=0.3)]
    with tempfile.TemporaryDirectory() as td:
        os.environ["CULTI_MODEL_DIR"] = str(Path(td) / "models")
        path = _import_random_vit(Path(td))
        with open_project(path) as project:
            mv = [v for v in list_versions(project) if v["arch"] == "ViT-B-16"][0]["id"]
            fp32 = load_encoder(project, mv, device="cpu", precision="fp32")
            bf16 = load_encoder(project, mv, device="cpu", precision="bf16")
        model = fp32.model
        boxes22, crops9 = crop_boxes(CropConfig()), CropConfig(grids=(2,), n_random=4)

        def raw() -> None:
            with torch.inference_mode():
                for i in range(0, len(ims), 8):
                    model.encode_image(torch.stack([fp32.preprocess(im) for im in ims[i : i + 8]]))

        few = ims[: max(2, len(ims) // 4)]  # the many-pass routes run on fewer figures (cost is per figure)

        def crops_route(enc, cfg):
            return lambda: (enc.encode_images(few), encode_crops(enc, few, cfg))

        routes = {
            "raw cn_clip encode_image (fp32)": (raw, 1, ims),
            "global only (fp32)": (lambda: fp32.encode_images(ims), 1, ims),
            "global only (bf16)": (lambda: bf16.encode_images(ims), 1, ims),
            "22 crops encoded (fp32, today)": (crops_route(fp32, CropConfig()), 23, few),
            "22 crops encoded (bf16)": (crops_route(bf16, CropConfig()), 23, few),
            "9 crops encoded (bf16)": (crops_route(bf16, crops9), 10, few),
            "one pass, masked last block (fp32)": (
                lambda: encode_regions(fp32, ims, boxes22, "masked"),
                1,
                ims,
            ),
            "one pass, masked last block (bf16)": (
                lambda: encode_regions(bf16, ims, boxes22, "masked"),
                1,
                ims,
            ),
            "one pass, value path (fp32)": (lambda: encode_regions(fp32, ims, boxes22, "value"), 1, ims),
            "hybrid: masked whole + 4 quadrant passes (fp32)": (
                lambda: encode_regions(fp32, few, boxes22, "hybrid"),
                5,
                few,
            ),
            "hybrid: masked whole + 4 quadrant passes (bf16)": (
                lambda: encode_regions(bf16, few, boxes22, "hybrid"),
                5,
                few,
            ),
        }
        if only:
            routes = {k: v for k, v in routes.items() if k in only or k.startswith("global only")}
        fp32.encode_images(ims[:2])  # warm-up
        out: dict[str, Any] = {}
        for name, (fn, passes, subset) in routes.items():
            wall, cpu = _timed(fn)
            out[name] = {
                "figures": len(subset),
                "passes_per_figure": passes,
                "cpu_s_per_figure": round(cpu / len(subset), 3),
                "figures_per_min": round(60 * len(subset) / max(wall, 1e-9), 1),
                "figures_per_cpu_min": round(60 * len(subset) / max(cpu, 1e-9), 1),
            }
        base = out["global only (fp32)"]["cpu_s_per_figure"]
        for r in out.values():
            r["cost_vs_global"] = round(r["cpu_s_per_figure"] / base, 2)
    return {
        "arch": "ViT-B-16",
        "images": len(ims),
        "image_px": ims[0].size,
        "threads": threads,
        "routes": out,
    }


_GROWTH = r"""
import json, sys, time
import numpy as np
from pathlib import Path
from culti_desktop.core.search.crop_store import CropStore
folder, mode, n_base, n_add, k, dim = Path(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:7])
rng = np.random.default_rng(1)
t = time.perf_counter()
store = CropStore.load(folder)
add = np.arange(n_base, n_base + n_add)
if mode == "append-only":
    store.bind(folder)
    for s in range(0, n_add, 32):  # the indexer's chunks: vectors arrive 32 figures at a time
        store.append(add[s:s + 32], rng.standard_normal((len(add[s:s + 32]), k, dim)).astype(np.float16))
    store.remove(np.arange(0, n_add // 10))
    store.save(folder)
else:  # the previous store: every update copied all rows in memory and rewrote one file
    labels = np.concatenate([store.labels()[n_add // 10:], add])
    vecs = np.concatenate([store.get_half(store.labels()[n_add // 10:]),
                           rng.standard_normal((n_add, k, dim)).astype(np.float16)])
    np.save(folder / "rewrite.npy", vecs); np.save(folder / "rewrite_labels.npy", labels)
# VmHWM, not ru_maxrss: Linux carries the parent's ru_maxrss across fork + exec
hwm = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
print(json.dumps({"seconds": round(time.perf_counter() - t, 2), "peak_rss_mib": round(hwm / 1024, 1)}))
"""


def bench_growth(n_base: int = 100_000, n_add: int = 1000, k: int = 22, dim: int = 512) -> dict[str, Any]:
    """Add ``n_add`` figures (and drop a tenth as many) to an ``n_base``-figure store, each mode in
    its own process so peak memory is its own."""
    from culti_desktop.core.search.crop_store import CropStore

    out: dict[str, Any] = {"n_base": n_base, "n_add": n_add, "k": k, "dim": dim, "modes": {}}
    with tempfile.TemporaryDirectory() as td:
        folder = Path(td)
        rng = np.random.default_rng(0)
        store = CropStore.empty(k, dim)
        store.bind(folder)
        t = time.perf_counter()
        for s in range(0, n_base, 2000):
            m = min(2000, n_base - s)
            store.append(np.arange(s, s + m), rng.standard_normal((m, k, dim)).astype(np.float16))
        store.save(folder)
        out["build_s"] = round(time.perf_counter() - t, 1)
        out["store_mib"] = round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)
        for mode in ("append-only", "full rewrite"):
            before = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            env = {**os.environ, "OMP_NUM_THREADS": "1"}
            res = subprocess.run(
                [sys.executable, "-c", _GROWTH, str(folder), mode, str(n_base), str(n_add), str(k), str(dim)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            r = __import__("json").loads(res.stdout.strip().splitlines()[-1])
            after = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            r["bytes_written_mib"] = round(max(0, after - before) / 2**20, 1)
            out["modes"][mode] = r
    return out
