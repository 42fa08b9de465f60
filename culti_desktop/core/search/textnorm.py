"""Text folding shared by indexing and querying.

Simplified and Traditional are folded to Simplified (opencc ``t2s``) on *both* sides, so a
Traditional query finds a Simplified caption and vice versa. Latin text is lower-cased.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN = re.compile(r"[A-Za-z]")


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented: pure Python, bundled dictionaries

    return opencc.OpenCC("t2s")


def fold(text: str | None) -> str:
    """NFKC, Traditional→Simplified, lower-case, collapsed whitespace."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    if _CJK.search(t):
        t = _t2s().convert(t)
    return " ".join(t.lower().split())


def detect_language(text: str) -> str:
    """``zh`` when the query holds any CJK character, ``en`` when it is Latin only, else ``zh``."""
    if _CJK.search(text or ""):
        return "zh"
    if _LATIN.search(text or ""):
        return "en"
    return "zh"
