"""Review by two curators: each decision is a :class:`Review` row; the pair's status follows the reviews (ADR 0105).

With the project setting ``second_review`` off, a review simply sets the pair's status. With it
on, a pair accepted (or rejected) by one curator waits as ``needs_review`` in the *other*
curators' queue (:func:`second_review_queue`); when a second curator agrees, the pair takes
that status; when they disagree it stays ``needs_review`` and is listed by :func:`conflicts`.
Every change goes through :func:`~culti_desktop.core.curation.edits.apply_op`, so it is logged
with curator and time and refused if the pair moved on since the curator saw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from culti_desktop.core.curation import edits, versions
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import Pair, Review, utcnow
from culti_desktop.core.storage.project import Project

SECOND_REVIEW_KEY = "second_review"


def second_review_enabled(project: Project) -> bool:
    return (project.get_meta(SECOND_REVIEW_KEY) or "0") == "1"


def set_second_review(project: Project, on: bool) -> None:
    project.set_meta(SECOND_REVIEW_KEY, "1" if on else "0")


@dataclass
class ReviewOutcome:
    pair_id: int
    status: str  # the pair's status after this review
    reviews: int
    conflict: bool


def record_review(
    project: Project, pair_id: int, curator: str, status: str, expected_version: int | None = None
) -> ReviewOutcome:
    """One curator's decision on one pair (a second decision by the same curator replaces the first)."""
    if not curator:
        raise CultiError("a review needs a curator name (--curator)")
    if status not in ("accepted", "rejected"):
        raise CultiError(f"a review accepts or rejects, not '{status}'")
    with project.session() as s:
        if expected_version is not None:
            versions.check_expected(s, {str(pair_id): expected_version})
        pair = s.get(Pair, pair_id)
        if pair is None:
            raise CultiError(f"pair {pair_id} no longer exists")
        version = pair.version if expected_version is None else expected_version
        box = pair.figure.bbox
        row = s.scalar(select(Review).where(Review.pair_id == pair_id, Review.curator == curator))
        if row is None:
            row = Review(pair_id=pair_id, curator=curator)
            s.add(row)
        row.status, row.caption, row.at = status, pair.caption_zh or pair.caption, utcnow()
        row.x0, row.y0, row.x1, row.y1 = box
        s.flush()
        decisions = [r for (r,) in s.execute(select(Review.status).where(Review.pair_id == pair_id))]
    if not second_review_enabled(project):
        target, conflict = status, False
    elif len(decisions) < 2:
        target, conflict = "needs_review", False
    else:
        conflict = len(set(decisions)) > 1
        target = "needs_review" if conflict else status
    op = edits.Op(
        "set_pair_fields",
        versions.expecting({"pair_id": pair_id, "fields": {"status": target}}, {pair_id: version}),
    )
    edits.apply_op(project, op, curator)
    return ReviewOutcome(pair_id, target, len(decisions), conflict)


def second_review_queue(project: Project, curator: str) -> list[int]:
    """Pairs one *other* curator has reviewed and this one has not: the second reviewer's queue."""
    with project.read_session() as s:
        reviewed = select(Review.pair_id).group_by(Review.pair_id).having(func.count() == 1)
        mine = select(Review.pair_id).where(Review.curator == curator)
        return list(
            s.scalars(
                select(Pair.id)
                .where(Pair.id.in_(reviewed), Pair.id.not_in(mine), Pair.status == "needs_review")
                .order_by(Pair.id)
            )
        )


def conflicts(project: Project) -> list[dict[str, Any]]:
    """Pairs whose reviewers disagree on the status, with each reviewer's decision."""
    with project.read_session() as s:
        rows = s.execute(select(Review).order_by(Review.pair_id, Review.at, Review.id)).scalars().all()
    by_pair: dict[int, list[Review]] = {}
    for r in rows:
        by_pair.setdefault(r.pair_id, []).append(r)
    out = []
    for pid, revs in by_pair.items():
        if len({r.status for r in revs}) > 1:
            out.append(
                {
                    "pair_id": pid,
                    "reviews": [
                        {
                            "curator": r.curator,
                            "status": r.status,
                            "caption": r.caption,
                            "at": r.at.isoformat(),
                        }
                        for r in revs
                    ],
                }
            )
    return out
