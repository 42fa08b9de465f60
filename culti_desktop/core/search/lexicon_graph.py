"""Back-off for an English word whose dictionary renderings the collection never writes.

The lexicon renders "ebony" as 乌木 and "doughnut" as 甜甜圈; a collection that writes 黑色 and
环 uses neither. Both are linked in CC-CEDICT one step away: 乌木's character 乌 is glossed
"crow; black", 黟 is "black and shining ebony", 甜甜圈's 圈 is "circle; ring; loop". So:

1. **seeds** — headwords whose glosses contain the word (whole sense first);
2. **related English** — the other words of that sense, the headword's other senses, and the
   glosses of its characters, each weighted by the seed's fit and by how rare the English word is
   in the dictionary's glosses (so "color", "small" say little);
3. **collection terms** — the collection's own vocabulary terms (substrings of its captions that
   are headwords) whose glosses share those English words, scored by the overlap and by the
   collection's IDF of the term.

No word list: the dictionary's glosses and the collection's captions are the only inputs. The
gloss index (headword → normalised senses, English word → best headwords) is built once from
CC-CEDICT and cached in the user cache beside the lexicon.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from culti_desktop.core.search.lexicon import _SKIP_PREFIX, cedict_path, parse_cedict

VERSION = 4
SEEDS_PER_WORD = 24  # headwords kept per English word in the index
SEEDS_USED = 12
SHARE_MAX = 0.5  # a term in more than half of the captions (色 of 红色) names nothing
TERM_SENSE_DECAY = 0.75  # a collection term is matched by its main senses first
MIN_SCORE = 0.01  # evidence needed; chosen on the development half of bench_english
_PAREN = re.compile(r"[^\s\[]*[\u3400-\u9fff][^\s\[]*(?:\[[^\]]*\])?|\([^)]*\)|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]+")
# Function words of gloss text (not content: no domain word here).
GLOSS_STOP = frozenset(
    """a an the of and or to in on at by for with from as is be sth sb etc one's sb's sth's used
    also form kind type lit fig esp usu abbr cl classifier variant see person thing something
    someone very that this it its which who into out up down off over""".split()
)


def gloss_tokens(text: str) -> list[str]:
    """Content words of a gloss, crudely singular ("boxes" and "box" meet); parentheses dropped."""
    out = []
    for w in _WORD.findall(_PAREN.sub(" ", text.lower())):
        if w in GLOSS_STOP or len(w) < 3:
            continue
        if len(w) > 4 and w.endswith(("ches", "shes", "xes", "ses")):
            w = w[:-2]
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        out.append(w)
    return out


@dataclass
class GlossGraph:
    """CC-CEDICT as glosses: headword → senses (token lists), English word → seed headwords.

    Both maps are kept encoded as flat strings (``"tok tok|tok"``, ``"zh fit pos;…"``) and decoded
    on access: the cached file then loads several times faster than nested JSON lists."""

    senses_enc: dict[str, str]  # headword → senses, "|" between senses, " " between words
    seeds_enc: dict[str, str]  # word → "headword fit sense-index" entries, ";" between, best first
    word_df: dict[str, int]  # word → how many headwords' glosses have it
    headwords: int = 0
    _idf: dict[str, float] = field(default_factory=dict, repr=False)
    _decoded: dict[str, list[list[str]]] = field(default_factory=dict, repr=False)

    def __contains__(self, zh: str) -> bool:
        return zh in self.senses_enc

    def senses(self, zh: str) -> list[list[str]]:
        got = self._decoded.get(zh)
        if got is None:
            enc = self.senses_enc.get(zh)
            got = [p.split(" ") for p in enc.split("|")] if enc else []
            self._decoded[zh] = got
        return got

    def seeds(self, word: str) -> list[tuple[str, float, int]]:
        enc = self.seeds_enc.get(word)
        if not enc:
            return []
        out = []
        for item in enc.split(";")[:SEEDS_USED]:
            zh, fit, pos = item.split(" ")
            out.append((zh, float(fit), int(pos)))
        return out

    def english_idf(self, word: str) -> float:
        """In (0, 1]: 1 for a word one headword has, near 0 for one in thousands of glosses."""
        v = self._idf.get(word)
        if v is None:
            df = self.word_df.get(word, 0) + 1
            v = math.log(1.0 + self.headwords / df) / math.log(1.0 + self.headwords)
            self._idf[word] = v
        return v

    def seed_headwords(
        self, lemmas: Iterable[str], renderings: Iterable[tuple[str, float]] = ()
    ) -> dict[str, tuple[float, int]]:
        """Headwords glossed with the word (any of its lemmas), plus the span's own dictionary
        renderings (a phrase's headwords): headword → (fit, index of the matching sense or -1)."""
        seeds: dict[str, tuple[float, int]] = {}
        for f in {t for lem in lemmas for t in gloss_tokens(lem)}:
            for zh, fit, si in self.seeds(f):
                if fit > seeds.get(zh, (0.0, 0))[0]:
                    seeds[zh] = (fit, si)
        for zh, w in renderings:
            if zh not in seeds:
                seeds[zh] = (w, -1)
        return seeds

    def related(self, seeds: dict[str, tuple[float, int]], exclude: set[str]) -> dict[str, float]:
        """English words one dictionary step from the seeds, weighted by fit and rarity."""
        rel: dict[str, float] = {}

        def add(words: Iterable[str], w: float) -> None:
            for t in set(words) - exclude:
                rel[t] = rel.get(t, 0.0) + w

        for zh, (fit, si) in seeds.items():
            for j, toks in enumerate(self.senses(zh)[:8]):  # the sense's context, the others
                add(toks, fit * (0.5 if j == si else 0.6 * 0.92**j))
            if len(zh) > 1:  # the characters of a compound (乌 of 乌木)
                for c in set(zh):
                    for j, toks in enumerate(self.senses(c)[:4]):
                        add(toks, fit * 0.4 * 0.92**j / len(zh))
        total = sum(rel.values()) or 1.0  # a share: a word with many seeds spreads its evidence
        return {t: w / total * self.english_idf(t) for t, w in rel.items()}


def build_graph(lines: Iterable[str]) -> GlossGraph:
    senses: dict[str, list[list[str]]] = {}
    for zh, defs in parse_cedict(lines):
        if not re.fullmatch(r"[\u3400-\u9fff]+", zh):
            continue
        slot = senses.setdefault(zh, [])
        for d in defs:
            if d.lower().startswith(_SKIP_PREFIX):
                continue
            toks = gloss_tokens(d)
            if toks:
                slot.append(toks)
    senses = {k: v for k, v in senses.items() if v}
    cands: dict[str, dict[str, tuple[float, int]]] = {}
    word_df: dict[str, int] = {}
    for zh, ss in senses.items():
        specific = 1.0 / math.sqrt(1.0 + 0.25 * (len(ss) - 1))
        seen: set[str] = set()
        for pos, toks in enumerate(ss):
            exact = 1.0 if len(toks) == 1 else 0.5 / math.sqrt(len(toks))
            for t in toks:
                seen.add(t)
                fit = exact * 0.92**pos * specific
                if fit > cands.setdefault(t, {}).get(zh, (0.0, 0))[0]:
                    cands[t][zh] = (fit, pos)
        for t in seen:
            word_df[t] = word_df.get(t, 0) + 1
    seeds = {
        t: ";".join(
            f"{zh} {f:.4f} {p}" for zh, (f, p) in sorted(v.items(), key=lambda kv: -kv[1][0])[:SEEDS_PER_WORD]
        )
        for t, v in cands.items()
    }
    enc = {zh: "|".join(" ".join(toks) for toks in ss) for zh, ss in senses.items()}
    return GlossGraph(enc, seeds, word_df, len(senses))


def load_graph(src: Path, cache_dir: Path | None = None) -> GlossGraph:
    """The gloss graph of ``src``, from the user cache when built before (else built and cached)."""
    if cache_dir is None:
        from culti_desktop.core.paths import user_cache_path

        cache_dir = user_cache_path()
    st = src.stat()
    cache = cache_dir / f"cedict_gloss_graph_v{VERSION}_{st.st_size}_{int(st.st_mtime)}.json.gz"
    if cache.is_file():
        try:
            with gzip.open(cache, "rt", encoding="utf-8") as fh:
                d = json.load(fh)
            return GlossGraph(d["senses"], d["seeds"], d["word_df"], d["headwords"])
        except (OSError, ValueError, EOFError, KeyError):
            pass  # a torn cache is rebuilt below
    with open(src, encoding="utf-8") as fh:
        g = build_graph(fh)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
        d = {"senses": g.senses_enc, "seeds": g.seeds_enc, "word_df": g.word_df, "headwords": g.headwords}
        json.dump(d, fh, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, cache)
    for stale in cache_dir.glob("cedict_gloss_graph_v*.json.gz"):  # earlier formats' copies
        if not stale.name.startswith(f"cedict_gloss_graph_v{VERSION}_"):
            stale.unlink(missing_ok=True)
    return g


@functools.lru_cache(maxsize=1)
def default_graph() -> GlossGraph | None:
    if os.environ.get("CULTI_NO_LEXICON"):
        return None
    src = cedict_path()
    return load_graph(src) if src is not None else None


# -- the collection side -------------------------------------------------------------------------
def term_index(vocab, graph: GlossGraph) -> dict[str, list[tuple[str, float]]]:
    """English gloss word → the collection's vocabulary terms glossed with it (built once per
    vocabulary and kept on it: a scan of its grams)."""
    idx = getattr(vocab, "_gloss_terms", None)
    if idx is not None and getattr(vocab, "_gloss_graph", None) is graph:
        return idx
    idx = {}
    limit = SHARE_MAX * vocab.documents
    heads = {t: df for t, df in vocab.df.items() if t in graph}
    inside: dict[str, int] = {}  # term → df of the most frequent longer headword containing it
    for t, df in heads.items():
        for size in range(1, len(t)):
            for i in range(len(t) - size + 1):
                sub = t[i : i + size]
                inside[sub] = max(inside.get(sub, 0), df)
    for term, df in heads.items():
        if df > limit or inside.get(term, 0) >= df:
            continue  # too common, or never written outside a longer word (字 only in 十字)
        ss = graph.senses(term)
        best: dict[str, float] = {}
        for pos, toks in enumerate(ss):
            w = (1.0 if len(toks) == 1 else 0.7) * TERM_SENSE_DECAY**pos  # its main meanings
            for t in toks:
                best[t] = max(best.get(t, 0.0), w)
        for t, w in best.items():
            idx.setdefault(t, []).append((term, w))
    vocab._gloss_terms, vocab._gloss_graph = idx, graph
    return idx


def related_terms(
    lemmas: list[str],
    vocab,
    renderings: Iterable[tuple[str, float]] = (),
    graph: GlossGraph | None = None,
    keep: int = 2,
    min_score: float | None = None,
) -> list[tuple[str, float]] | None:
    """The collection's terms one dictionary step from a word, best first (weights relative to
    the best), or ``None`` when nothing is close enough."""
    graph = graph if graph is not None else default_graph()
    if graph is None or vocab is None or not vocab.documents:
        return None
    idx = term_index(vocab, graph)
    scores: dict[str, float] = {}
    exclude = {t for lem in lemmas for t in gloss_tokens(lem)}
    for word, w in graph.related(graph.seed_headwords(lemmas, renderings), exclude).items():
        for term, tw in idx.get(word, ()):
            scores[term] = scores.get(term, 0.0) + w * tw
    if not scores:
        return None
    scored = {t: s * vocab.idf(t) for t, s in scores.items()}
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    best = ranked[0][1]
    if best < (MIN_SCORE if min_score is None else min_score):
        return None
    return [(t, s / best) for t, s in ranked[:keep] if s / best >= 0.5]
