"""Review pairs in batches (accept / reject / needs review, optionally with a split).

Reviewing goes through the curation edit operations (ADR 0045): the same log rows, curator
stamp, ``curator_edited`` flag and undo as a review in the GUI. (Listing pairs is a read and
stays in :mod:`culti_desktop.core.ingest.pair_review`.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from culti_desktop.core.curation import team_review
from culti_desktop.core.curation.bulk import LABELS, apply_changes, changed_ids
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import Pair
from culti_desktop.core.storage.project import Project


def review_pairs(
    project: Project,
    accept: Iterable[int] = (),
    reject: Iterable[int] = (),
    accept_all: bool = False,
    min_confidence: float | None = None,
    curator: str | None = None,
    split: str | None = None,
    needs_review: Iterable[int] = (),
) -> dict[str, Any]:
    """Set statuses (and, with ``split``, the split) as one undoable edit; unknown ids change nothing.

    The change goes through :mod:`culti_desktop.core.curation.bulk`, the same write path as the
    GUI, so it is logged, stamped and undoable the same way.
    """
    accept, reject = list(dict.fromkeys(accept)), list(dict.fromkeys(reject))
    needs = list(dict.fromkeys(needs_review))
    both = (set(accept) & set(reject)) | (set(accept) & set(needs)) | (set(reject) & set(needs))
    if both:
        raise CultiError(f"pairs given two statuses: {sorted(both)}")
    with project.read_session() as s:
        ids = accept + reject + needs
        found = {p.id: p for p in s.scalars(select(Pair).where(Pair.id.in_(ids)))} if ids else {}
        missing = [i for i in ids if i not in found]
        if missing:
            raise CultiError(f"no such pair id(s): {', '.join(map(str, missing))}")
        wanted: list[tuple[int, str, float]] = [(i, "accepted", found[i].confidence) for i in accept]
        wanted += [(i, "rejected", found[i].confidence) for i in reject]
        wanted += [(i, "needs_review", found[i].confidence) for i in needs]
        if accept_all:
            q = select(Pair).where(Pair.status == "proposed")
            if min_confidence is not None:
                q = q.where(Pair.confidence >= min_confidence)
            wanted += [(p.id, "accepted", p.confidence) for p in s.scalars(q.order_by(Pair.id))]
    changes: dict[int, dict[str, Any]] = {}
    for pid, status, confidence in wanted:
        if min_confidence is not None and status == "accepted" and confidence < min_confidence:
            continue
        changes[pid] = {"status": status} | ({"split": split} if split is not None else {})
    if team_review.second_review_enabled(project):
        return _as_reviews(project, changes, curator, split)
    before = {pid: found[pid].status if pid in found else "proposed" for pid in changes}
    applied = apply_changes(project, changes, LABELS["status"], curator)
    changed = set(changed_ids(applied))
    out: dict[str, Any] = {"accepted": [], "rejected": [], "needs_review": []}
    for pid, fields in changes.items():
        if pid in changed and before[pid] != fields["status"]:
            out[fields["status"]].append(pid)
    out["changed"] = len(out["accepted"]) + len(out["rejected"]) + len(out["needs_review"])
    if split is not None:
        out["split"] = split
        out["split_changed"] = len(changed)
    return out


def _as_reviews(
    project: Project, changes: dict[int, dict[str, Any]], curator: str | None, split: str | None
) -> dict[str, Any]:
    """With the second-review setting on, accepting or rejecting records a review (issue 17):
    :func:`team_review.record_review`, the same call as the CLI's ``--accept/--reject`` ids.

    A ``split`` is not a decision: it is put on the reviewed pairs as one plain, undoable edit
    first, then each accept/reject becomes a review (which decides the status)."""
    decided = {pid: f["status"] for pid, f in changes.items() if f["status"] in ("accepted", "rejected")}
    if decided and not curator:
        raise CultiError("this project asks for a second review: give --curator NAME")
    out: dict[str, Any] = {"accepted": [], "rejected": [], "needs_review": [], "second_review": True}
    split_changed: set[int] = set()
    if split is not None and decided:
        moved = apply_changes(project, {pid: {"split": split} for pid in decided}, LABELS["split"], curator)
        split_changed.update(changed_ids(moved))
    rest = {pid: f for pid, f in changes.items() if pid not in decided}
    if rest:
        out["needs_review"] = changed_ids(apply_changes(project, rest, LABELS["status"], curator))
        split_changed.update(out["needs_review"])
    if split is not None:
        out["split"], out["split_changed"] = split, len(split_changed)
    outcomes = [team_review.record_review(project, pid, curator or "", st) for pid, st in decided.items()]
    for o in outcomes:
        if o.status in ("accepted", "rejected"):
            out[o.status].append(o.pair_id)
    out["reviews"] = [o.__dict__ for o in outcomes]
    out["changed"] = len(outcomes) + len(out["needs_review"])
    return out
