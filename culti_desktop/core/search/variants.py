"""Chinese variant characters and heritage synonyms for the keyword path.

Traditional→Simplified folding (``textnorm.fold``) already unifies 爲/為/为. Other variant
forms survive it: Japanese shinjitai in scanned catalogues (挿 for 插), Taiwan/Hong Kong
standard forms (偽/僞), and catalogue synonyms (联珠/连珠, 宝相花/宝相华). Rather than rewrite
stored text (a wrong merge would corrupt captions), a query term gains *alternatives* that are
matched as one word: any of them found counts once.

Character variants come from OpenCC's variant tables (``TWVariants``, ``HKVariants``,
``JPVariants``, shipped with opencc-python-reimplemented); synonyms from
``data/heritage_synonyms_zh.json``.
"""

from __future__ import annotations

import functools
import itertools
import json
from importlib import resources
from pathlib import Path

from culti_desktop.core.search.textnorm import fold

MAX_ALTERNATIVES = 8
_TABLES = ("TWVariants.txt", "HKVariants.txt", "JPVariants.txt")


def _opencc_dir() -> Path | None:
    try:
        import opencc
    except ImportError:
        return None
    d = Path(opencc.__file__).resolve().parent / "dictionary"
    return d if d.is_dir() else None


@functools.lru_cache(maxsize=1)
def char_variants() -> dict[str, frozenset[str]]:
    """Folded character → the other folded characters written for it (both directions)."""
    groups: dict[str, set[str]] = {}
    d = _opencc_dir()
    for p in [d / name for name in _TABLES] if d else []:
        if not p.is_file():
            continue
        for line in p.read_text("utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2 or len(parts[0]) != 1:
                continue
            forms = {fold(c) for c in [parts[0], *parts[1].split()] if len(c) == 1}
            if len(forms) < 2:
                continue
            merged = set(forms)
            for c in forms:
                merged |= groups.get(c, set())
            for c in merged:
                groups[c] = merged
    return {c: frozenset(g - {c}) for c, g in groups.items()}


@functools.lru_cache(maxsize=1)
def synonym_groups() -> list[list[str]]:
    text = (
        resources.files("culti_desktop.core.search")
        .joinpath("data/heritage_synonyms_zh.json")
        .read_text("utf-8")
    )
    return [[fold(t) for t in g] for g in json.loads(text)["groups"]]


def alternatives(term: str, extra_groups: list[list[str]] | None = None) -> list[str]:
    """Other spellings of a folded Chinese ``term`` (synonym swaps, then variant characters)."""
    out: list[str] = []
    for group in synonym_groups() + (extra_groups or []):
        for a in group:
            if a and a in term:
                out += [term.replace(a, b) for b in group if b != a]
    cv = char_variants()
    for base in [term, *out]:
        options = [[c, *sorted(cv.get(c, ()))] for c in base]
        if all(len(o) == 1 for o in options):
            continue
        for combo in itertools.islice(itertools.product(*options), MAX_ALTERNATIVES + 1):
            out.append("".join(combo))
    uniq = [t for t in dict.fromkeys(out) if t != term]  # first occurrence of each, in order
    return uniq[:MAX_ALTERNATIVES]
