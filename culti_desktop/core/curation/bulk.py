"""Bulk status and split changes: many pairs, one transaction, one undo step.

The review queue, ``culti review`` and ``culti split`` all change pairs here, through the same
``set_pair_fields`` handler of :mod:`culti_desktop.core.curation.edits` that single edits use,
so every change is logged, stamped (curator, ``reviewed_at``) and undoable alike. A bulk change
is one ``batch`` op whose inverse restores every pair at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select

from culti_desktop.core.curation.edits import Applied, EditError, Op, apply_op
from culti_desktop.core.storage.models import PAIR_SPLITS, PAIR_STATUSES, Pair
from culti_desktop.core.storage.project import Project

#: Undo-stack labels; the GUI translates them by this key.
LABELS = {"status": "change status", "split": "change split", "fields": "change pairs"}


def _check(field: str, value: Any) -> None:
    if field == "status" and value not in PAIR_STATUSES:
        raise EditError(
            f"unknown status '{value}' (one of: {', '.join(PAIR_STATUSES)})",
            code="edit.unknown_status",
            params={"value": value},
        )
    if field == "split" and value not in (*PAIR_SPLITS, None):
        raise EditError(
            f"unknown split '{value}' (one of: {', '.join(PAIR_SPLITS)})",
            code="edit.unknown_split",
            params={"value": value},
        )


def plan_changes(project: Project, changes: Mapping[int, Mapping[str, Any]]) -> dict[int, dict[str, Any]]:
    """Drop the fields a pair already has; unknown ids are an error naming them."""
    ids = list(changes)
    with project.read_session() as s:
        found = {p.id: p for p in s.scalars(select(Pair).where(Pair.id.in_(ids)))} if ids else {}
        missing = [i for i in ids if i not in found]
        if missing:
            raise EditError(
                f"no such pair id(s): {', '.join(map(str, missing))}",
                code="edit.no_such_pairs",
                params={"ids": ", ".join(map(str, missing))},
            )
        out: dict[int, dict[str, Any]] = {}
        for pid, fields in changes.items():
            for k, v in fields.items():
                _check(k, v)
            todo = {k: v for k, v in fields.items() if getattr(found[pid], k) != v}
            if todo:
                out[pid] = todo
    return out


def changes_op(
    project: Project, changes: Mapping[int, Mapping[str, Any]], label: str = LABELS["fields"]
) -> Op | None:
    """One ``batch`` op for per-pair field changes (for a GUI undo stack); ``None`` if nothing changes."""
    todo = plan_changes(project, changes)
    if not todo:
        return None
    ops = [
        {"kind": "set_pair_fields", "params": {"pair_id": pid, "fields": fields}}
        for pid, fields in todo.items()
    ]
    return Op("batch", {"ops": ops, "_label": label})


def set_many_op(project: Project, pair_ids: Iterable[int], **fields: Any) -> Op | None:
    """The op :func:`set_many` applies, for callers that keep their own undo stack."""
    ids = list(dict.fromkeys(int(i) for i in pair_ids))
    keys = set(fields)
    label = (
        LABELS["split"] if keys == {"split"} else LABELS["status"] if "status" in keys else LABELS["fields"]
    )
    return changes_op(project, {i: fields for i in ids}, label)


def apply_changes(
    project: Project,
    changes: Mapping[int, Mapping[str, Any]],
    label: str = LABELS["fields"],
    curator: str | None = None,
) -> Applied | None:
    """Apply per-pair field changes as one undoable step; ``None`` when nothing changes."""
    op = changes_op(project, changes, label)
    return None if op is None else apply_op(project, op, curator)


def set_many(
    project: Project, pair_ids: Iterable[int], curator: str | None = None, **fields: Any
) -> Applied | None:
    """Give every pair in ``pair_ids`` the same ``fields`` (status and/or split), one undo step."""
    op = set_many_op(project, pair_ids, **fields)
    return None if op is None else apply_op(project, op, curator)


def changed_ids(applied: Applied | None) -> list[int]:
    """The pair ids a bulk change touched, in order, each once."""
    if applied is None:
        return []
    return list(dict.fromkeys(i for entity, i in applied.touched if entity == "pair"))
