"""Import speed: the whole OCR'd import next to the OCR engine alone, on the same pages, same run.

For each document the import (``import_paths``, fresh project, checkpoints and the one write
transaction included) and the raw engine (render each page at the import's scan resolution,
call the PP-OCRv6 engine on it) run alternately ``--reps`` times; the ratio is of the medians, so
a burst of someone else's load hits both sides alike. One extra import per document runs under
cProfile for a breakdown of where the time beyond ``engine(image)`` goes (main thread; the layout
model runs on its own thread and is timed alone on the same renders instead). Born-digital pages
without OCR are timed as pages/s.

    python benchmarks/bench_import_speed.py [--reps 3] [--gen-pages 2] [--pages 2] [--out FILE.json]
        [--docs haixian_plates_c01-c06_scanned mineru_small_ocr] [--no-profile]

Generated scanned pages (:mod:`culti_desktop.testing.docgen`) need no shared data; the real
scans come from ``../shared/data/docs`` (development figures) and are skipped without it.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks._report import machine, markdown_table, shared_data

#: (label, pstats function key) of the steps reported in the breakdown.
STEPS = (
    ("OCR engine (page-wide pass)", ("engines.py", "raw_ocr")),
    ("scanned-page figure/caption step", ("analyze.py", "_scan_page")),
    ("  vertical reader (PP-OCRv4 per character)", ("vertical.py", "read_block")),
    ("  edge-strip detector pass (PP-OCRv4)", ("figures_scan.py", "find_hidden_columns")),
    ("  ink mask and rules", ("figures_scan.py", "clean_mask")),
    ("page renders", ("raster.py", "render_page")),
    ("embedded captures step", ("embedded.py", "expand_captures")),
    ("text-layer script match (OpenCC)", ("engines.py", "match_script")),
    ("page checkpoints (encode + commit)", ("checkpoints.py", "save")),
    ("cross-page steps", ("analyze.py", "attach_context")),
    ("write transaction", ("importer.py", "_write")),
)


def _load() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _first_pages(src: Path, n: int, out: Path) -> int:
    import pymupdf

    with pymupdf.open(src) as doc, pymupdf.open() as dst:
        n = min(n, doc.page_count)
        dst.insert_pdf(doc, from_page=0, to_page=n - 1)
        dst.save(out)
    return n


def _raw(pdf: Path) -> float:
    """Seconds for the engine alone: render every page at the scan resolution, OCR it."""
    import numpy as np
    import pymupdf

    from culti_desktop.core.ingest import engines
    from culti_desktop.core.ingest.analyze import SCAN_DPI
    from culti_desktop.core.ingest.raster import render_page

    t0 = time.perf_counter()
    with pymupdf.open(pdf) as doc:
        for page in doc:
            img, _ = render_page(page, dpi=SCAN_DPI)
            engines.ocr_engine()(np.ascontiguousarray(img))
    return time.perf_counter() - t0


def _layout_alone(pdf: Path) -> float:
    import pymupdf

    from culti_desktop.core.ingest import engines
    from culti_desktop.core.ingest.analyze import SCAN_DPI
    from culti_desktop.core.ingest.raster import render_page

    renders = []
    with pymupdf.open(pdf) as doc:
        renders = [render_page(page, dpi=SCAN_DPI) for page in doc]
    t0 = time.perf_counter()
    for img, s in renders:
        engines.layout_regions(img, s)
    return time.perf_counter() - t0


def _import(
    pdf: Path, tmp: Path, name: str, profile: cProfile.Profile | None = None, ocr: str = "auto"
) -> tuple[float, int]:
    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project

    project = create_project(tmp / f"{name}.culti")
    try:
        t0 = time.perf_counter()
        if profile is not None:
            profile.enable()
        summary = import_paths(project, [pdf], ocr=ocr)
        if profile is not None:
            profile.disable()
        elapsed = time.perf_counter() - t0
    finally:
        project.close()
    if summary.failed:
        raise RuntimeError(f"import failed: {summary.failed}")
    return elapsed, summary.pairs


def _breakdown(profile: cProfile.Profile, total: float) -> dict[str, float]:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    out: dict[str, float] = {"total": round(total, 2)}
    for label, (fname, func) in STEPS:
        cum = sum(v[3] for (f, _, fn), v in stats.items() if f.endswith(fname) and fn == func)
        out[label] = round(cum, 2)
    return out


def ocr_document(label: str, pdf: Path, pages: int, reps: int, tmp: Path, profile: bool) -> dict:
    culti, raw = [], []
    pairs = 0
    for rep in range(reps):  # alternate, so load bursts hit both sides alike
        t, pairs = _import(pdf, tmp, f"{label}-{rep}")
        culti.append(t)
        raw.append(_raw(pdf))
    row: dict = {
        "document": label,
        "pages": pages,
        "pairs": pairs,
        "import_runs_s": [round(t, 2) for t in culti],
        "engine_runs_s": [round(t, 2) for t in raw],
        "import_s": round(_median(culti), 2),
        "engine_s": round(_median(raw), 2),
        "ratio": round(_median(culti) / _median(raw), 3),
        "layout_model_alone_s": round(_layout_alone(pdf), 2),
        "load_after": _load(),
    }
    if profile:
        prof = cProfile.Profile()
        t, _ = _import(pdf, tmp, f"{label}-prof", prof)
        row["breakdown_s"] = _breakdown(prof, t)
    return row


def born_digital(tmp: Path, pages: int) -> list[dict]:
    """Pages/s of an import without OCR (``--ocr off``), next to PyMuPDF's own extraction of the
    same pages: generated born-digital pages, and the thesis guide of the dev set when present."""
    import pymupdf

    from culti_desktop.testing.docgen.build import build_document

    gen = tmp / "born.pdf"
    docs = [("generated two_column (born-digital)", gen)]
    data, _ = build_document("two_column", pages=pages, seed=0)
    gen.write_bytes(data)
    data_dir = shared_data()
    guide = data_dir / "docs" / "ucasthesis_template_guide.pdf" if data_dir is not None else None
    if guide is not None and guide.is_file():
        docs.append(("ucasthesis_template_guide (dev set)", guide))
    out = []
    for label, pdf in docs:
        with pymupdf.open(pdf) as doc:
            n = doc.page_count
        t_import, _ = _import(pdf, tmp, "born", ocr="off")
        t0 = time.perf_counter()
        with pymupdf.open(pdf) as doc:
            for page in doc:
                page.get_text("dict")
                page.get_drawings()
                page.get_image_info()
        t_raw = time.perf_counter() - t0
        out.append(
            {
                "document": label,
                "pages": n,
                "import_s": round(t_import, 3),
                "import_pages_per_s": round(n / t_import, 1),
                "pymupdf_pages_per_s": round(n / t_raw, 1),
                "target_pages_per_s": 50,
                "load_after": _load(),
            }
        )
        (tmp / "born.culti").unlink(missing_ok=True)
    return out


def run(
    reps: int, gen_pages: int, pages: int, docs: list[str], profile: bool, born_pages: int, born_only: bool
) -> dict:
    from culti_desktop.core.ingest import engines
    from culti_desktop.testing.docgen.build import build_document

    if not born_only:  # models outside the timings
        engines.ocr_engine(), engines.layout_engine(), engines.match_script([])
    result: dict = {"machine": machine(), "load_before": _load(), "reps": reps, "ocr": []}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if born_pages:
            result["born_digital"] = born_digital(tmp, born_pages)
        if born_only:
            result["load_after"] = _load()
            return result
        warm = tmp / "warm.pdf"  # one throw-away import: first-use costs (v4 model, SQL compiles)
        data, _ = build_document("single", pages=1, seed=99, scanned=True)
        warm.write_bytes(data)
        _import(warm, tmp, "warm")
        if gen_pages:
            for family in ("single", "vertical"):
                pdf = tmp / f"gen_{family}.pdf"
                data, _ = build_document(family, pages=gen_pages, seed=1, scanned=True)
                pdf.write_bytes(data)
                n = _first_pages(pdf, gen_pages, tmp / f"gen_{family}_n.pdf")
                result["ocr"].append(
                    ocr_document(
                        f"generated {family} (scanned)", tmp / f"gen_{family}_n.pdf", n, reps, tmp, profile
                    )
                )
        data_dir = shared_data()
        if data_dir is None:
            result["shared"] = "skipped: no ../shared/data"
        else:
            for name in docs:
                src = data_dir / "docs" / f"{name}.pdf"
                if not src.is_file():
                    continue
                pdf = tmp / f"{name}.pdf"
                n = _first_pages(src, pages, pdf)
                result["ocr"].append(ocr_document(f"{name} (dev set)", pdf, n, reps, tmp, profile))
    result["load_after"] = _load()
    return result


def table(result: dict) -> str:
    rows = [
        (
            o["document"],
            o["pages"],
            o["import_s"],
            o["engine_s"],
            f"{o['ratio']:.2f}x",
            o["layout_model_alone_s"],
        )
        for o in result["ocr"]
    ]
    out = [
        markdown_table(
            rows, ["document", "pages", "import s", "engine alone s", "ratio", "layout model alone s"]
        )
    ]
    for b in result.get("born_digital") or []:
        out.append(
            f"\nborn-digital, no OCR, {b['document']}: {b['import_pages_per_s']} pages/s ({b['pages']} pages; "
            f"PyMuPDF alone {b['pymupdf_pages_per_s']} pages/s; target >= 50)"
        )
    for o in result["ocr"]:
        if "breakdown_s" in o:
            out.append(f"\nbreakdown, {o['document']} (one profiled import, s):")
            out += [f"- {k}: {v}" for k, v in o["breakdown_s"].items()]
    out.append(f"\nload average before {result['load_before']}, after {result['load_after']}")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--gen-pages", type=int, default=2)
    ap.add_argument("--pages", type=int, default=2, help="first pages of each real scan")
    ap.add_argument("--born-pages", type=int, default=100)
    ap.add_argument("--docs", nargs="*", default=["haixian_plates_c01-c06_scanned", "mineru_small_ocr"])
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--born-only", action="store_true", help="only the born-digital pages/s")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    result = run(
        args.reps, args.gen_pages, args.pages, args.docs, not args.no_profile, args.born_pages, args.born_only
    )
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.out:
        args.out.write_text(text)
    print(text)
    print()
    print(table(result))


if __name__ == "__main__":
    main()
