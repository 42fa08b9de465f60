"""Items and held-out queries for ``bench_english``: the motif set, and real bilingual captions.

The queries live in ``benchmarks/data/english_queries.json``; :func:`glossary_clashes` is the
check (run by the tests) that no content word of a query is a glossary word, nor its singular,
plural or British/American twin, so that a good English figure cannot come from the glossary.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

QUERIES = Path(__file__).resolve().parent / "data" / "english_queries.json"
_WORD = re.compile(r"[a-z0-9]+")
# British/American pairs by suffix (applied both ways) and a few whole words.
_SPELLING = (("our", "or"), ("tre", "ter"), ("ise", "ize"), ("ised", "ized"), ("yse", "yze"), ("ey", "ay"))
_WHOLE = {"doughnut": "donut", "grey": "gray", "chequered": "checkered", "jewellery": "jewelry"}


def motifs_module():
    """The motif generator (a test fixture, not part of the product)."""
    from culti_desktop.testing import motifs

    return motifs


def load_queries(path: Path = QUERIES) -> dict:
    return json.loads(path.read_text("utf-8"))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_words(text: str, function_words: set[str]) -> list[str]:
    return [w for w in words(text) if w not in function_words]


def word_forms(w: str) -> set[str]:
    """The word, its likely singular and plural, and its other spelling (deliberately generous)."""
    forms = {w, w + "s", w + "es"}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("es"):
        forms.add(w[:-2])
    if w.endswith("s"):
        forms.add(w[:-1])
    if w.endswith("y"):
        forms.add(w[:-1] + "ies")
    for a, b in _SPELLING:
        for x, y in ((a, b), (b, a)):
            if w.endswith(x):
                forms.add(w[: -len(x)] + y)
    for a, b in _WHOLE.items():
        if w in (a, b):
            forms |= {a, b}
    return forms


def glossary_clashes(queries: dict, glossary: dict[str, str]) -> list[tuple[str, str]]:
    """(query, word) for every query content word that the glossary knows in any form."""
    gwords = {w for k in glossary for w in words(k)}
    fw = set(queries["function_words"])
    out = []
    for part in ("motifs", "culti_samples"):
        for item in queries.get(part, []):
            for w in content_words(item["q"], fw):
                if word_forms(w) & gwords:
                    out.append((item["q"], w))
    return out


@dataclass
class TextItem:
    """A real caption pair: the Chinese caption is what a search must find from the English query."""

    source: str
    key: str
    zh: str
    en_query: str
    kind: str


_LABEL_ZH = re.compile(r"^(图|表)\s*([0-9]+(?:[.\-][0-9]+)*)\s*")
_LABEL_EN = re.compile(r"^(Figure|Fig\.|Table)\s*([0-9]+(?:[.\-][0-9]+)*)\s*", re.I)


def bilingual_captions(pdf: Path) -> list[TextItem]:
    """图/Figure (表/Table) caption pairs of a born-digital PDF, matched by label number; labels stripped."""
    import pymupdf

    zh: dict[str, str] = {}
    en: dict[str, str] = {}
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for block in page.get_text("blocks"):
                t = " ".join(str(block[4]).split())
                m = _LABEL_ZH.match(t)
                if m:
                    zh.setdefault(("t" if m.group(1) == "表" else "f") + m.group(2), t[m.end() :])
                m = _LABEL_EN.match(t)
                if m:
                    en.setdefault(("t" if m.group(1).lower() == "table" else "f") + m.group(2), t[m.end() :])
    return [TextItem(pdf.name, k, zh[k], en[k], "real caption") for k in sorted(zh) if k in en]


def sample_items(folder: Path, queries: dict) -> list[TextItem]:
    """The public CulTi samples (Chinese captions) with the held-out English queries written for them."""
    texts: dict[int, str] = {}
    for f in sorted(folder.glob("*_texts.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                texts[int(d["text_id"])] = d["text"]
    return [
        TextItem("culti_samples", str(q["target"]), texts[q["target"]], q["q"], q["kind"])
        for q in queries.get("culti_samples", [])
        if q["target"] in texts
    ]
