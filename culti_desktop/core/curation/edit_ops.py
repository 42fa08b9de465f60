"""The machinery of curator edits: an :class:`Op`, its handler registry, and :func:`apply_op`.

The operations themselves (pair fields, boxes, links, splits, merges) are in
:mod:`culti_desktop.core.curation.edits`, which registers them and is what callers import.

An :class:`Op` is plain data (a kind plus JSON-friendly parameters). :func:`apply_op` runs it
in one ``project.session()`` transaction, writes an :class:`Edit` row per entity touched (who,
when, before, after), and returns the inverse :class:`Op`. Applying the inverse undoes the
edit and returns the original again, so a GUI undo stack only ever calls ``apply_op`` back
and forth and never needs its own copy of the data. Nothing here imports Qt.

Because every edit is committed when it is applied, killing the app loses at most the undo
history, never an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from culti_desktop.core.curation import versions
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import (
    Edit,
    Pair,
    utcnow,
)
from culti_desktop.core.storage.project import Project

Box = tuple[float, float, float, float]

EDITABLE_PAIR_FIELDS = (
    "caption",
    "caption_zh",
    "caption_en",
    "status",
    "split",
    "tags",
    "note",
    "caption_region_id",
    "label",
)
REGION_COLUMNS = (
    "id",
    "page_id",
    "kind",
    "source",
    "confidence",
    "text",
    "image_sha256",
    "extra",
    "x0",
    "y0",
    "x1",
    "y1",
)
PAIR_COLUMNS = (
    "id",
    "figure_region_id",
    "caption_region_id",
    "caption",
    "caption_zh",
    "caption_en",
    "ocr_text",
    "ocr_confidence",
    "context",
    "label",
    "confidence",
    "reason",
    "status",
    "split",
    "text_key",
    "tags",
    "note",
    "proposer",
    "curator",
    "curator_edited",
    "scores",
)
MIN_BOX_SIZE = 2.0


class EditError(CultiError):
    """An edit that cannot be applied (missing entity, invalid value)."""


@dataclass(frozen=True)
class Op:
    """One edit, as data: ``kind`` names a handler, ``params`` are its JSON-friendly arguments."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        return self.params.get("_label") or self.kind.replace("_", " ")


@dataclass
class _Context:
    session: Session
    curator: str | None
    via: str
    touched: list[tuple[str, int]] = field(default_factory=list)

    def log(self, op: str, entity: str, entity_id: int | None, before: Any, after: Any) -> None:
        after = dict(after or {})
        if self.via != "edit":
            after["_via"] = self.via
        self.session.add(
            Edit(curator=self.curator, op=op, entity=entity, entity_id=entity_id, before=before, after=after)
        )
        if entity_id is not None:
            self.touched.append((entity, entity_id))


_HANDLERS: dict[str, Callable[[_Context, dict[str, Any]], Op]] = {}


def _handler(
    kind: str,
) -> Callable[[Callable[[_Context, dict[str, Any]], Op]], Callable[[_Context, dict[str, Any]], Op]]:
    def register(fn: Callable[[_Context, dict[str, Any]], Op]) -> Callable[[_Context, dict[str, Any]], Op]:
        _HANDLERS[kind] = fn
        return fn

    return register


@dataclass
class Applied:
    """What :func:`apply_op` did: the inverse to undo it and the (entity, id) pairs it touched."""

    inverse: Op
    touched: list[tuple[str, int]]
    created: dict[str, Any] = field(default_factory=dict)


def apply_op(project: Project, op: Op, curator: str | None = None, via: str = "edit") -> Applied:
    """Apply ``op`` in one transaction, log it, and return its inverse.

    ``via`` is ``edit``, ``undo`` or ``redo``; it is recorded in the edit log.
    """
    handler = _HANDLERS.get(op.kind)
    if handler is None:
        raise EditError(f"unknown edit operation '{op.kind}'")
    params = dict(op.params)
    expected = params.pop(versions.EXPECT_KEY, None)
    try:
        with project.session() as s:
            versions.check_expected(s, expected)  # a stale edit is refused (ADR 0104)
            ctx = _Context(s, curator, via)
            inverse = handler(ctx, params)
    except StaleDataError as exc:
        raise versions.stale_from_race(exc) from exc
    created = dict(inverse.params.get("_created", {})) if isinstance(inverse.params, dict) else {}
    return Applied(inverse=inverse, touched=ctx.touched, created=created)


def apply(project: Project, op: Op, curator: str | None = None, via: str = "edit") -> Op:
    """Shorthand for ``apply_op(...).inverse``."""
    return apply_op(project, op, curator, via).inverse


# -- helpers ---------------------------------------------------------------------------------
def _get(s: Session, model: type, key: int, what: str) -> Any:
    obj = s.get(model, key)
    if obj is None:
        raise EditError(f"{what} {key} no longer exists")
    return obj


def _json_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat()
    return v


def _snapshot(obj: Any, columns: tuple[str, ...]) -> dict[str, Any]:
    return {c: _json_value(getattr(obj, c)) for c in columns}


def _normalise_box(box: Any) -> Box:
    x0, y0, x1, y1 = (float(v) for v in box)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    if x1 - x0 < MIN_BOX_SIZE or y1 - y0 < MIN_BOX_SIZE:
        raise EditError("box too small")
    return (x0, y0, x1, y1)


def _mark_curated(pair: Pair, curator: str | None) -> None:
    pair.curator = curator
    pair.curator_edited = True
    pair.updated_at = utcnow()


def _pairs_of_figure(s: Session, region_id: int) -> list[Pair]:
    return list(s.scalars(select(Pair).where(Pair.figure_region_id == region_id).order_by(Pair.id)))
