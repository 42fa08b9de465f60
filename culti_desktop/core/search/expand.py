"""English query → Chinese renderings: glossary first, then the CC-CEDICT lexicon, phrases first.

An English query is cut into spans by greedy longest match (up to four words): at each length
the (project or shipped) heritage glossary is tried before the general lexicon, so a domain term
keeps its curated rendering while "lotus seed" (lexicon, two words) still beats "lotus"
(glossary, one word); a lexicon phrase made only of glossary words never replaces them ("red
cross" stays 红色十字, not the Red Cross). Words are lemmatised for the lookup (plural, -ed/-ing, British spelling,
"triangular" → "triangle"). A span with several likely senses keeps several renderings; the
query vector is the weighted mean of the embedded combinations (query expansion), and the
keyword path matches any of them. Words neither source knows are reported, not guessed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from culti_desktop.core.search.lexicon import Lexicon, default_lexicon
from culti_desktop.core.search.lexicon_graph import GlossGraph, default_graph, related_terms
from culti_desktop.core.search.vocab import CaptionVocabulary, prefer_collection

MAX_PHRASE = 4
KEEP_RELATIVE = 0.6  # a rendering is kept when its weight is ≥ this share of the span's best
MAX_PER_SPAN = 3
MAX_COMBINATIONS = 8
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOPWORDS = frozenset(
    """a an the of with and or in on at to from by for as is are was were be been being this that these
    those its it it's their them they there here which who whose what where when while into onto upon
    over under between beside besides among amid next inside outside within without each every other
    another some any all both either neither such very quite rather so than then also too only just
    like alike has have had having do does did can could may might will would shall should must not no
    nor our we you your he she his her him my me i one's sb sth etc up down out off about around
    showing shows shown depicting depicts depicted image images picture pictures photo photos
    detail details fragment""".split()
)

# British → American (CC-CEDICT is mostly American): word endings, then a few whole words.
_BRITISH = (
    ("our", "or"),
    ("tre", "ter"),
    ("ised", "ized"),
    ("ising", "izing"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ogue", "og"),
)
_WHOLE = {"grey": "gray", "jewellery": "jewelry", "plough": "plow", "aluminium": "aluminum",
          "moustache": "mustache", "tyre": "tire"}  # fmt: skip


def _respell(w: str) -> str | None:
    if w in _WHOLE:
        return _WHOLE[w]
    for a, b in _BRITISH:
        if w.endswith(a) and len(w) > len(a) + 2:
            return w[: -len(a)] + b
    return None


def _stems(w: str) -> list[str]:
    """Inflectional and a few derivational stems, most literal first."""
    out: list[str] = []
    n = len(w)
    if n > 4 and w.endswith("ies"):
        out.append(w[:-3] + "y")
    if n > 4 and w.endswith(("ses", "xes", "ches", "shes", "zes")):
        out.append(w[:-2])
    if n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        out.append(w[:-1])
    if n > 4 and w.endswith("ed"):
        out += [w[:-2], w[:-1]] + ([w[:-3] + "y"] if w.endswith("ied") else [])
        if w[-3] == w[-4]:
            out.append(w[:-3])  # petalled → petal, stopped → stop
    if n > 5 and w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"] + ([w[:-4]] if w[-4] == w[-5] else [])
    if n > 6 and w.endswith("ular"):
        out.append(w[:-4] + "le")  # triangular → triangle, circular → circle
    if n > 5 and w.endswith("ish"):
        out += [w[:-3], w[:-3] + "e"] + ([w[:-4]] if w[-4] == w[-5] else [])  # bluish, reddish
    if n > 5 and w.endswith("ic"):
        out += [w[:-2] + "us", w[:-2] + "y"]  # rhombic → rhombus, geometric → geometry
    return out


def lemmas(word: str) -> list[str]:
    """Lookup candidates for one word: as written, respelled, then its stems (each respelled)."""
    out = [word]
    r = _respell(word)
    if r:
        out.append(r)
    for stem in _stems(word) + (_stems(r) if r else []):
        out.append(stem)
        rs = _respell(stem)
        if rs:
            out.append(rs)
    return list(dict.fromkeys(out))  # first occurrence of each, in order


@dataclass
class Span:
    words: list[str]
    source: str  # glossary | lexicon | lexicon+collection (renderings chosen by the captions)
    renderings: list[tuple[str, float]]  # best first, weights relative to the best (1.0)


@dataclass
class Expansion:
    query: str
    spans: list[Span] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def understood(self) -> list[str]:
        return [w for s in self.spans for w in s.words]

    def groups(self) -> list[list[tuple[str, float]]]:
        """One list of alternative Chinese terms per span (keyword search: any of them matches)."""
        return [list(s.renderings) for s in self.spans]

    def combinations(self, limit: int = MAX_COMBINATIONS) -> list[tuple[str, float]]:
        """Whole-query renderings (one rendering per span, in query order), best weights first."""
        if not self.spans:
            return []
        combos = [
            ("".join(z for z, _ in combo), _prod(w for _, w in combo))
            for combo in itertools.product(*(s.renderings for s in self.spans))
        ]
        combos.sort(key=lambda c: -c[1])
        return combos[:limit]

    def best(self) -> str:
        c = self.combinations(1)
        return c[0][0] if c else ""

    def info(self) -> dict:
        return {
            "translation": self.best() or None,
            "renderings": [z for z, _ in self.combinations()],
            "spans": [
                {"en": " ".join(s.words), "zh": [z for z, _ in s.renderings], "from": s.source}
                for s in self.spans
            ],  # fmt: skip
            "untranslated": list(self.unknown),
        }


def _prod(ws) -> float:
    p = 1.0
    for w in ws:
        p *= w
    return p


def _relative(renderings: list[tuple[str, float]]) -> list[tuple[str, float]]:
    if not renderings:
        return []
    top = max(w for _, w in renderings) or 1.0
    kept = [(z, w / top) for z, w in renderings if w / top >= KEEP_RELATIVE]
    return kept[:MAX_PER_SPAN]


def _phrase_candidates(words: list[str]) -> list[str]:
    """The phrase as written, then with its last word lemmatised, then every word respelled."""
    head = words[:-1]
    out = [" ".join(head + [w]) for w in lemmas(words[-1])]
    respelled = [_respell(w) or w for w in head]
    if respelled != head:
        out += [" ".join(respelled + [w]) for w in lemmas(words[-1])]
    return out


def tokens(query: str) -> list[str]:
    return _TOKEN.findall(query.lower().replace("-", " "))


def _glossary_lookup(phrase: list[str], glossary: dict[str, str]) -> str | None:
    for cand in _phrase_candidates(phrase):
        if cand in glossary:
            return glossary[cand]
    return None


def expand_en(
    query: str,
    glossary: dict[str, str] | None = None,
    lexicon: Lexicon | None | bool = True,
    vocab: CaptionVocabulary | None = None,
    backoff: bool | GlossGraph = True,
) -> Expansion:
    """Cut ``query`` into glossary/lexicon spans (longest first, glossary first at each length).

    With ``vocab`` (the collection's captions), a lexicon span keeps the renderings (or their
    sub-words) the collection uses, by IDF; when it uses none, ``backoff`` looks one dictionary
    step further (:mod:`lexicon_graph`: 乌木 → 乌 "black" → the collection's 黑色), and the
    dictionary's order is the last resort. ``backoff=True`` uses the installed CC-CEDICT's gloss
    graph with the default lexicon only (a lexicon passed in gets a back-off only with its graph)."""
    from culti_desktop.core.search.bilingual import builtin_glossary

    g = glossary if glossary is not None else builtin_glossary()
    lex = default_lexicon() if lexicon is True else (lexicon or None)
    given = backoff if isinstance(backoff, GlossGraph) else None
    use_graph = vocab is not None and backoff is not False and (given is not None or lexicon is True)

    def graph() -> GlossGraph | None:  # loaded only when a span needs the back-off
        return given if given is not None else default_graph()

    words = tokens(query)
    out = Expansion(query)
    i = 0
    while i < len(words):
        if words[i] in STOPWORDS:
            i += 1
            continue
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = words[i : i + n]
            if n > 1 and phrase[-1] in STOPWORDS:
                continue
            zh = _glossary_lookup(phrase, g)
            if zh:
                out.spans.append(Span(phrase, "glossary", [(zh, 1.0)]))
                break
            if n > 1 and all(_glossary_lookup([w], g) for w in phrase):
                continue  # glossary priority: "red cross" stays 红色 + 十字, not the Red Cross
            if lex is not None:
                found = next((lex.get(c) for c in _phrase_candidates(phrase) if c in lex), None)
                if found:
                    chosen = prefer_collection(found, vocab)
                    src = "lexicon" if chosen is None else "lexicon+collection"
                    if chosen is None and use_graph:
                        chosen = _backoff(phrase, vocab, found, graph())
                        src = "lexicon" if chosen is None else "lexicon+related"
                    out.spans.append(Span(phrase, src, chosen or _relative(found)))
                    break
        else:
            n = 1
            near = _backoff(words[i : i + 1], vocab, [], graph()) if use_graph else None
            if near:
                out.spans.append(Span(words[i : i + 1], "related", near))
            else:
                out.unknown.append(words[i])
        i += n
    return out


BACKOFF_DICT_WEIGHT = 0.5  # the dictionary's own rendering beside the back-off terms (dev-chosen)


def _backoff(
    phrase: list[str],
    vocab: CaptionVocabulary | None,
    found: list[tuple[str, float]],
    graph: GlossGraph | None,
) -> list[tuple[str, float]] | None:
    """The collection's terms one dictionary step away, with the dictionary's top rendering
    kept at ``BACKOFF_DICT_WEIGHT`` (so a model that knows it still sees it), or ``None``."""
    if graph is None or vocab is None:
        return None
    near = related_terms(_phrase_candidates(phrase), vocab, found, graph)
    if not near:
        return None
    if found and BACKOFF_DICT_WEIGHT > 0:
        near = near + [(_relative(found)[0][0], BACKOFF_DICT_WEIGHT)]
    return near
