"""LACLIP index cost, int8 routes: ViT-B-16 vision tower per image on CPU, torch fp32 vs torch
bf16 autocast vs torch dynamic int8 (``quantize_dynamic`` on the Linear layers) vs ONNX Runtime
fp32 and dynamic int8 (``onnxruntime.quantization.quantize_dynamic``), same images, same run.

    .venv/bin/python -m benchmarks.bench_laclip_int8

Seeded random ViT-B-16 weights (speed does not depend on them; the cosine to fp32 printed is of
random weights and says nothing about quality). Needs the ``onnx`` package for the export
(benchmark only, not a dependency of the app); skips the ONNX rows without it.
"""

from __future__ import annotations

import copy
import json
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np


def _cpu_per_image(fn, n: int, reps: int = 2) -> float:
    fn()  # warm-up
    c = time.process_time()
    for _ in range(reps):
        fn()
    return (time.process_time() - c) / reps / n


def main() -> None:
    import torch

    from culti_desktop.core.ml.archs import arch_config, build_clip

    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)
    model = build_clip(arch_config("ViT-B-16"), seed=0).eval()
    x = torch.randn(8, 3, 224, 224, generator=torch.Generator().manual_seed(0))
    out: dict[str, float] = {}
    with torch.inference_mode():
        out["torch fp32"] = _cpu_per_image(lambda: model.encode_image(x), len(x))
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out["torch bf16 autocast"] = _cpu_per_image(lambda: model.encode_image(x), len(x))
        q = torch.ao.quantization.quantize_dynamic(copy.deepcopy(model), {torch.nn.Linear}, dtype=torch.qint8)
        out["torch dynamic int8 (Linear)"] = _cpu_per_image(lambda: q.encode_image(x), len(x))
    try:
        import onnx  # noqa: F401  (the exporter needs it)
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("onnx / onnxruntime missing: ONNX rows skipped")
    else:

        class _Visual(torch.nn.Module):
            def __init__(self, m) -> None:
                super().__init__()
                self.m = m

            def forward(self, im):
                return self.m.encode_image(im)

        with tempfile.TemporaryDirectory() as td:
            f32, f8 = Path(td) / "vit.onnx", Path(td) / "vit.int8.onnx"
            torch.onnx.export(
                _Visual(model), (x,), str(f32), input_names=["x"], output_names=["y"],
                dynamic_axes={"x": {0: "n"}}, opset_version=17, dynamo=False,
            )  # fmt: skip
            quantize_dynamic(str(f32), str(f8), weight_type=QuantType.QInt8)
            so = ort.SessionOptions()
            so.intra_op_num_threads, so.inter_op_num_threads = 1, 1
            xn = x.numpy()
            for name, f in (("onnxruntime fp32", f32), ("onnxruntime dynamic int8", f8)):
                sess = ort.InferenceSession(str(f), so, providers=["CPUExecutionProvider"])
                out[name] = _cpu_per_image(lambda s=sess: s.run(None, {"x": xn}), len(x))
    base = out["torch fp32"]
    rows = {k: {"cpu_s_per_image": round(v, 3), "vs_torch_fp32": round(v / base, 2)} for k, v in out.items()}
    # a LACLIP figure = the whole image + 22 crops; global-only fp32 = 1 pass at torch fp32
    for r in rows.values():
        r["22_crops_vs_global_fp32"] = round(23 * r["vs_torch_fp32"], 1)
    print(json.dumps(rows, indent=1))
    print("| ViT-B-16 pass, 1 thread | CPU s / image | × torch fp32 | 22-crop figure × global fp32 |")
    print("|---|---|---|---|")
    for k, r in rows.items():
        print(f"| {k} | {r['cpu_s_per_image']} | {r['vs_torch_fp32']} | {r['22_crops_vs_global_fp32']} |")
    print("load average:", " ".join(f"{v:.1f}" for v in np.round(__import__("os").getloadavg(), 1)))


if __name__ == "__main__":
    main()
