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

import gzip
import json
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


# -- per-project cache, kept in memory and in the project's side folder ----------------------------
_CACHE: dict[str, tuple[tuple, CaptionVocabulary]] = {}
_ON_DISK: dict[str, tuple] = {}  # project → fingerprint of the stored copy read or written here
VOCAB_FILE = "caption_vocabulary.json.gz"


def _fingerprint(s) -> tuple:
    from sqlalchemy import text as sql

    row = s.execute(sql("SELECT COUNT(*), MAX(updated_at), MAX(id) FROM pairs")).one()
    return tuple(str(v) for v in row)  # strings: the same on SQLite and PostgreSQL, and in JSON


def _stored_file(project) -> Path:
    return project.cache_dir("search") / VOCAB_FILE


def _read_stored(project, fp: tuple) -> CaptionVocabulary | None:
    try:
        with gzip.open(_stored_file(project), "rt", encoding="utf-8") as fh:
            d = json.load(fh)
        if tuple(d["fingerprint"]) != fp:
            return None  # pairs changed since it was written
        return CaptionVocabulary(d["df"], int(d["documents"]))
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return None  # none yet, or torn: rebuilt from the captions


def _write_stored(project, fp: tuple, vocab: CaptionVocabulary) -> None:
    """Best effort (a read-only side folder only costs a rebuild next time); atomic."""
    try:
        dest = _stored_file(project)
        tmp = dest.with_name(dest.name + f".tmp{os.getpid()}")
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as fh:
            json.dump({"fingerprint": list(fp), "documents": vocab.documents, "df": vocab.df}, fh,
                      ensure_ascii=False, separators=(",", ":"))  # fmt: skip
        os.replace(tmp, dest)
    except OSError:
        pass


def project_vocabulary(project, store: bool = False) -> CaptionVocabulary | None:
    """The project's caption vocabulary: one cheap fingerprint query per call; on the first call
    of a process, the copy the last index build (or query) stored, when the pairs are unchanged;
    a rebuild (one scan of ``caption_zh``, then stored) only when pairs were added or edited.
    ``store=True`` (the index build) also writes it when the stored copy is missing or stale."""
    from sqlalchemy import text as sql

    key = str(project.path)
    with project.read_session() as s:
        fp = _fingerprint(s)
        hit = _CACHE.get(key)
        vocab = hit[1] if hit is not None and hit[0] == fp else None
        if vocab is None and (vocab := _read_stored(project, fp)) is not None:
            _ON_DISK[key] = fp
        fresh = vocab is None
        if fresh:
            rows = s.execute(sql("SELECT caption_zh FROM pairs WHERE status != 'rejected'")).scalars()
            vocab = CaptionVocabulary.build(rows)
    assert vocab is not None
    _CACHE[key] = (fp, vocab)
    if fresh or (store and _ON_DISK.get(key) != fp):
        _write_stored(project, fp, vocab)
        _ON_DISK[key] = fp
    return vocab if vocab.documents else None
