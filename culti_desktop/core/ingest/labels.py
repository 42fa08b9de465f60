"""Figure labels (图2.1, 图版三, Fig. 3, Figure 2 …) and their comparable numbers.

Kept apart from :mod:`captions` so the page model can number a caption without importing the
caption recogniser, which itself builds page-model objects (that was an import cycle).
"""

from __future__ import annotations

import re

ZH_PREFIX = r"(?:图版|圖版|插图|插圖|附图|附圖|彩图|彩圖|图|圖)"
EN_PREFIX = r"(?:Figures?|FIGURES?|Figs?\.?|FIGS?\.?|Plates?|PLATES?|Pl\.)"
NUMBER = r"(?:\d+(?:\s?[.\-–—－·]\s?\d+)*[a-zA-Z]?|[一二三四五六七八九十百零〇两]+|[IVXLC]+\b)"
LABEL_ZH = re.compile(rf"^\s*(?P<label>{ZH_PREFIX}\s*(?P<num>{NUMBER}))(?![\d.．])")
LABEL_EN = re.compile(rf"^\s*(?P<label>{EN_PREFIX}\s*(?P<num>{NUMBER}))(?=$|[\s.:：|]|[\u4e00-\u9fff])")
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _zh_number(s: str) -> int | None:
    if not s or any(c not in _ZH_DIGITS and c not in "十百" for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _ZH_DIGITS[c] if current else _ZH_DIGITS[c]
    return total + current


def label_number(label: str) -> str | None:
    """The comparable number of a label: '图2-1' and 'Figure 2.1' both give '2.1'; '图版三' gives '3'."""
    m = LABEL_ZH.match(label) or LABEL_EN.match(label)
    if not m:
        return None
    num = m.group("num").replace(" ", "")
    zh = _zh_number(num)
    if zh is not None:
        return str(zh)
    return re.sub(r"[\-–—－·]", ".", num).lower()


def match_label(text: str) -> str | None:
    m = LABEL_ZH.match(text) or LABEL_EN.match(text)
    return m.group("label").strip() if m else None
