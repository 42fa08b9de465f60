"""Filler text, caption phrases and line wrapping for generated pages.

The character and word pools are generic (common Chinese characters, plain English words), not
the vocabulary of any test document: captions are random phrases, so a rule that keys on words
cannot pass.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pymupdf

FONT_PATH = Path(__file__).resolve().parents[3] / "resources" / "fonts" / "wqy-microhei.ttc"

ZH_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
    "种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业"
    "本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利"
    "比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文"
    "总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干"
    "做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共"
    "权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张"
    "信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验"
    "连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
    "存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)
TRAD_CHARS = "畫圖錦紋樣織絲繡瓷器銅鏡佛像經卷書畫題跋臨摹寫錄齋樓閣園藝術館藏傳寶龍鳳雲鶴蓮蘭竹梅亭臺"
EN_WORDS = (
    "the of and to in is for on with as by at from that this which are was be an or it its not "
    "have has were can more other such these their between during early late small large view "
    "detail side front back upper lower left right part group section plan model pattern surface "
    "layer frame line area point field light dark color shape form style period region sample "
    "record survey report study method result data value series sheet copy print edition panel "
    "north south east west center house room gate wall roof stone wood paper metal glass water"
).split()
CODE_WORDS = "def return import class for in if else while print value self list dict len range".split()


@lru_cache(maxsize=1)
def font() -> pymupdf.Font:
    return pymupdf.Font(fontfile=str(FONT_PATH))


_ADVANCE: dict[str, float] = {}


def width(text: str, size: float) -> float:
    """Advance width of ``text`` at ``size`` (glyph advances cached: the font call is slow)."""
    total = 0.0
    for c in text:
        adv = _ADVANCE.get(c)
        if adv is None:
            adv = _ADVANCE[c] = font().text_length(c, fontsize=1.0)
        total += adv
    return total * size


def zh_phrase(rng: random.Random, n: int, trad: bool = False) -> str:
    pool = TRAD_CHARS + ZH_CHARS[:200] if trad else ZH_CHARS
    return "".join(rng.choice(pool) for _ in range(n))


def en_phrase(rng: random.Random, n: int, capital: bool = True) -> str:
    words = [rng.choice(EN_WORDS) for _ in range(n)]
    s = " ".join(words)
    return s[0].upper() + s[1:] if capital else s


def zh_paragraph(rng: random.Random, n: int) -> str:
    out = []
    while sum(len(s) for s in out) < n:
        out.append(zh_phrase(rng, rng.randint(6, 18)) + rng.choice("，，，。"))
    return "".join(out)[:n].rstrip("，") + "。"


def en_paragraph(rng: random.Random, n_words: int) -> str:
    out = []
    while len(out) < n_words:
        out.append(en_phrase(rng, rng.randint(5, 12)) + ".")
    return " ".join(out)


def code_line(rng: random.Random) -> str:
    indent = "    " * rng.randint(0, 2)
    return (
        indent
        + " ".join(rng.choice(CODE_WORDS) for _ in range(rng.randint(2, 6)))
        + rng.choice(["", ":", "()"])
    )


def wrap(text: str, size: float, max_width: float) -> list[str]:
    """Greedy wrap: by word for Latin text, by character for CJK (as both are set in print)."""
    lines: list[str] = []
    cur = ""
    tokens = text.split(" ") if text.isascii() else list(text)
    sep = " " if text.isascii() else ""
    cur_w, sep_w = 0.0, width(sep, size)
    for tok in tokens:
        tok_w = width(tok, size)
        if cur and cur_w + sep_w + tok_w > max_width:
            lines.append(cur)
            cur, cur_w = tok, tok_w
        elif cur:
            cur, cur_w = cur + sep + tok, cur_w + sep_w + tok_w
        else:
            cur, cur_w = tok, tok_w
    if cur:
        lines.append(cur)
    return lines
