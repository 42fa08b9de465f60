"""Recognise captions: figure labels (图2.1, 图版三, Fig. 3, Figure 2 …), caption blocks, and
the split of a bilingual caption into its Chinese and English parts.

Labels are the strongest cue a printed page gives; everything here is about text only, so the
same code serves text layers and OCR output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from culti_desktop.core.ingest.geometry import union
from culti_desktop.core.ingest.labels import (
    EN_PREFIX,
    LABEL_EN,
    LABEL_ZH,
    NUMBER,
    ZH_PREFIX,
    label_number,
    match_label,
)
from culti_desktop.core.ingest.page_model import Caption, Line

_EN_LABEL_ANYWHERE = re.compile(rf"(?<![A-Za-z])(?:Figures?|Figs?\.?|Plates?)\s*{NUMBER}")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_cjk_char(c: str) -> bool:
    return bool(_CJK.match(c))


def cjk_ratio(text: str) -> float:
    """Share of CJK characters among the non-space ones (a column of Chinese text vs. a stray mark)."""
    letters = [c for c in text if not c.isspace()]
    return sum(1 for c in letters if is_cjk_char(c)) / len(letters) if letters else 0.0


def _glued(left: str, right: str) -> bool:
    """CJK text runs on without spaces, but a Chinese line and an English line stay two phrases."""
    if is_cjk_char(left) and is_cjk_char(right):
        return True
    if is_cjk_char(left) or is_cjk_char(right):
        other = right if is_cjk_char(left) else left
        return not (other.isascii() and other.isalpha())
    return False


def join_lines(texts: Iterable[str]) -> str:
    """Join printed lines as one string: no space inside CJK text, one between words and languages."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if not out:
            out = t
        elif out.endswith("-") or _glued(out[-1], t[0]):
            out += t
        else:
            out += " " + t
    return out


def strip_label(text: str) -> str:
    m = LABEL_ZH.match(text) or LABEL_EN.match(text)
    if not m:
        return text.strip()
    return text[m.end() :].lstrip(" .:：,，、　-–—").strip()


def split_bilingual(text: str) -> tuple[str, str]:
    """(Chinese part, English part) of a caption, labels removed.

    A bilingual caption prints the Chinese caption then the English one, which starts with its own
    label ("图2.1 …。 Figure 2.1 …"); without such a label, the text is split where the script
    changes from mostly CJK to Latin for good.
    """
    text = text.strip()
    if not _CJK.search(text):
        return "", strip_label(text)
    first = LABEL_EN.match(text)
    if first is not None:  # English first: the Chinese half starts at its own label
        for zm in re.finditer(ZH_PREFIX, text):
            if zm.start() > first.end() and LABEL_ZH.match(text[zm.start() :]):
                return strip_label(text[zm.start() :]), strip_label(text[: zm.start()])
    m = None
    for cand in _EN_LABEL_ANYWHERE.finditer(text):
        if cand.start() > 0 and _CJK.search(text[: cand.start()]):
            m = cand
            break
    if m is not None:
        zh, en = text[: m.start()], text[m.start() :]
        return strip_label(zh), strip_label(en)
    # Script change: the longest tail with no CJK character, if it is a real sentence.
    last_cjk = max(i for i, c in enumerate(text) if is_cjk_char(c))
    tail = text[last_cjk + 1 :]
    if len(_LATIN.findall(tail)) >= 12:
        cut = last_cjk + 1 + (len(tail) - len(tail.lstrip(" 。.，,;；:：)）")))
        return strip_label(text[:cut]), tail.strip(" 。.，,;；:：)）")
    return strip_label(text), ""


def _same_size(a: Line, b: Line, tol: float = 0.75) -> bool:
    return abs(a.size - b.size) <= tol


def caption_blocks(lines: list[Line]) -> list[Caption]:
    """Captions that start with a label, grown over the lines that continue them.

    A continuation line is the next line in reading order that sits just below (or, for vertical
    text, just left of) the previous one, in the same column, at the same type size; an English
    line carrying the same label number continues a Chinese caption (bilingual captions).
    """
    captions: list[Caption] = []
    used: set[int] = set()
    for i, first in enumerate(lines):
        if i in used:
            continue
        label = match_label(first.text)
        if not label or first.vertical:
            continue
        before = lines[i - 1] if i > 0 else None
        if (
            before is not None
            and first.block is not None
            and before.block == first.block
            and 0 <= first.bbox[1] - before.bbox[3] <= before.height
            and first.bbox[0] - before.bbox[0] < before.height
            and abs(before.size - first.size) < 0.3
        ):
            continue  # "… as Fig. 3 shows" wrapped to the start of a line, mid-paragraph
        rest = strip_label(first.text)
        number = label_number(label)
        block = [first]
        used.add(i)
        prev = first
        seen_gaps: list[float] = []
        j = i + 1
        while j < len(lines):
            nxt = lines[j]
            if nxt.vertical:
                break
            vgap = nxt.bbox[1] - prev.bbox[3]
            lh = max(prev.height, 1.0)
            centred = abs((nxt.bbox[0] + nxt.bbox[2]) - (prev.bbox[0] + prev.bbox[2])) / 2 <= 2 * lh
            col_ok = centred or (
                nxt.bbox[0] >= min(b.bbox[0] for b in block) - 2 * lh and nxt.bbox[0] <= first.bbox[2]
            )
            other_label = match_label(nxt.text)
            if other_label:
                if label_number(other_label) == number and bool(_CJK.search(other_label)) != bool(
                    _CJK.search(label)
                ):  # the same figure's caption in the other language, printed before or after
                    if -lh * 0.5 <= vgap <= lh * 2.5 and col_ok:
                        block.append(nxt)
                        used.add(j)
                        prev = nxt
                        j += 1
                        continue
                break
            same_block = nxt.block is not None and nxt.block == prev.block
            limit = 1.5 * lh if same_block else 1.2 * lh
            if seen_gaps:  # keep to the caption's own leading: body text after it sits further away
                limit = min(limit, max(seen_gaps) + 0.4 * lh)
            if not (col_ok and -lh * 0.5 <= vgap <= limit):
                break
            if not same_block and not _same_size(nxt, prev):
                break
            block.append(nxt)
            seen_gaps.append(max(0.0, vgap))
            used.add(j)
            prev = nxt
            j += 1
        text = join_lines(b.text for b in block)
        captions.append(
            Caption(
                lines=block,
                bbox=union(b.bbox for b in block),
                text=text,
                label=label,
                source="label",
                confidence=0.9 if rest else 0.6,
            )
        )
    return captions


def mentions(text: str, number: str) -> bool:
    """Whether body ``text`` cites figure ``number`` (如图2.1, see Fig. 3, Figure 2-1 …)."""
    num = re.escape(number).replace(r"\.", r"\s?[.\-–—－·]\s?")
    pat = rf"(?:{ZH_PREFIX}|{EN_PREFIX})\s*{num}(?!\d|[.．]\d)"
    return re.search(pat, text) is not None
