"""Pair F1 on generated pages, per layout family, born-digital and scanned (for bench_ingest).

Documents of ``DOC_PAGES`` pages are generated with seeds derived from ``seed`` (so a run with
another seed sees pages nobody tuned on), analysed by the product's page analysis, and scored
with the development set's rules (:mod:`culti_desktop.testing.docgen.score`).
"""

from __future__ import annotations

import time

DOC_PAGES = 10


def _examples(res: dict, k: int = 2) -> dict:
    def short(e: dict) -> dict:
        return {key: e.get(key) for key in ("page", "figure_bbox", "caption") if key in e}

    return {
        "missed": [short(e) for e in res["missed"][:k]],
        "spurious": [short(e) for e in res["spurious"][:k]],
        "wrong_caption": [{"gt": short(g), "pred": short(p)} for g, p in res["wrong_caption"][:k]],
    }


def run_family(family: str, pages: int, scanned: bool, seed: int = 0) -> dict:
    from culti_desktop.testing.docgen.build import build_document
    from culti_desktop.testing.docgen.predict import predict_pdf
    from culti_desktop.testing.docgen.score import f1, match

    tot = {"pages": 0, "n_gt": 0, "n_pred": 0, "fig_tp": 0, "pair_tp": 0}
    t_gen = t_an = 0.0
    examples = None
    k = 0
    while tot["pages"] < pages:
        t0 = time.perf_counter()
        pdf, gt = build_document(family, min(DOC_PAGES, pages - tot["pages"]), seed * 1000 + k, scanned)
        t1 = time.perf_counter()
        pred = predict_pdf(pdf)
        t_an += time.perf_counter() - t1
        t_gen += t1 - t0
        res = match(gt["figures"], pred, 0.5)
        for key in ("n_gt", "n_pred", "fig_tp", "pair_tp"):
            tot[key] += res[key]
        tot["pages"] += gt["page_count"]
        if examples is None and (res["missed"] or res["spurious"] or res["wrong_caption"]):
            examples = {"doc_seed": seed * 1000 + k, **_examples(res)}
        k += 1
    tot["figure_f1"] = round(f1(tot["fig_tp"], tot["n_gt"], tot["n_pred"]), 3)
    tot["pair_f1"] = round(f1(tot["pair_tp"], tot["n_gt"], tot["n_pred"]), 3)
    tot["analysis_pages_per_s"] = round(tot["pages"] / max(t_an, 1e-9), 2)
    tot["generate_seconds"] = round(t_gen, 1)
    tot["examples"] = examples
    return tot


def generated(
    pages: int = 300, scanned_pages: int = 300, seed: int = 0, families: list[str] | None = None
) -> dict:
    from culti_desktop.testing.docgen.build import family_names

    out: dict = {"seed": seed, "families": {}}
    for fam in families or family_names():
        row = {}
        if pages:
            row["born-digital"] = run_family(fam, pages, False, seed)
        if scanned_pages:
            row["scanned"] = run_family(fam, scanned_pages, True, seed)
        out["families"][fam] = row
    for kind in ("born-digital", "scanned"):
        c = {"n_gt": 0, "n_pred": 0, "pair_tp": 0, "pages": 0}
        for row in out["families"].values():
            if kind in row:
                for key in c:
                    c[key] += row[kind][key]
        if c["pages"]:
            c["pair_f1"] = round(2 * c["pair_tp"] / max(1, c["n_gt"] + c["n_pred"]), 3)
            out[kind] = c
    return out


def table(gen: dict) -> str:
    rows = [
        "| family | kind | pages | GT | pred | figure F1@0.5 | pair F1@0.5 | pages/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for fam, row in gen["families"].items():
        for kind, c in row.items():
            rows.append(
                f"| {fam} | {kind} | {c['pages']} | {c['n_gt']} | {c['n_pred']} | {c['figure_f1']} | "
                f"{c['pair_f1']} | {c['analysis_pages_per_s']} |"
            )
    for kind in ("born-digital", "scanned"):
        if kind in gen:
            c = gen[kind]
            rows.append(
                f"| **all** | {kind} | {c['pages']} | {c['n_gt']} | {c['n_pred']} | | **{c['pair_f1']}** | |"
            )
    return "\n".join(rows)
