"""Curator edit operations: each one transaction, logged, and returning its own inverse.

An :class:`Op` is plain data (a kind plus JSON-friendly parameters). :func:`apply_op` runs it
in one ``project.session()`` transaction, writes an :class:`Edit` row per entity touched (who,
when, before, after), and returns the inverse :class:`Op`. Applying the inverse undoes the
edit and returns the original again, so a GUI undo stack only ever calls ``apply_op`` back
and forth and never needs its own copy of the data. Nothing here imports Qt. The machinery
(Op, registry, apply_op) is in :mod:`culti_desktop.core.curation.edit_ops`; this module holds
the operations and is the one callers import.

Because every edit is committed when it is applied, killing the app loses at most the undo
history, never an edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from culti_desktop.core.curation.edit_ops import (
    _HANDLERS,
    EDITABLE_PAIR_FIELDS,
    MIN_BOX_SIZE,
    PAIR_COLUMNS,
    REGION_COLUMNS,
    Applied,
    Box,
    EditError,
    Op,
    _Context,
    _get,
    _handler,
    _json_value,
    _mark_curated,
    _normalise_box,
    _pairs_of_figure,
    _snapshot,
    apply,
    apply_op,
)
from culti_desktop.core.storage.models import PAIR_SPLITS, PAIR_STATUSES, Page, Pair, Region, TextLine, utcnow
from culti_desktop.core.storage.project import Project

__all__ = [
    "EDITABLE_PAIR_FIELDS",
    "MIN_BOX_SIZE",
    "Applied",
    "Box",
    "EditError",
    "Op",
    "apply",
    "apply_op",
]


# -- pair fields -----------------------------------------------------------------------------
@_handler("set_pair_fields")
def _set_pair_fields(ctx: _Context, p: dict[str, Any]) -> Op:
    pair = _get(ctx.session, Pair, int(p["pair_id"]), "pair")
    fields: dict[str, Any] = dict(p["fields"])
    unknown = set(fields) - set(EDITABLE_PAIR_FIELDS)
    if unknown:
        raise EditError(f"not editable: {', '.join(sorted(unknown))}")
    if "status" in fields and fields["status"] not in PAIR_STATUSES:
        raise EditError(f"unknown status '{fields['status']}'")
    if "split" in fields and fields["split"] not in (*PAIR_SPLITS, None):
        raise EditError(f"unknown split '{fields['split']}'")
    if fields.get("caption_region_id") is not None:
        _get(ctx.session, Region, int(fields["caption_region_id"]), "region")
    before = {k: getattr(pair, k) for k in fields}
    # Restore the review provenance exactly when undoing; stamp it fresh on a new edit.
    meta_before = {
        "_reviewed_at": _json_value(pair.reviewed_at),
        "_curator": pair.curator,
        "_curator_edited": pair.curator_edited,
    }
    for k, v in fields.items():
        setattr(pair, k, list(v) if k == "tags" and v is not None else v)
    if "_reviewed_at" in p:
        ra = p["_reviewed_at"]
        pair.reviewed_at = dt.datetime.fromisoformat(ra) if ra else None
        pair.curator = p.get("_curator")
        pair.curator_edited = bool(p.get("_curator_edited"))
        pair.updated_at = utcnow()
    else:
        _mark_curated(pair, ctx.curator)
        if "status" in fields:
            pair.reviewed_at = utcnow() if fields["status"] != "proposed" else None
    ctx.log("set_pair_fields", "pair", pair.id, before, fields)
    return Op("set_pair_fields", {"pair_id": pair.id, "fields": before, **meta_before})


def set_pair_fields(project: Project, pair_id: int, curator: str | None = None, **fields: Any) -> Op:
    """Change caption texts, status, split, tags, note or caption link of one pair."""
    return apply(project, Op("set_pair_fields", {"pair_id": pair_id, "fields": fields}), curator)


def set_status(project: Project, pair_id: int, status: str, curator: str | None = None) -> Op:
    return set_pair_fields(project, pair_id, curator, status=status)


def set_split(project: Project, pair_id: int, split: str | None, curator: str | None = None) -> Op:
    return set_pair_fields(project, pair_id, curator, split=split)


# -- region geometry -------------------------------------------------------------------------
@_handler("set_region_box")
def _set_region_box(ctx: _Context, p: dict[str, Any]) -> Op:
    region = _get(ctx.session, Region, int(p["region_id"]), "region")
    before = region.bbox
    region.bbox = _normalise_box(p["box"])
    for pair in _pairs_of_figure(ctx.session, region.id):
        _mark_curated(pair, ctx.curator)
    ctx.log("set_region_box", "region", region.id, {"box": list(before)}, {"box": list(region.bbox)})
    return Op("set_region_box", {"region_id": region.id, "box": list(before)})


def move_region(project: Project, region_id: int, dx: float, dy: float, curator: str | None = None) -> Op:
    with project.read_session() as s:
        x0, y0, x1, y1 = _get(s, Region, region_id, "region").bbox
    return set_region_box(project, region_id, (x0 + dx, y0 + dy, x1 + dx, y1 + dy), curator)


def set_region_box(project: Project, region_id: int, box: Box, curator: str | None = None) -> Op:
    """Move or resize a region: the new box in page units."""
    return apply(project, Op("set_region_box", {"region_id": region_id, "box": list(box)}), curator)


resize_region = set_region_box


# -- create / delete -------------------------------------------------------------------------
def _new_region(
    ctx: _Context, page_id: int, kind: str, box: Box, text: str | None = None, region_id: int | None = None
) -> Region:
    region = Region(page_id=page_id, kind=kind, source="curator", confidence=1.0, text=text)
    if region_id is not None:
        region.id = region_id
    region.bbox = _normalise_box(box)
    ctx.session.add(region)
    ctx.session.flush()
    ctx.log("create_region", "region", region.id, None, _snapshot(region, REGION_COLUMNS))
    return region


def _new_pair(ctx: _Context, figure: Region, **values: Any) -> Pair:
    pair = Pair(
        figure_region_id=figure.id,
        status="needs_review",
        proposer="curator",
        confidence=1.0,
        curator=ctx.curator,
        curator_edited=True,
        **values,
    )
    ctx.session.add(pair)
    ctx.session.flush()
    ctx.log("create_pair", "pair", pair.id, None, _snapshot(pair, PAIR_COLUMNS))
    return pair


@_handler("create_region")
def _create_region(ctx: _Context, p: dict[str, Any]) -> Op:
    _get(ctx.session, Page, int(p["page_id"]), "page")
    kind = p.get("kind", "figure")
    region = _new_region(ctx, int(p["page_id"]), kind, p["box"], p.get("text"))
    created: dict[str, Any] = {"region_id": region.id}
    if kind == "figure" and p.get("with_pair", True):
        created["pair_id"] = _new_pair(ctx, region).id
    return Op("delete_region", {"region_id": region.id, "_created": created})


def create_region(
    project: Project,
    page_id: int,
    box: Box,
    kind: str = "figure",
    curator: str | None = None,
    text: str | None = None,
) -> Applied:
    """Draw a new region; a new figure gets a pair (status needs_review) so it enters the queue."""
    return apply_op(
        project,
        Op("create_region", {"page_id": page_id, "box": list(box), "kind": kind, "text": text}),
        curator,
    )


def _delete_region_rows(ctx: _Context, region: Region) -> dict[str, Any]:
    s = ctx.session
    pairs = _pairs_of_figure(s, region.id)
    linked = list(s.scalars(select(Pair).where(Pair.caption_region_id == region.id)))
    snapshot = {
        "region": _snapshot(region, REGION_COLUMNS),
        "pairs": [_snapshot(p, PAIR_COLUMNS) | {"reviewed_at": _json_value(p.reviewed_at)} for p in pairs],
        "linked_pairs": [p.id for p in linked],
    }
    for pair in linked:
        pair.caption_region_id = None
    for pair, before in zip(pairs, snapshot["pairs"], strict=True):
        ctx.log("delete_pair", "pair", pair.id, before, None)
        s.delete(pair)
    s.flush()
    ctx.log("delete_region", "region", region.id, snapshot["region"], None)
    s.delete(region)
    s.flush()
    return snapshot


@_handler("delete_region")
def _delete_region(ctx: _Context, p: dict[str, Any]) -> Op:
    region = _get(ctx.session, Region, int(p["region_id"]), "region")
    return Op("restore_region", {"snapshot": _delete_region_rows(ctx, region)})


def delete_region(project: Project, region_id: int, curator: str | None = None) -> Op:
    """Delete a region and the pairs built on it; the inverse restores them with the same ids."""
    return apply(project, Op("delete_region", {"region_id": region_id}), curator)


def _restore_rows(ctx: _Context, snapshot: dict[str, Any]) -> Region:
    s = ctx.session
    r = dict(snapshot["region"])
    region = Region(**{k: v for k, v in r.items() if k not in ("x0", "y0", "x1", "y1")})
    region.bbox = (r["x0"], r["y0"], r["x1"], r["y1"])
    s.add(region)
    s.flush()
    ctx.log("restore_region", "region", region.id, None, r)
    for pr in snapshot.get("pairs", []):
        values = dict(pr)
        ra = values.pop("reviewed_at", None)
        pair = Pair(**values)
        pair.reviewed_at = dt.datetime.fromisoformat(ra) if ra else None
        s.add(pair)
        s.flush()
        ctx.log("restore_pair", "pair", pair.id, None, pr)
    for pid in snapshot.get("linked_pairs", []):
        linked = s.get(Pair, pid)
        if linked is not None:
            linked.caption_region_id = region.id
    return region


@_handler("restore_region")
def _restore_region(ctx: _Context, p: dict[str, Any]) -> Op:
    region = _restore_rows(ctx, p["snapshot"])
    return Op("delete_region", {"region_id": region.id})


# -- composite edits -------------------------------------------------------------------------
@_handler("batch")
def _batch(ctx: _Context, p: dict[str, Any]) -> Op:
    inverses = [_HANDLERS[o["kind"]](ctx, dict(o["params"])) for o in p["ops"]]
    return Op(
        "batch",
        {
            "ops": [{"kind": i.kind, "params": i.params} for i in reversed(inverses)],
            "_label": p.get("_label"),
        },
    )


def _sub(op: Op) -> dict[str, Any]:
    return {"kind": op.kind, "params": op.params}


@_handler("link_caption")
def _link_caption(ctx: _Context, p: dict[str, Any]) -> Op:
    """Link a pair to a caption region, or to a text line (which becomes a caption region)."""
    s = ctx.session
    pair = _get(s, Pair, int(p["pair_id"]), "pair")
    inverses: list[Op] = []
    line_ids = list(p.get("text_line_ids") or []) or (
        [p["text_line_id"]] if p.get("text_line_id") is not None else []
    )
    if line_ids:  # one line, or the lines of a paragraph: they become one caption region
        lines = [_get(s, TextLine, int(i), "text line") for i in line_ids]
        box = (
            min(li.x0 for li in lines),
            min(li.y0 for li in lines),
            max(li.x1 for li in lines),
            max(li.y1 for li in lines),
        )
        text = "\n".join(li.text for li in lines)
        region = _new_region(ctx, lines[0].page_id, "caption", box, text)
        inverses.append(Op("delete_region", {"region_id": region.id}))
    else:
        region = _get(s, Region, int(p["caption_region_id"]), "region")
    text = (region.text or "").strip()
    fields: dict[str, Any] = {"caption_region_id": region.id}
    if text:
        zh, en = split_bilingual(text)
        fields["caption"] = text
        if zh:
            fields["caption_zh"] = zh
        if en:
            fields["caption_en"] = en
    inverses.append(_set_pair_fields(ctx, {"pair_id": pair.id, "fields": fields}))
    return Op(
        "batch",
        {
            "ops": [_sub(i) for i in reversed(inverses)],
            "_label": "link caption",
            "_created": {"caption_region_id": region.id},
        },
    )


def link_caption(
    project: Project,
    pair_id: int,
    *,
    caption_region_id: int | None = None,
    text_line_id: int | None = None,
    text_line_ids: list[int] | None = None,
    curator: str | None = None,
) -> Applied:
    """Link a pair to a caption region, a text line, or several lines (a paragraph)."""
    given = [x for x in (caption_region_id, text_line_id, text_line_ids or None) if x is not None]
    if len(given) != 1:
        raise EditError("link to exactly one of a caption region, a text line or a list of lines")
    return apply_op(
        project,
        Op(
            "link_caption",
            {
                "pair_id": pair_id,
                "caption_region_id": caption_region_id,
                "text_line_id": text_line_id,
                "text_line_ids": list(text_line_ids or []),
            },
        ),
        curator,
    )


@_handler("split_figure")
def _split_figure(ctx: _Context, p: dict[str, Any]) -> Op:
    """Cut a figure in two at ``at`` (page units) along ``axis`` ('x' = a vertical cut)."""
    s = ctx.session
    region = _get(s, Region, int(p["region_id"]), "region")
    x0, y0, x1, y1 = region.bbox
    axis = p.get("axis") or ("x" if (x1 - x0) >= (y1 - y0) else "y")
    lo, hi = (x0, x1) if axis == "x" else (y0, y1)
    at = float(p["at"]) if p.get("at") is not None else (lo + hi) / 2
    if not lo + MIN_BOX_SIZE <= at <= hi - MIN_BOX_SIZE:
        raise EditError("split position outside the figure")
    first, second = (
        ((x0, y0, at, y1), (at, y0, x1, y1)) if axis == "x" else ((x0, y0, x1, at), (x0, at, x1, y1))
    )
    inv_box = _set_region_box(ctx, {"region_id": region.id, "box": list(first)})
    new = _new_region(ctx, region.page_id, region.kind, second)
    created: dict[str, Any] = {"region_id": new.id}
    if region.kind == "figure":
        created["pair_id"] = _new_pair(ctx, new).id
    inverses = [inv_box, Op("delete_region", {"region_id": new.id})]
    return Op(
        "batch", {"ops": [_sub(i) for i in reversed(inverses)], "_label": "split figure", "_created": created}
    )


def split_figure(
    project: Project,
    region_id: int,
    axis: str | None = None,
    at: float | None = None,
    curator: str | None = None,
) -> Applied:
    return apply_op(project, Op("split_figure", {"region_id": region_id, "axis": axis, "at": at}), curator)


@_handler("merge_figures")
def _merge_figures(ctx: _Context, p: dict[str, Any]) -> Op:
    """Merge figure ``other_id`` into ``region_id``: union box; the other one's pairs are removed."""
    s = ctx.session
    keep = _get(s, Region, int(p["region_id"]), "region")
    other = _get(s, Region, int(p["other_id"]), "region")
    if keep.id == other.id or keep.page_id != other.page_id:
        raise EditError("merge needs two regions on the same page")
    union = (min(keep.x0, other.x0), min(keep.y0, other.y0), max(keep.x1, other.x1), max(keep.y1, other.y1))
    inv_box = _set_region_box(ctx, {"region_id": keep.id, "box": list(union)})
    inv_del = Op("restore_region", {"snapshot": _delete_region_rows(ctx, other)})
    return Op("batch", {"ops": [_sub(inv_del), _sub(inv_box)], "_label": "merge figures"})


def merge_figures(project: Project, region_id: int, other_id: int, curator: str | None = None) -> Op:
    return apply(project, Op("merge_figures", {"region_id": region_id, "other_id": other_id}), curator)


# -- text helpers ----------------------------------------------------------------------------
def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FFFF


def split_bilingual(text: str) -> tuple[str, str]:
    """Split a printed caption into its Chinese and English parts, line by line.

    Lines with any CJK character go to Chinese, the others (with letters) to English; a caption
    in one language leaves the other part empty for the curator to fill.
    """
    zh, en = [], []
    for line in text.splitlines() or [text]:
        line = line.strip()
        if not line:
            continue
        if any(_is_cjk(c) for c in line):
            zh.append(line)
        elif any(c.isalpha() for c in line):
            en.append(line)
    return " ".join(zh), " ".join(en)
