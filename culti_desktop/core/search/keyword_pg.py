"""Keyword search on a PostgreSQL project: ``pg_trgm`` where a file uses SQLite FTS5 trigram (ADR 0102).

Same contract as :mod:`keyword`: a *derived* table ``search_trgm`` (one folded body per pair)
synchronised from ``pairs.updated_at`` before each query, with a GIN ``gin_trgm_ops`` index so
``LIKE '%term%'`` is served by trigrams for terms of three characters or more. Ranking: matched
terms first, then ``word_similarity`` for long terms (the bm25 stand-in) and shorter bodies for
short ones, as in the file. Syncs take a transaction-level advisory lock, so two curators
searching at once never race on the derived table. Without the extension (a server whose admin
has not installed contrib) the same queries run unindexed, only slower.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.orm import Session

from culti_desktop.core.storage.project import Project

TRGM_TABLE = "search_trgm"
_LOCK_KEY = 0x43554C54  # any fixed key; one lock per database


def _has_trgm(s: Session) -> bool:
    return bool(s.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).scalar_one())


def sync_trgm_index(project: Project, pair_body: Callable[..., str]) -> int:
    """``pair_body`` is :func:`keyword.pair_body` (passed in, so this module never imports its caller)."""
    with project.session() as s:
        s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        s.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {TRGM_TABLE} (pair_id INTEGER PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT)"
            )
        )
        if _has_trgm(s):
            s.execute(
                text(
                    f"CREATE INDEX IF NOT EXISTS {TRGM_TABLE}_body ON {TRGM_TABLE} USING gin (body gin_trgm_ops)"
                )
            )
        changed = s.execute(
            text(
                f"SELECT p.id, p.caption, p.caption_zh, p.caption_en, p.ocr_text, p.label, p.context, "
                f"CAST(p.updated_at AS TEXT) FROM pairs p LEFT JOIN {TRGM_TABLE} st ON st.pair_id = p.id "
                f"WHERE st.updated_at IS NULL OR st.updated_at != CAST(p.updated_at AS TEXT)"
            )
        ).all()
        gone = s.execute(
            text(f"DELETE FROM {TRGM_TABLE} WHERE pair_id NOT IN (SELECT id FROM pairs) RETURNING pair_id")
        ).all()
        for pid, cap, zh, en, ocr, label, ctx, upd in changed:
            s.execute(
                text(
                    f"INSERT INTO {TRGM_TABLE}(pair_id, body, updated_at) VALUES (:i, :b, :u) "
                    "ON CONFLICT (pair_id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at"
                ),
                {"i": pid, "b": pair_body(cap, zh, en, ocr, label, ctx), "u": upd},
            )
    return len(changed) + len(gone)


def drop_trgm_index(project: Project) -> None:
    with project.session() as s:
        s.execute(text(f"DROP TABLE IF EXISTS {TRGM_TABLE}"))


def match_term(s: Session, term: str, limit: int) -> dict[int, float]:
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if len(term) >= 3 and _has_trgm(s):
        rows = s.execute(
            text(
                f"SELECT pair_id, word_similarity(:t, body) AS sc FROM {TRGM_TABLE} "
                "WHERE body LIKE :p ESCAPE '\\' ORDER BY sc DESC, pair_id LIMIT :n"
            ),
            {"t": term, "p": pattern, "n": limit},
        ).all()
        return {int(r): float(sc) for r, sc in rows}
    rows = s.execute(
        text(f"SELECT pair_id, length(body) FROM {TRGM_TABLE} WHERE body LIKE :p ESCAPE '\\' LIMIT :n"),
        {"p": pattern, "n": limit},
    ).all()
    return {int(r): 1.0 / (1.0 + ln / 100.0) for r, ln in rows}
