"""English queries, offline: a heritage glossary (EN→ZH) and a projection learned from the project.

Chinese-CLIP is weak on English (its text tower was trained on Chinese). Two offline paths:

* :func:`translate_en` rewrites an English query into Chinese terms by greedy longest match over
  a glossary shipped with the package (extendable by a project glossary file);
* :class:`EnglishProjection` is a ridge-regression map from the model's own embedding of English
  captions to its embedding of the matching Chinese captions, learned from the project's
  bilingual pairs (``caption_en`` + ``caption_zh``), the CL2CM idea without a second model.

:func:`english_query_vector` combines them; the benchmark measures English-query R@10 against
Chinese-query R@10 on the same items.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

import numpy as np

# Re-exported: the projection moved to core.ml so that the fine-tuning job can fit it (ADR 0083).
from culti_desktop.core.ml.projection import EnglishProjection, fit_projection

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MAX_PHRASE = 4


@functools.lru_cache(maxsize=1)
def builtin_glossary() -> dict[str, str]:
    text = (
        resources.files("culti_desktop.core.search").joinpath("data/glossary_en_zh.json").read_text("utf-8")
    )
    return {k.lower(): v for k, v in json.loads(text)["terms"].items()}


def load_glossary(extra: Path | Mapping[str, str] | None = None) -> dict[str, str]:
    """The shipped glossary, overridden by a project's terms: a mapping, or a JSON file
    ``{"terms": {en: zh}}`` (see :mod:`culti_desktop.core.search.glossary` for the project's own)."""
    g = dict(builtin_glossary())
    if isinstance(extra, Mapping):
        g.update({" ".join(k.lower().split()): v for k, v in extra.items()})
    elif extra is not None and extra.is_file():
        g.update({k.lower(): v for k, v in json.loads(extra.read_text("utf-8")).get("terms", {}).items()})
    return g


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("s", "x", "ch", "sh")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _glossary_match(words: list[str], g: dict[str, str]) -> list[tuple[list[str], str | None]]:
    """Greedy longest phrase first: (words of the span, Chinese or None for an unmatched word)."""
    out: list[tuple[list[str], str | None]] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            zh = g.get(phrase) or (g.get(_singular(phrase)) if n == 1 else None)
            if zh:
                out.append((words[i : i + n], zh))
                i += n
                break
        else:
            out.append(([words[i]], None))
            i += 1
    return out


def translate_en(query: str, glossary: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """(Chinese rendering, English words the glossary did not know). Greedy longest phrase first."""
    g = glossary if glossary is not None else builtin_glossary()
    spans = _glossary_match(_WORD.findall(query.lower()), g)
    zh = "".join(z for _, z in spans if z)
    unknown = [w[0] for w, z in spans if z is None and w[0] not in _STOPWORDS]
    return zh, unknown


def glossary_spans(query: str, glossary: dict[str, str] | None = None) -> list[list[str]]:
    """The word spans of ``query`` that the glossary matched (for coverage figures)."""
    g = glossary if glossary is not None else builtin_glossary()
    return [w for w, z in _glossary_match(_WORD.findall(query.lower()), g) if z]


def glossary_terms(query: str, glossary: dict[str, str] | None = None) -> list[str]:
    """The glossary's Chinese term for each matched span, in query order (keyword search)."""
    g = glossary if glossary is not None else builtin_glossary()
    return [z for _, z in _glossary_match(_WORD.findall(query.lower()), g) if z]


_STOPWORDS = frozenset(
    "a an the of with and in on at to from by for as is are was were this that these those its it or "
    "showing shows depicting depicts image picture photo detail fragment".split()
)


def _normalise(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return (v / np.maximum(n, 1e-12)).astype(np.float32)


def projection_for_version(project, version_id: int, encoder) -> EnglishProjection | None:
    """The projection an index build of ``version_id`` uses: the one the fine-tuning job kept
    beside the version's checkpoint, unless the project has more bilingual pairs now than it
    was fitted on (then, like a base model's, fitted here from the pairs)."""
    from culti_desktop.core.ml.projection import bilingual_pairs, projection_path
    from culti_desktop.core.ml.registry import checkpoint_abspath, resolve_version
    from culti_desktop.core.search.textnorm import fold

    pairs = bilingual_pairs(project, fold=fold)
    mv = resolve_version(project, version_id)
    if mv is not None and mv.checkpoint_path:
        path = projection_path(checkpoint_abspath(project, mv))
        if path.is_file():
            stored = EnglishProjection.load(path)
            if stored.pairs_used >= len(pairs):
                return stored
    return fit_projection(encoder, pairs)


def english_query_vector(
    encoder,
    query: str,
    projection: EnglishProjection | None = None,
    glossary: dict[str, str] | None = None,
    *,
    use_lexicon: bool = True,
    vocab=None,
    backoff: bool = True,
) -> tuple[np.ndarray, dict]:
    """Vector for an English query, plus what was done (for the result's ``query`` block).

    The query is expanded into Chinese renderings (glossary first, then the CC-CEDICT lexicon,
    see :mod:`expand`); the renderings are embedded and pooled by weight. The projected English
    embedding is mixed in when words stay unknown; the model's own English is the last resort.
    ``use_lexicon=False`` is the glossary-only path (kept as the benchmark's baseline).
    """
    if not use_lexicon:
        return _glossary_query_vector(encoder, query, projection, glossary)
    from culti_desktop.core.search.expand import expand_en

    exp = expand_en(query, glossary, vocab=vocab, backoff=backoff)
    info: dict = {**exp.info(), "projection": projection is not None, "lexicon": lexicon_available()}
    parts: list[np.ndarray] = []
    combos = exp.combinations()
    if combos:
        vecs = encoder.encode_texts([z for z, _ in combos])
        w = np.asarray([c[1] for c in combos], np.float32)
        parts.append(_normalise((vecs * w[:, None]).sum(axis=0) / w.sum()))
    if projection is not None and (exp.unknown or not combos):
        parts.append(projection.apply(encoder.encode_texts([query]))[0])
    if not parts:  # nothing understood: the model's own (weak) English
        parts.append(encoder.encode_texts([query])[0])
    return _normalise(np.mean(parts, axis=0)), info


def _glossary_query_vector(encoder, query, projection, glossary) -> tuple[np.ndarray, dict]:
    """The glossary-only path: one greedy translation, the projection for what it misses."""
    zh, unknown = translate_en(query, glossary)
    parts: list[np.ndarray] = []
    info: dict = {"translation": zh or None, "untranslated": unknown, "projection": projection is not None}
    if zh:
        parts.append(encoder.encode_texts([zh])[0])
    if projection is not None and (unknown or not zh):
        parts.append(projection.apply(encoder.encode_texts([query]))[0])
    if not parts:
        parts.append(encoder.encode_texts([query])[0])
    return _normalise(np.mean(parts, axis=0)), info


def glossary_coverage(queries: Sequence[str], glossary: dict[str, str] | None = None) -> float:
    """Share of queries with every content word known to the glossary (reported by the benchmark)."""
    if not queries:
        return 0.0
    return sum(1 for q in queries if not translate_en(q, glossary)[1]) / len(queries)


def lexicon_available() -> bool:
    """True when a CC-CEDICT copy is installed (the lexicon is then built or loaded on first use)."""
    from culti_desktop.core.search.lexicon import default_lexicon

    return default_lexicon() is not None


def expand_en(query: str, glossary: dict[str, str] | None = None, vocab=None, backoff: bool = True):
    """See :func:`culti_desktop.core.search.expand.expand_en` (re-exported for callers here)."""
    from culti_desktop.core.search.expand import expand_en as _expand

    return _expand(query, glossary, vocab=vocab, backoff=backoff)
