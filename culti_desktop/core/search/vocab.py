"""The collection's own Chinese vocabulary, used to choose among a word's dictionary renderings.

A general dictionary gives several correct renderings of "violet" (紫罗兰, 紫罗兰色, 紫色) and
ranks them by rough heuristics; a curator's archive writes one of them (or a character of one:
紫). :class:`CaptionVocabulary` holds the document frequency of every 1–4 character substring of
the project's Chinese captions, built once and cached per project (rebuilt when the pairs
change), so that :func:`prefer_collection` can keep the renderings the collection actually uses,
weighted by how specific they are (IDF), and fall back to the dictionary's order when none
occurs. Only the project's captions are used: data the product has at query time.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MAX_GRAM = 4
SUBWORD_FACTOR = 0.8  # a character or sub-word of a dictionary compound is a weaker rendering
SUBWORD_MAX_SHARE = 0.5  # ...and says nothing when half the captions have it (色 of 绿色)
_HAN = re.compile(r"[\u3400-\u9fff]+")


@dataclass
class CaptionVocabulary:
    """Document frequency of the Chinese 1–``MAX_GRAM``-grams of a set of captions."""

    df: dict[str, int] = field(default_factory=dict)
    documents: int = 0

    @classmethod
    def build(cls, captions: Iterable[str | None]) -> CaptionVocabulary:
        from culti_desktop.core.search.textnorm import fold

        df: dict[str, int] = {}
        n = 0
        for cap in captions:
            if not cap:
                continue
            n += 1
            grams: set[str] = set()
            for run in _HAN.findall(fold(cap)):
                for size in range(1, MAX_GRAM + 1):
                    grams.update(run[i : i + size] for i in range(len(run) - size + 1))
            for g in grams:
                df[g] = df.get(g, 0) + 1
        return cls(df, n)

    def __len__(self) -> int:
        return len(self.df)

    def idf(self, term: str) -> float:
        """Smoothed IDF in (0, 1]: 1 for a term in a single caption, lower for common ones;
        0 for a term the collection never uses (or terms longer than the stored grams, checked by
        their grams)."""
        d = self.frequency(term)
        if d == 0 or self.documents == 0:
            return 0.0
        top = math.log(1.0 + self.documents)
        return max(0.05, math.log(1.0 + self.documents / d) / top)

    def frequency(self, term: str) -> int:
        if len(term) <= MAX_GRAM:
            return self.df.get(term, 0)
        # longer terms: an upper bound from their grams (exact membership needs a scan; not per query)
        return min(self.df.get(term[i : i + MAX_GRAM], 0) for i in range(len(term) - MAX_GRAM + 1))


def _subwords(zh: str) -> list[str]:
    """Proper prefixes and suffixes of a compound, longest first (紫罗兰 → 紫罗, 罗兰, 紫, 兰).

    Only the edges: a compound is modifier + head, so its first or last part names something
    (紫 of 紫罗兰, 圆 of 圆盘, 塔 of 金字塔); a middle character (字 of 金字塔) rarely does."""
    out = []
    for size in range(len(zh) - 1, 0, -1):
        out += [zh[:size], zh[-size:]]
    return list(dict.fromkeys(out))


def prefer_collection(
    candidates: list[tuple[str, float]], vocab: CaptionVocabulary | None, keep: int = 3
) -> list[tuple[str, float]] | None:
    """Renderings the collection uses, best first with weights relative to the best (1.0).

    ``candidates`` are all dictionary renderings of a span (weights: the dictionary's fit). Each
    headword, and each sub-word of a compound headword (weaker), scores fit × IDF when it occurs
    in the captions (sub-words only when no headword occurs). ``None`` when nothing occurs: the caller keeps the dictionary's order.
    """
    if vocab is None or not vocab.documents or not candidates:
        return None
    top = max(w for _, w in candidates) or 1.0
    scored: dict[str, float] = {}
    for zh, w in candidates:  # headwords the captions use
        s = (w / top) * vocab.idf(zh)
        if s > 0:
            scored[zh] = max(scored.get(zh, 0.0), s)
    if not scored:  # else their parts (紫罗兰 → 紫), weaker and shorter ones weaker still
        for zh, w in candidates:
            for sub in _subwords(zh):
                s = (w / top) * SUBWORD_FACTOR * vocab.idf(sub) * (len(sub) / len(zh)) ** 0.5
                common = vocab.frequency(sub) > SUBWORD_MAX_SHARE * vocab.documents
                if s > 0 and not common and not any(sub in other for other in scored):
                    scored[sub] = max(scored.get(sub, 0.0), s)
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:keep]
    best = ranked[0][1]
    return [(z, s / best) for z, s in ranked if s / best >= 0.25]


# -- per-project cache ---------------------------------------------------------------------------
_CACHE: dict[str, tuple[tuple, CaptionVocabulary]] = {}


def project_vocabulary(project) -> CaptionVocabulary | None:
    """The project's caption vocabulary: one cheap fingerprint query per call, a rebuild (one scan
    of ``caption_zh``) only when pairs were added or edited since the last build."""
    from sqlalchemy import text as sql

    with project.read_session() as s:
        fp = tuple(s.execute(sql("SELECT COUNT(*), MAX(updated_at), MAX(id) FROM pairs")).one())
        key = str(project.path)
        hit = _CACHE.get(key)
        if hit is not None and hit[0] == fp:
            return hit[1]
        rows = s.execute(sql("SELECT caption_zh FROM pairs WHERE status != 'rejected'")).scalars()
        vocab = CaptionVocabulary.build(rows)
    _CACHE[key] = (fp, vocab)
    return vocab if vocab.documents else None
