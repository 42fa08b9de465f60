"""Optimistic concurrency for pairs: an edit based on a stale version is refused, never merged (ADR 0104).

Every pair has ``version`` (SQLAlchemy's ``version_id_col``: each ORM update bumps it and
updates ``WHERE version = <loaded>``, so two transactions racing on one row cannot both win).
A GUI or script that showed a pair to a curator adds the version it showed to the op with
:func:`expecting`; :func:`check_expected` then locks those rows (a guarded no-op ``UPDATE``: a row lock on
PostgreSQL, the write lock on SQLite) and refuses the edit when another
curator got there first, naming who and when, so the caller reloads the pair and shows what
changed. Edits to *different* pairs lock different rows and never wait for each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import Pair
from culti_desktop.core.storage.project import Project

EXPECT_KEY = "_expect"


class StaleEditError(CultiError):
    """Another curator changed the pair since it was shown: reload it, then redo the edit."""

    def __init__(self, message: str, pair_id: int | None = None, current: int | None = None) -> None:
        super().__init__(message)
        self.pair_id = pair_id
        self.current = current


def pair_versions(project: Project, pair_ids: Iterable[int]) -> dict[int, int]:
    ids = [int(i) for i in pair_ids]
    with project.read_session() as s:
        return {int(i): int(v) for i, v in s.execute(select(Pair.id, Pair.version).where(Pair.id.in_(ids)))}


def expecting(params: Mapping[str, Any], versions: Mapping[int, int]) -> dict[str, Any]:
    """``params`` plus the pair versions the curator saw (JSON-friendly keys)."""
    return {**params, EXPECT_KEY: {str(k): int(v) for k, v in versions.items()}}


def check_expected(session: Session, expected: Mapping[str, int] | None) -> None:
    """Lock the pairs the op was based on and refuse it if any moved on since.

    The guard is a no-op ``UPDATE … WHERE version = :seen``: it takes the row lock on
    PostgreSQL (re-checked after waiting, under READ COMMITTED) and the write lock on SQLite,
    so the check and the edit that follows see one state, and a racing curator is refused.
    """
    if not expected:
        return
    for pid in sorted(int(k) for k in expected):  # one lock order for every curator: no deadlocks
        want = int(expected[str(pid)])
        hit = session.execute(
            update(Pair)
            .where(Pair.id == pid, Pair.version == want)
            .values(version=Pair.version)
            .execution_options(synchronize_session=False)
        )
        if hit.rowcount == 1:  # type: ignore[attr-defined]  # an UPDATE's result is a CursorResult
            continue
        row = session.execute(
            select(Pair.version, Pair.curator, Pair.updated_at).where(Pair.id == pid)
        ).first()
        if row is None:
            raise StaleEditError(f"pair {pid} was deleted by another curator; the queue will reload", pid)
        when = row.updated_at.strftime("%Y-%m-%d %H:%M:%S") if row.updated_at else "?"
        raise StaleEditError(
            f"pair {pid} was changed by {row.curator or 'another curator'} at {when} UTC "
            f"(version {want} → {row.version}); reload the pair to see what changed, then redo your edit",
            pid,
            int(row.version),
        )


def stale_from_race(exc: Exception) -> StaleEditError:
    """The flush-time race (two transactions updated one pair at once) as the same clear refusal."""
    return StaleEditError(
        f"a pair was changed by another curator while this edit was being saved ({exc.__class__.__name__}); "
        "reload it and redo your edit"
    )
