"""Experiment (issue 16, ADR 0081): choose lexicon renderings by the CLIP text tower against the
collection's caption embeddings, beside the dictionary order and the caption vocabulary (motif set)."""

import numpy as np

from benchmarks.bench_english import _encoder, _recall
from benchmarks.english_items import load_queries, motifs_module
from culti_desktop.core.search.expand import expand_en
from culti_desktop.core.search.lexicon import default_lexicon
from culti_desktop.core.search.vocab import CaptionVocabulary

m = motifs_module()
enc, _ = _encoder(800, 1)
items = m.singles(len(m.COMBOS), size=128, seed=500)
g = enc.encode_images([it.image for it in items])
cap = enc.encode_texts([it.caption_zh for it in items])
qs = load_queries()["motifs"]
si = {s[0]: i for i, s in enumerate(m.SHAPES)}
ci = {c[0]: i for i, c in enumerate(m.COLOURS)}
targets = [m.COMBOS.index((si[q["target"][0]], ci[q["target"][1]])) for q in qs]
lex = default_lexicon()
vocab = CaptionVocabulary.build(it.caption_zh for it in items)


def ranks(v):
    s = v @ g.T
    return [int((s[i] > s[i, t]).sum()) for i, t in enumerate(targets)]


def sense(exp):
    for sp in exp.spans:
        if sp.source != "lexicon":
            continue
        cands = [z for z, _ in lex.get(" ".join(sp.words))] or [z for z, _ in sp.renderings]
        from culti_desktop.core.search.expand import _phrase_candidates

        for c in _phrase_candidates(sp.words):
            if c in lex:
                cands = [z for z, _ in lex.get(c)]
                break
        e = enc.encode_texts(cands)
        sc = (e @ cap.T).max(axis=1)
        order = np.argsort(-sc)[:2]
        sp.renderings = [(cands[i], 1.0) for i in order]
    return exp


for name, mk in [
    ("dict", lambda q: expand_en(q)),
    ("vocab", lambda q: expand_en(q, vocab=vocab)),
    ("sense", lambda q: sense(expand_en(q))),
    ("vocab+sense", lambda q: sense(expand_en(q, vocab=vocab))),
]:
    vs = []
    for q in qs:
        exp = mk(q["q"])
        co = exp.combinations()
        v = enc.encode_texts([z for z, _ in co])
        w = np.array([c[1] for c in co])[:, None]
        p = (v * w).sum(0)
        vs.append(p / np.linalg.norm(p))
    r = ranks(np.stack(vs))
    print(name, _recall(r, 1), _recall(r, 10))
