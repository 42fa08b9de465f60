"""Ingest benchmark: pair quality on the real documents, and speed against the raw libraries.

Quality: every PDF in ``../shared/data/docs`` with ground truth in ``../shared/data/gt`` is
imported through :func:`import_paths` into a fresh project; the proposed pairs are written as
prediction JSON and scored with ``../shared/tools/score_pairs.py`` (IoU 0.5 and 0.8).
Speed: born-digital import without OCR (pages/s) next to raw PyMuPDF opening and extracting text
from the same pages; OCR'd pages next to RapidOCR alone on the same page renders.

    python benchmarks/bench_ingest.py [--quick] [--only quality|speed|generated] [--docs NAME...]
        [--gen-pages N] [--gen-scanned-pages N] [--seed S]

Generated pages (:mod:`benchmarks.ingest_generated`): pair F1 per layout family, born-digital and
scanned, on pages made by :mod:`culti_desktop.testing.docgen` (no shared data needed).
The real-document parts skip (``{"skipped": ...}``) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CULTI_SHARED", ROOT.parent / "shared"))
DOCS, GT, SCORER = SHARED / "data" / "docs", SHARED / "data" / "gt", SHARED / "tools" / "score_pairs.py"
sys.path.insert(0, str(ROOT))


def _predictions(project, out_dir: Path) -> None:
    from culti_desktop.core.ingest.pair_review import list_pairs

    by_doc: dict[str, list] = {}
    for r in list_pairs(project):
        by_doc.setdefault(r["document"], []).append(
            {"page": r["page"], "figure_bbox": r["figure_bbox"], "caption": r["caption"]}
        )
    for doc, figs in by_doc.items():
        (out_dir / (Path(doc).stem + ".json")).write_text(
            json.dumps({"doc": doc, "figures": figs}, ensure_ascii=False)
        )


def _score(gt_dir: Path, pred_dir: Path) -> dict:
    res = subprocess.run(
        [sys.executable, str(SCORER), str(gt_dir), str(pred_dir), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)


def quality(names: list[str] | None = None) -> dict:
    from culti_desktop.core.ingest import import_paths
    from culti_desktop.core.storage import create_project

    gts = {p.stem: json.loads(p.read_text()) for p in sorted(GT.glob("*.json"))}
    if names:
        gts = {k: v for k, v in gts.items() if k in names}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        gt_dir, pred_dir = tmp / "gt", tmp / "pred"
        gt_dir.mkdir(), pred_dir.mkdir()
        for stem in gts:
            (gt_dir / f"{stem}.json").write_text((GT / f"{stem}.json").read_text())
        project = create_project(tmp / "bench.culti")
        t0 = time.perf_counter()
        summary = import_paths(project, [DOCS / gts[s]["doc"] for s in gts], ocr="auto")
        elapsed = time.perf_counter() - t0
        _predictions(project, pred_dir)
        project.close()
        scores = _score(gt_dir, pred_dir)
    kinds = {s: g.get("kind", "?") for s, g in gts.items()}
    per_doc = scores.get("documents") or scores.get("per_document") or {}
    out = {"import_seconds": round(elapsed, 2), "failed": summary.failed, "scores": scores, "kinds": kinds}
    # micro-averaged pair F1 per kind (born-digital / scanned) at both IoU thresholds
    by_kind: dict = {}
    for stem, d in per_doc.items() if isinstance(per_doc, dict) else []:
        k = kinds.get(stem, "?")
        for thr, c in d.items() if isinstance(d, dict) else []:
            if not isinstance(c, dict) or "pair_tp" not in c:
                continue
            acc = by_kind.setdefault(k, {}).setdefault(
                thr, {"n_gt": 0, "n_pred": 0, "fig_tp": 0, "pair_tp": 0}
            )
            for key in acc:
                acc[key] += c[key]
    out["by_kind"] = by_kind
    return out


def speed(quick: bool = False) -> dict:
    import numpy as np
    import pymupdf

    from culti_desktop.core.ingest import engines, import_paths
    from culti_desktop.core.ingest.raster import render_page
    from culti_desktop.core.storage import create_project

    born = DOCS / "ucasthesis_template_guide.pdf"
    scanned = DOCS / "haixian_plates_c01-c06_scanned.pdf"
    res: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Born-digital, no OCR: the whole import (analysis + transaction) vs PyMuPDF text extraction.
        n_pages = pymupdf.open(born).page_count
        project = create_project(Path(tmp) / "speed.culti")
        t0 = time.perf_counter()
        import_paths(project, [born], ocr="off")
        t_import = time.perf_counter() - t0
        project.close()
        t0 = time.perf_counter()
        with pymupdf.open(born) as doc:
            for page in doc:
                page.get_text("dict")
                page.get_drawings()
                page.get_image_info()
        t_raw = time.perf_counter() - t0
        res["born_digital"] = {
            "pages": n_pages,
            "culti_seconds": round(t_import, 3),
            "culti_pages_per_s": round(n_pages / t_import, 1),
            "pymupdf_seconds": round(t_raw, 3),
            "pymupdf_pages_per_s": round(n_pages / t_raw, 1),
        }
        # OCR'd pages: whole import vs RapidOCR alone on the same renders, on woodblock plates
        # (vertical captions re-read upright: the costly case) and on plain scanned text pages.
        engines.ocr_engine(), engines.layout_engine()  # load models outside both timings
        engines.match_script([])  # and the OpenCC tables
        for key, src, n in (
            ("ocr", scanned, 2 if quick else 6),
            ("ocr_text_pages", DOCS / "mineru_small_ocr.pdf", 2 if quick else 4),
        ):
            one = Path(tmp) / f"{key}.pdf"
            with pymupdf.open(src) as doc, pymupdf.open() as dst:
                dst.insert_pdf(doc, from_page=0, to_page=min(n, doc.page_count) - 1)
                dst.save(one)
            # Alternate CulTi and raw runs (5 each) and take medians: on a shared machine a burst of
            # someone else's load then hits both sides alike instead of one whole side.
            culti_runs, raw_runs = [], []
            for rep in range(1 if quick else 5):
                project = create_project(Path(tmp) / f"{key}-{rep}.culti")
                t0 = time.perf_counter()
                import_paths(project, [one], ocr="auto")
                culti_runs.append(time.perf_counter() - t0)
                project.close()
                t0 = time.perf_counter()
                with pymupdf.open(one) as doc:
                    for page in doc:
                        img, _ = render_page(page, dpi=144.0)
                        engines.ocr_engine()(np.ascontiguousarray(img))
                raw_runs.append(time.perf_counter() - t0)
            t_ocr_import, t_ocr_raw = float(np.median(culti_runs)), float(np.median(raw_runs))
            res[key] = {
                "document": src.name,
                "pages": n,
                "culti_seconds": round(t_ocr_import, 2),
                "rapidocr_seconds": round(t_ocr_raw, 2),
                "ratio": round(t_ocr_import / t_ocr_raw, 3),
                "culti_runs": [round(t, 2) for t in culti_runs],
                "rapidocr_runs": [round(t, 2) for t in raw_runs],
            }
    return res


def _table(result: dict) -> str:
    from benchmarks.ingest_generated import table as gen_table

    out = [gen_table(result["generated"]), ""] if result.get("generated") else []
    q = result.get("quality")
    if q:
        out += [
            "| document | kind | GT | pred | fig F1@0.5 | pair F1@0.5 | fig F1@0.8 | pair F1@0.8 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        docs = q["scores"].get("documents") or {}
        for stem, d in docs.items():
            a, b = d.get("iou>=0.5", {}), d.get("iou>=0.8", {})
            out.append(
                f"| {stem[:40]} | {q['kinds'].get(stem, '?')} | {a.get('n_gt')} | {a.get('n_pred')} | "
                f"{a.get('figure', {}).get('f1')} | {a.get('pair', {}).get('f1')} | "
                f"{b.get('figure', {}).get('f1')} | {b.get('pair', {}).get('f1')} |"
            )
        for kind, thr in q.get("by_kind", {}).items():
            for t, c in thr.items():
                p = c["pair_tp"] / c["n_pred"] if c["n_pred"] else 1.0
                r = c["pair_tp"] / c["n_gt"] if c["n_gt"] else 1.0
                f = 2 * p * r / (p + r) if p + r else 0.0
                out.append(f"| **{kind} (micro)** | {t} | {c['n_gt']} | {c['n_pred']} | | **{f:.3f}** | | |")
    s = result.get("speed")
    if s:
        b = s["born_digital"]
        out += [
            "",
            "| speed | CulTi import | raw library | ratio |",
            "|---|---|---|---|",
            f"| born-digital, no OCR ({b['pages']} pages) | {b['culti_pages_per_s']} pages/s | "
            f"PyMuPDF {b['pymupdf_pages_per_s']} pages/s | |",
        ]
        for key in ("ocr", "ocr_text_pages"):
            o = s[key]
            out.append(
                f"| OCR, {o['document']} ({o['pages']} pages) | {o['culti_seconds']} s | "
                f"RapidOCR {o['rapidocr_seconds']} s | {o['ratio']}x |"
            )
    return "\n".join(out)


def run(
    quick: bool = False,
    only: str | None = None,
    docs: list[str] | None = None,
    gen_pages: int | None = None,
    gen_scanned_pages: int | None = None,
    seed: int = 0,
    families: list[str] | None = None,
) -> dict:
    from benchmarks.ingest_generated import generated

    result: dict = {}
    if only in (None, "generated"):  # needs no shared data: the pages are generated here
        result["generated"] = generated(
            gen_pages if gen_pages is not None else (30 if quick else 300),
            gen_scanned_pages if gen_scanned_pages is not None else (5 if quick else 300),
            seed,
            families,
        )
        if only == "generated":
            result["rows"] = summary_rows(result)
            return result
    if not (DOCS.is_dir() and GT.is_dir() and SCORER.is_file()):
        result["skipped"] = f"no shared data at {SHARED}"
        result["rows"] = summary_rows(result)
        return result
    if only in (None, "quality"):
        result["quality"] = quality(docs)
    if only in (None, "speed"):
        result["speed"] = speed(quick)
    result["rows"] = summary_rows(result)
    return result


def _f1(tp: int, n_gt: int, n_pred: int) -> float:
    return 2 * tp / (n_gt + n_pred) if (n_gt + n_pred) else 1.0


def summary_rows(result: dict) -> list[dict]:
    """The few figures the report table needs (per-document scores stay in the JSON)."""
    rows: list[dict] = []
    gen_targets = {"born-digital": 0.95, "scanned": 0.90}
    for kind, target in gen_targets.items():
        c = (result.get("generated") or {}).get(kind)
        if c:
            rows.append(
                {
                    "metric": f"pair F1 generated {kind} iou>=0.5 ({c['pages']} pages)",
                    "value": c["pair_f1"],
                    "target": f">= {target}",
                    "ok": c["pair_f1"] >= target,
                }
            )
    targets = {"born-digital": 0.95, "scanned": 0.85}
    for kind, by_iou in (result.get("quality", {}).get("by_kind") or {}).items():
        for iou, c in by_iou.items():
            f1 = round(_f1(c["pair_tp"], c["n_gt"], c["n_pred"]), 3)
            row = {"metric": f"pair F1 {kind} {iou}", "value": f1}
            if iou == "iou>=0.5" and kind in targets:
                row.update(target=f">= {targets[kind]}", ok=f1 >= targets[kind])
            rows.append(row)
    sp = result.get("speed") or {}
    if "born_digital" in sp:
        b = sp["born_digital"]
        rows.append(
            {
                "metric": f"born-digital import, {b['pages']} pages",
                "value": b["culti_pages_per_s"],
                "unit": "pages/s",
                "raw": b["pymupdf_pages_per_s"],
                "ratio": round(b["culti_pages_per_s"] / b["pymupdf_pages_per_s"], 2),
                "target": ">= 50",
                "ok": b["culti_pages_per_s"] >= 50,
            }
        )
    for key in ("ocr_text_pages", "ocr"):
        if key in sp:
            o = sp[key]
            rows.append(
                {
                    "metric": f"OCR import, {o['document']} ({o['pages']} pages)",
                    "value": o["culti_seconds"],
                    "unit": "s",
                    "raw": o["rapidocr_seconds"],
                    "ratio": o["ratio"],
                    "target": "<= 1.3x",
                    "ok": o["ratio"] <= 1.3,
                }
            )
    return rows


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--only", choices=("quality", "speed", "generated"))
    ap.add_argument("--gen-pages", type=int, help="born-digital generated pages per family (default 300)")
    ap.add_argument("--gen-scanned-pages", type=int, help="scanned generated pages per family (default 300)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docs", nargs="*")
    ap.add_argument("--families", nargs="*", help="generated layout families (default all)")
    ap.add_argument("--json-out")
    a = ap.parse_args()
    r = run(a.quick, a.only, a.docs, a.gen_pages, a.gen_scanned_pages, a.seed, a.families)
    text = json.dumps(r, ensure_ascii=False, indent=1)
    if a.json_out:
        Path(a.json_out).write_text(text)
    else:
        print(text)
    print(_table(r))
