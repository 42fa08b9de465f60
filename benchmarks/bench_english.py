"""English queries on held-out vocabulary: R@1/R@10 of English against Chinese on the same items.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python -m benchmarks.bench_english [--quick] [--steps 800]

Two parts:

* **motifs** — the generated motif set (36 single motifs, one per shape × colour), a tiny cn_clip
  trained on their Chinese captions only; text→image R@k of held-out English queries
  (``benchmarks/data/english_queries.json``: no content word in the glossary) through each
  English path, against the Chinese caption of the same item.
* **captions** — real captions (development figures, from ``../shared/data``, skipped without it):
  the 图/Figure pairs of the ucasthesis guide (the English caption is the query) and the public
  CulTi samples (Chinese captions; English queries written for them). The keyword path: rank the
  Chinese captions by how many English words have a rendering inside them (ties count against
  the query). With no real Chinese-CLIP weights on this machine, no text→image figure is given.

Each path also reports the share of content words it understood, and the full path the share
of words each of its routes rendered (glossary, dictionary, collection sub-word, back-off).

**Development / held-out split.** The queries of each set are split in two halves by a seeded
shuffle (``SPLIT_SEED``, fixed before the back-off was tuned); the back-off's two parameters
(``lexicon_graph.MIN_SCORE``, ``expand.BACKOFF_DICT_WEIGHT``) were chosen on the development
halves only (``dev_sweep`` in the output), and every figure is reported on both halves.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import machine, markdown_table, shared_data
from benchmarks.english_items import (
    bilingual_captions,
    content_words,
    load_queries,
    motifs_module,
    sample_items,
)
from culti_desktop.core.search import bilingual

SPLIT_SEED = 16  # fixed before tuning; do not change to improve a figure


def split_halves(n: int, seed: int = SPLIT_SEED) -> dict[str, list[int]]:
    """Query indices of the development and held-out halves (seeded shuffle)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return {"dev": sorted(order[: n // 2]), "held-out": sorted(order[n // 2 :])}


def _halves(ranks: list[int], halves: dict[str, list[int]]) -> dict[str, dict[str, float]]:
    return {h: {"r1": _recall([ranks[i] for i in ix], 1), "r10": _recall([ranks[i] for i in ix], 10)}
            for h, ix in halves.items()}  # fmt: skip


def route_shares(queries: list[str], fw: set[str], vocab) -> dict[str, float]:
    """Share of content words rendered by each route of the full path (glossary, dictionary,
    collection sub-word or headword, one-step back-off), and not understood."""
    counts: dict[str, int] = {}
    total = 0
    for q in queries:
        exp = bilingual.expand_en(q, vocab=vocab)
        src = {w: s.source for s in exp.spans for w in s.words}
        for w in content_words(q, fw):
            total += 1
            k = src.get(w, "not understood" if w in exp.unknown else "stopword (skipped)")
            counts[k] = counts.get(k, 0) + 1
    return {k: round(100.0 * v / max(total, 1), 1) for k, v in sorted(counts.items())}


# -- what each path understands -------------------------------------------------------------------
def glossary_understood(query: str) -> set[str]:
    """Words of ``query`` covered by a glossary match (the shipped glossary only)."""
    spans = bilingual.glossary_spans(query)
    return {w for span in spans for w in span}


def coverage(queries: list[str], fw: set[str], understood: Callable[[str], set[str]]) -> float:
    total = hit = 0
    for q in queries:
        cw = content_words(q, fw)
        got = understood(q)
        total += len(cw)
        hit += sum(1 for w in cw if w in got)
    return round(100.0 * hit / max(total, 1), 1)


# -- vectors per path (motif part) ----------------------------------------------------------------
def vector_paths(enc, projection=None, vocab=None) -> dict[str, Callable[[str], np.ndarray]]:
    def raw(q: str) -> np.ndarray:
        return enc.encode_texts([q])[0]

    def glossary(q: str) -> np.ndarray:
        return bilingual.english_query_vector(enc, q, None, use_lexicon=False)[0].reshape(-1)

    paths: dict[str, Callable[[str], np.ndarray]] = {"model English": raw, "glossary (baseline)": glossary}
    if bilingual.lexicon_available():

        def lexicon(q: str) -> np.ndarray:
            return bilingual.english_query_vector(enc, q, None)[0].reshape(-1)

        paths["glossary + lexicon"] = lexicon
        if vocab is not None:

            def collection(q: str) -> np.ndarray:
                return bilingual.english_query_vector(enc, q, None, vocab=vocab, backoff=False)[0].reshape(-1)

            def backoff(q: str) -> np.ndarray:
                return bilingual.english_query_vector(enc, q, None, vocab=vocab)[0].reshape(-1)

            paths["glossary + lexicon + collection vocabulary"] = collection
            paths[BACKOFF_PATH] = backoff
    return paths


BACKOFF_PATH = "… + one-step dictionary back-off"


def _recall(ranks: list[int], k: int) -> float:
    return round(100.0 * float(np.mean([r < k for r in ranks])), 1) if ranks else 0.0


MOTIF_WEIGHTS = Path(__file__).resolve().parents[1] / "tests" / "search" / "data" / "motif_tiny_seed0.pt"


def _encoder(steps: int, threads: int):
    """The tiny model taught single motifs: the checked-in weights the search tests use (same
    numbers on every machine), else trained here by ``bench_search`` (``steps``)."""
    from culti_desktop.core.ml.archs import build_tiny_model
    from culti_desktop.core.ml.encoder import ClipEncoder
    from culti_desktop.core.ml.tiny import TINY_CONFIG

    if MOTIF_WEIGHTS.is_file():
        from culti_desktop.testing.motif_training import load_compact

        model = build_tiny_model(0)
        model.load_state_dict(load_compact(MOTIF_WEIGHTS))
        model.eval()
        return ClipEncoder(model, TINY_CONFIG, "tiny", "cpu"), 0.0
    from benchmarks.bench_search import _trained_encoder

    return _trained_encoder(0, steps, threads)


def bench_motifs(steps: int, threads: int) -> dict[str, Any]:
    motifs = motifs_module()
    queries = load_queries()
    fw = set(queries["function_words"])
    enc, train_s = _encoder(steps, threads)
    items = motifs.singles(len(motifs.COMBOS), size=128, seed=500)
    g = enc.encode_images([it.image for it in items])
    shape_ix = {s[0]: i for i, s in enumerate(motifs.SHAPES)}
    colour_ix = {c[0]: i for i, c in enumerate(motifs.COLOURS)}
    qs = queries["motifs"]
    targets = [motifs.COMBOS.index((shape_ix[q["target"][0]], colour_ix[q["target"][1]])) for q in qs]

    def ranks_of(vecs: np.ndarray, tg: list[int]) -> list[int]:
        s = vecs @ g.T
        return [int((s[i] > s[i, t]).sum()) for i, t in enumerate(tg)]

    def ranks(vecs: np.ndarray) -> list[int]:
        return ranks_of(vecs, targets)

    halves = split_halves(len(qs))

    zh = enc.encode_texts([items[t].caption_zh for t in targets])
    out: dict[str, Any] = {
        "items": len(items),
        "queries": len(qs),
        "model": "tests/search/data/motif_tiny_seed0.pt"
        if MOTIF_WEIGHTS.is_file()
        else f"trained {steps} steps",
        "train_s": round(train_s, 1),
        "chance_r10": round(100.0 * 10 / len(items), 1),
        "paths": {},
    }
    zr = ranks(zh)
    out["paths"]["Chinese caption (reference)"] = {"r1": _recall(zr, 1), "r10": _recall(zr, 10)}
    from culti_desktop.core.search.vocab import CaptionVocabulary

    # The collection's own captions (what `culti index` sees), never the queries.
    vocab = CaptionVocabulary.build(it.caption_zh for it in items)
    for name, fn in vector_paths(enc, vocab=vocab).items():
        t = time.perf_counter()
        vecs = np.stack([fn(q["q"]) for q in qs])
        ms = (time.perf_counter() - t) * 1000 / len(qs)
        r = ranks(vecs)
        row: dict[str, Any] = {"r1": _recall(r, 1), "r10": _recall(r, 10), "ms_per_query": round(ms, 2)}
        by_kind: dict[str, list[int]] = {}
        for q, rk in zip(qs, r, strict=True):
            by_kind.setdefault(q["kind"], []).append(rk)
        row["r10_by_kind"] = {k: _recall(v, 10) for k, v in sorted(by_kind.items())}
        row["halves"] = _halves(r, halves)
        out["paths"][name] = row
    out["paths"]["Chinese caption (reference)"]["halves"] = _halves(zr, halves)
    out["split"] = {h: [qs[i]["q"] for i in ix] for h, ix in halves.items()}
    out["route_shares"] = route_shares([q["q"] for q in qs], fw, vocab)
    out["dev_sweep"] = _dev_sweep(enc, [qs[i]["q"] for i in halves["dev"]], vocab,
                                  lambda v: ranks_of(v, [targets[i] for i in halves["dev"]]))  # fmt: skip
    out["coverage"] = _coverages([q["q"] for q in qs], fw, vocab)
    out["lookup"] = _lookup_cost(enc, [q["q"] for q in qs], vocab=vocab)
    out["projection"] = _projection_curve(enc, motifs, [q["q"] for q in qs], ranks)
    return out


SWEEP_MIN_SCORE = (0.0, 0.003, 0.01, 0.03, 0.1)
SWEEP_DICT_WEIGHT = (0.0, 0.5)


def _dev_sweep(enc, dev_qs: list[str], vocab, ranks) -> dict[str, Any]:
    """The back-off's parameters on the development half only (the constants in the code are
    the ones chosen here); the held-out half is never looked at while choosing."""
    from culti_desktop.core.search import expand, lexicon_graph

    saved = lexicon_graph.MIN_SCORE, expand.BACKOFF_DICT_WEIGHT
    out: dict[str, Any] = {"chosen": {"min_score": saved[0], "dict_weight": saved[1]}}
    try:
        for ms in SWEEP_MIN_SCORE:
            for dw in SWEEP_DICT_WEIGHT:
                lexicon_graph.MIN_SCORE, expand.BACKOFF_DICT_WEIGHT = ms, dw
                vecs = np.stack([bilingual.english_query_vector(enc, q, None, vocab=vocab)[0].reshape(-1)
                                 for q in dev_qs])  # fmt: skip
                r = ranks(vecs)
                out[f"min_score={ms}, dict_weight={dw}"] = {"r1": _recall(r, 1), "r10": _recall(r, 10)}
    finally:
        lexicon_graph.MIN_SCORE, expand.BACKOFF_DICT_WEIGHT = saved
    return out


def _lookup_cost(enc, qs: list[str], repeats: int = 5, vocab=None) -> dict[str, Any]:
    """Expansion (lexicon + glossary) per query, beside encoding one text with the tiny model."""
    if not bilingual.lexicon_available():
        return {}
    from culti_desktop.core.search.expand import expand_en

    t = time.perf_counter()
    for _ in range(repeats):
        for q in qs:
            expand_en(q)
    expand_ms = (time.perf_counter() - t) * 1000 / (repeats * len(qs))
    t = time.perf_counter()
    for _ in range(repeats):
        for q in qs:
            expand_en(q, vocab=vocab, backoff=False)
    vocab_ms = (time.perf_counter() - t) * 1000 / (repeats * len(qs))
    expand_en("warm", vocab=vocab)  # the gloss graph's first load is not a per-query cost
    t = time.perf_counter()
    for _ in range(repeats):
        for q in qs:
            expand_en(q, vocab=vocab)
    backoff_ms = (time.perf_counter() - t) * 1000 / (repeats * len(qs))
    t = time.perf_counter()
    for q in qs:
        enc.encode_texts([q])
    encode_ms = (time.perf_counter() - t) * 1000 / len(qs)
    return {
        "expand_ms_per_query": round(expand_ms, 3),
        "expand_with_vocabulary_ms_per_query": round(vocab_ms, 3),
        "expand_with_vocabulary_and_backoff_ms_per_query": round(backoff_ms, 3),
        "encode_one_text_ms": round(encode_ms, 2),
    }


def _projection_curve(enc, motifs, qs: list[str], ranks) -> dict[str, Any]:
    """CL2CM-style projection fitted on n bilingual caption pairs, alone and with the lexicon.

    The pairs are the motif set's own captions ("a red circle" / 红色圆形), the only bilingual
    text it has; the queries are the held-out ones, so the projection must generalise to words
    it never saw in English.
    """
    pool = motifs.singles(len(motifs.COMBOS), size=64, seed=900)
    order = np.random.default_rng(0).permutation(len(pool))
    raw = enc.encode_texts(qs)
    lex = None
    if bilingual.lexicon_available():
        lex = np.stack([bilingual.english_query_vector(enc, q, None)[0].reshape(-1) for q in qs])
    curve: dict[str, Any] = {}
    for n in (6, 12, 24, len(pool)):
        idx = order[:n]
        proj = bilingual.EnglishProjection.fit(
            enc.encode_texts([pool[i].caption_en for i in idx]),
            enc.encode_texts([pool[i].caption_zh for i in idx]),
        )
        pv = proj.apply(raw)
        row: dict[str, Any] = {}
        r = ranks(pv)
        row["projection"] = {"r1": _recall(r, 1), "r10": _recall(r, 10)}
        if lex is not None:
            both = lex + pv
            r = ranks(both / np.linalg.norm(both, axis=1, keepdims=True))
            row["lexicon + projection (mean)"] = {"r1": _recall(r, 1), "r10": _recall(r, 10)}
            prod = np.stack([bilingual.english_query_vector(enc, q, proj)[0].reshape(-1) for q in qs])
            r = ranks(prod)
            row["product path (projection for unknown words)"] = {"r1": _recall(r, 1), "r10": _recall(r, 10)}
        curve[f"{n} pairs"] = row
    return curve


def _coverages(qs: list[str], fw: set[str], vocab=None) -> dict[str, float]:
    cov = {"glossary": coverage(qs, fw, glossary_understood)}
    if bilingual.lexicon_available():
        cov["glossary + lexicon"] = coverage(qs, fw, lambda q: set(bilingual.expand_en(q).understood))
        if vocab is not None:
            cov[BACKOFF_PATH] = coverage(
                qs, fw, lambda q: set(bilingual.expand_en(q, vocab=vocab).understood)
            )
    return cov


# -- keyword renderings per path (caption part) ---------------------------------------------------
Groups = list[list[tuple[str, float]]]


def text_paths(vocab=None) -> dict[str, Callable[[str], Groups]]:
    def glossary(q: str) -> Groups:
        return [[(zh, 1.0)] for zh in bilingual.glossary_terms(q)]

    paths: dict[str, Callable[[str], Groups]] = {"glossary (baseline)": glossary}
    if bilingual.lexicon_available():
        paths["glossary + lexicon"] = lambda q: bilingual.expand_en(q).groups()
        if vocab is not None:
            paths["glossary + lexicon + collection vocabulary"] = lambda q: bilingual.expand_en(
                q, vocab=vocab, backoff=False
            ).groups()
            paths[BACKOFF_PATH] = lambda q: bilingual.expand_en(q, vocab=vocab).groups()
    return paths


def keyword_rank(groups: Groups, candidates: list[str], target: int) -> int:
    """Rank of ``target`` when captions are scored by matched words (ties count against it)."""
    from culti_desktop.core.search.textnorm import fold

    scores = []
    for c in candidates:
        fc = fold(c)
        scores.append(sum(max((w for zh, w in g if fold(zh) in fc), default=0.0) for g in groups))
    s = np.asarray(scores)
    return int((s > s[target]).sum() + (s == s[target]).sum() - 1)


def bench_captions() -> dict[str, Any] | None:
    data = shared_data()
    if data is None:
        return None
    queries = load_queries()
    fw = set(queries["function_words"])
    sets = {"ucasthesis 图/Figure": [], "CulTi samples": []}
    pdf = data / "docs" / "ucasthesis_template_guide.pdf"
    if pdf.is_file():
        sets["ucasthesis 图/Figure"] = bilingual_captions(pdf)
    if (data / "culti_samples").is_dir():
        sets["CulTi samples"] = sample_items(data / "culti_samples", queries)
    candidates: list[str] = []
    for items in sets.values():
        for it in items:
            if it.zh not in candidates:
                candidates.append(it.zh)
    out: dict[str, Any] = {"candidates": len(candidates), "sets": {}}
    from culti_desktop.core.search.vocab import CaptionVocabulary

    vocab = CaptionVocabulary.build(candidates)  # the collection searched: its captions only
    for set_name, items in sets.items():
        if not items:
            continue
        qs = [it.en_query for it in items]
        res: dict[str, Any] = {"queries": len(items), "paths": {}, "coverage": _coverages(qs, fw, vocab)}
        res["route_shares"] = route_shares(qs, fw, vocab)
        halves = split_halves(len(items))
        for name, fn in text_paths(vocab).items():
            r = [keyword_rank(fn(it.en_query), candidates, candidates.index(it.zh)) for it in items]
            res["paths"][name] = {"r1": _recall(r, 1), "r10": _recall(r, 10), "halves": _halves(r, halves)}
        out["sets"][set_name] = res
    return out


def _half_cells(p: dict[str, Any]) -> list[Any]:
    h = p.get("halves", {})
    return [h.get("dev", {}).get("r10", ""), h.get("held-out", {}).get("r10", "")]


def _rows(res: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    m = res["motifs"]
    for name, p in m["paths"].items():
        cov = m["coverage"].get(name) or m["coverage"].get(
            name.replace(" (baseline)", "").replace(" + collection vocabulary", ""), ""
        )
        rows.append([f"motifs ({m['queries']} queries, {m['items']} images)", name, p["r1"], p["r10"],
                     *_half_cells(p), cov])  # fmt: skip
    for set_name, s in (res.get("captions") or {}).get("sets", {}).items():
        for name, p in s["paths"].items():
            cov = s["coverage"].get(name) or s["coverage"].get(
                name.replace(" (baseline)", "").replace(" + collection vocabulary", ""), ""
            )
            rows.append(
                [f"{set_name} ({s['queries']}, keyword path)", name, p["r1"], p["r10"], *_half_cells(p), cov]
            )
    for n, row in res["motifs"].get("projection", {}).items():
        for name, p in row.items():
            rows.append([f"motifs, projection fitted on {n}", name, p["r1"], p["r10"], "", "", ""])
    return rows


def run(quick: bool = False) -> dict[str, Any]:
    """For ``run_all``: the figures plus target rows (English R@10 ≥ 0.9 × Chinese; lookup < 5 ms)."""
    res: dict[str, Any] = {"motifs": bench_motifs(300 if quick else 800, 1), "captions": bench_captions()}
    m = res["motifs"]
    zh = m["paths"]["Chinese caption (reference)"]["r10"]
    rows = []
    for name, p in m["paths"].items():
        if name.startswith("Chinese"):
            continue
        rows.append(
            {
                "metric": f"motifs, held-out English R@10, {name}",
                "value": p["r10"],
                "raw": zh,
                "ratio": round(p["r10"] / zh, 3) if zh else None,
                "target": "≥ 0.9 × Chinese",
                "ok": bool(zh) and p["r10"] >= 0.9 * zh,
            }
        )
    if m.get("lookup"):
        ms = m["lookup"]["expand_ms_per_query"]
        rows.append(
            {
                "metric": "EN→ZH expansion per query",
                "value": ms,
                "unit": "ms",
                "raw": m["lookup"]["encode_one_text_ms"],
                "ratio": round(ms / m["lookup"]["encode_one_text_ms"], 3),
                "target": "< 5 ms",
                "ok": ms < 5,
            }
        )
    res["rows"] = rows
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="300 training steps instead of 800")
    ap.add_argument("--steps", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    steps = args.steps or (300 if args.quick else 800)
    res: dict[str, Any] = {"machine": machine(), "motifs": bench_motifs(steps, args.threads)}
    res["captions"] = bench_captions()
    import json

    print(json.dumps(res, ensure_ascii=False, indent=2, default=str))
    print()
    print(
        markdown_table(
            _rows(res), ["set", "path", "R@1", "R@10", "R@10 dev", "R@10 held-out", "words understood %"]
        )
    )


if __name__ == "__main__":
    main()
