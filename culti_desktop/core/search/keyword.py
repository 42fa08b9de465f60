"""Keyword search over captions and OCR text: SQLite FTS5 with the trigram tokenizer.

The FTS table is *derived*: created on demand (``IF NOT EXISTS``) inside the project file and
synchronised from ``pairs`` before each query by comparing ``updated_at`` with a small state
table, so it never needs a migration and can be dropped at any time. Text is folded
(Traditional→Simplified, lower-case) before indexing and before querying; each query term also
matches its variant spellings (挿/插, 联珠/连珠: :mod:`variants`). Works with no model.

Trigram MATCH needs terms of ≥ 3 characters; shorter terms (most Chinese words are two
characters: 龙纹, 丝绸) fall back to ``LIKE``, which the trigram index does not speed up but which
stays fast at archive sizes (tens of thousands of captions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from culti_desktop.core.search import keyword_pg
from culti_desktop.core.search.textnorm import fold
from culti_desktop.core.search.variants import alternatives
from culti_desktop.core.storage.project import Project

FTS_TABLE = "search_fts"
STATE_TABLE = "search_fts_state"

_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='trigram')",
    f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (pair_id INTEGER PRIMARY KEY, updated_at TEXT)",
)


@dataclass
class KeywordHit:
    pair_id: int
    score: float  # higher is better (terms matched, then -bm25)
    matched: list[str]


def pair_body(
    caption: str,
    caption_zh: str,
    caption_en: str,
    ocr_text: str | None,
    label: str | None,
    context: str | None = None,
) -> str:
    parts = [caption, caption_zh, caption_en, ocr_text or "", label or "", context or ""]
    return fold("\n".join(p for p in parts if p))


def sync_keyword_index(project: Project) -> int:
    """Bring the FTS table up to date with ``pairs``; returns how many rows changed."""
    if project.is_server:  # PostgreSQL: pg_trgm instead of FTS5
        return keyword_pg.sync_trgm_index(project, pair_body)
    with project.session() as s:
        for ddl in _DDL:
            s.execute(text(ddl))
        changed = s.execute(
            text(
                f"SELECT p.id, p.caption, p.caption_zh, p.caption_en, p.ocr_text, p.label, p.context, "
                f"CAST(p.updated_at AS TEXT) FROM pairs p LEFT JOIN {STATE_TABLE} st ON st.pair_id = p.id "
                f"WHERE st.updated_at IS NULL OR st.updated_at != CAST(p.updated_at AS TEXT)"
            )
        ).all()
        gone = (
            s.execute(text(f"SELECT pair_id FROM {STATE_TABLE} WHERE pair_id NOT IN (SELECT id FROM pairs)"))
            .scalars()
            .all()
        )
        for pid in list(gone) + [r[0] for r in changed]:
            s.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :i"), {"i": pid})
            s.execute(text(f"DELETE FROM {STATE_TABLE} WHERE pair_id = :i"), {"i": pid})
        for pid, cap, zh, en, ocr, label, ctx, upd in changed:
            s.execute(
                text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:i, :b)"),
                {"i": pid, "b": pair_body(cap, zh, en, ocr, label, ctx)},
            )
            s.execute(
                text(f"INSERT INTO {STATE_TABLE}(pair_id, updated_at) VALUES (:i, :u)"), {"i": pid, "u": upd}
            )
    return len(changed) + len(gone)


def drop_keyword_index(project: Project) -> None:
    if project.is_server:
        return keyword_pg.drop_trgm_index(project)
    with project.session() as s:
        s.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        s.execute(text(f"DROP TABLE IF EXISTS {STATE_TABLE}"))


def query_terms(query: str) -> list[str]:
    """Folded whitespace-separated terms; an unspaced Chinese query is one term."""
    return [t for t in fold(query).split() if t]


def _match_term(s: Session, term: str, limit: int) -> dict[int, float]:
    if len(term) >= 3:
        phrase = '"' + term.replace('"', '""') + '"'
        rows = s.execute(
            text(
                f"SELECT rowid, bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q "
                f"ORDER BY bm25({FTS_TABLE}) LIMIT :n"
            ),
            {"q": phrase, "n": limit},
        ).all()
        return {int(r): -float(b) for r, b in rows}
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = s.execute(
        text(f"SELECT rowid, length(body) FROM {FTS_TABLE} WHERE body LIKE :p ESCAPE '\\' LIMIT :n"),
        {"p": pattern, "n": limit},
    ).all()
    # Shorter bodies first, as bm25 would: a two-character hit in a short caption is more specific.
    return {int(r): 1.0 / (1.0 + ln / 100.0) for r, ln in rows}


def keyword_search(
    project: Project,
    query: str | Sequence[str],
    k: int = 10,
    *,
    sync: bool = True,
    candidates: int = 2000,
    groups: Sequence[Sequence[str]] = (),
) -> list[KeywordHit]:
    """Pairs whose caption/OCR text contains the query's terms; more terms matched ranks higher.

    ``query`` may be a list of alternative renderings; their terms are pooled. ``groups`` are
    sets of alternatives for one word (an English word's Chinese renderings, a character
    variant): a group counts once however many of its alternatives match, so a word with three
    renderings does not outweigh a word with one.
    """
    if sync:
        sync_keyword_index(project)
    queries = [query] if isinstance(query, str) else list(query)
    units: list[list[str]] = []
    seen: set[str] = set()
    for q in queries:
        for t in query_terms(q):
            if t not in seen:
                seen.add(t)
                units.append([t, *alternatives(t)])  # variant characters, heritage synonyms
    for g in groups:
        alts = [t for t in dict.fromkeys(fold(a) for a in g) if t and t not in seen]
        seen.update(alts)
        if alts:
            units.append(list(dict.fromkeys(alts + [v for a in alts for v in alternatives(a)])))
    if not units:
        return []
    hits: dict[int, KeywordHit] = {}
    match = keyword_pg.match_term if project.is_server else _match_term
    with project.read_session() as s:
        for alts in units:
            best: dict[int, tuple[float, str]] = {}
            for term in alts:
                for pid, sc in match(s, term, candidates).items():
                    if pid not in best or sc > best[pid][0]:
                        best[pid] = (sc, term)
            for pid, (sc, term) in best.items():
                h = hits.setdefault(pid, KeywordHit(pid, 0.0, []))
                h.matched.append(term)
                h.score += 1000.0 + sc  # each matched word outweighs any within-term score
    return sorted(hits.values(), key=lambda h: (-h.score, h.pair_id))[:k]
