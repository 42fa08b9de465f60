"""Give accepted pairs a split when training, evaluation or export needs one.

The split is computed as the export computes it (:func:`~culti_desktop.core.curation.splitting.
split_items`: by document, seeded, from content keys) and written to the project as one ordinary
logged, undoable bulk edit, so training, evaluation and export all read the same stored split.
Only pairs without a split are filled: a split the curator set by hand never changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from culti_desktop.core.curation.bulk import LABELS, changed_ids, changes_op
from culti_desktop.core.curation.edits import Applied, Op, apply_op
from culti_desktop.core.curation.splitting import count_units, split_items
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import PAIR_SPLITS, Document, Page, Pair, Region
from culti_desktop.core.storage.project import Project

SPLIT_BY = ("document", "random")
DEFAULT_RATIOS = (0.8, 0.1, 0.1)


@dataclass(slots=True)
class SplitRow:
    pair_id: int
    region_id: int
    document_sha256: str
    page_index: int
    bbox: tuple[float, float, float, float]
    text_key: str | None
    caption: str
    caption_zh: str
    caption_en: str
    split: str | None

    @property
    def zh_text(self) -> str:
        return (self.caption_zh or self.caption or "").strip()

    @property
    def en_text(self) -> str:
        return (self.caption_en or "").strip()


@dataclass
class SplitResult:
    """What a split run did. ``warning`` is (code, params, English text) or ``None``."""

    assigned: dict[int, str]
    kept: int
    counts: dict[str, int]
    units: int
    by: str
    op: Op | None = None
    applied: Applied | None = None
    warning: tuple[str, dict[str, Any], str] | None = None
    changed: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "assigned": len(self.changed),
            "kept": self.kept,
            "units": self.units,
            "splits": self.counts,
            "changed_ids": self.changed,
            "warning": None
            if self.warning is None
            else {"code": self.warning[0], "params": self.warning[1], "message": self.warning[2]},
        }


def parse_ratios(text: str | Sequence[float]) -> tuple[float, float, float]:
    """'8,1,1' or '0.8,0.1,0.1' -> (0.8, 0.1, 0.1); anything else is a clear error."""
    try:
        values = [float(x) for x in (text.split(",") if isinstance(text, str) else text)]
    except ValueError:
        values = []
    if len(values) != 3 or any(v < 0 for v in values) or sum(values) <= 0:
        raise CultiError(
            f"split ratios must be three non-negative numbers such as 8,1,1, got '{text}'",
            code="split.bad_ratios",
            params={"value": str(text)},
        )
    total = sum(values)
    return (values[0] / total, values[1] / total, values[2] / total)


def load_rows(project: Project, ids: Iterable[int] | None = None) -> list[SplitRow]:
    """Accepted pairs, or exactly the pairs ``ids`` (any status), in a stable order."""
    q = (
        select(
            Pair.id,
            Region.id,
            Document.sha256,
            Page.index,
            Region.x0,
            Region.y0,
            Region.x1,
            Region.y1,
            Pair.text_key,
            Pair.caption,
            Pair.caption_zh,
            Pair.caption_en,
            Pair.split,
        )
        .join(Region, Region.id == Pair.figure_region_id)
        .join(Page, Page.id == Region.page_id)
        .join(Document, Document.id == Page.document_id)
        .order_by(Document.id, Page.index, Region.id, Pair.id)
    )
    wanted = None if ids is None else list(dict.fromkeys(int(i) for i in ids))
    q = q.where(Pair.id.in_(wanted)) if wanted is not None else q.where(Pair.status == "accepted")
    with project.read_session() as s:
        rows = [
            SplitRow(
                r[0],
                r[1],
                r[2],
                r[3],
                (r[4], r[5], r[6], r[7]),
                r[8],
                r[9] or "",
                r[10] or "",
                r[11] or "",
                r[12],
            )
            for r in s.execute(q)
        ]
    if wanted is not None:
        missing = sorted(set(wanted) - {r.pair_id for r in rows})
        if missing:
            raise CultiError(
                f"no such pair id(s): {', '.join(map(str, missing))}",
                project.path,
                code="edit.no_such_pairs",
                params={"ids": ", ".join(map(str, missing))},
            )
    return rows


def _too_small(
    rows: list[SplitRow], by: str, ratios: Sequence[float]
) -> tuple[str, dict[str, Any], str] | None:
    wanted = sum(1 for r in ratios if r > 0)
    units = count_units(rows, by)
    if not rows or units >= wanted:
        return None
    what = "document" if by == "document" else "caption"
    text = (
        f"only {units} {what} group(s) hold the pairs, fewer than the {wanted} splits asked for, so some "
        "splits stay empty: import more documents, or split the pairs at random "
        "(culti split PROJECT --by random --replace, or select them in the review queue and choose "
        "Split selected at random)"
    )
    return ("split.too_small", {"units": units, "splits": wanted, "by": by}, text)


def plan_splits(
    project: Project,
    by: str = "document",
    ratios: Sequence[float] = DEFAULT_RATIOS,
    seed: int = 0,
    ids: Iterable[int] | None = None,
    replace: bool = False,
    names: Sequence[str] = PAIR_SPLITS,
) -> SplitResult:
    """What :func:`assign_splits` would write, as one undoable op (``result.op``), without writing."""
    if by not in SPLIT_BY:
        raise CultiError(
            f"unknown split mode '{by}' (one of: {', '.join(SPLIT_BY)})",
            code="split.bad_mode",
            params={"value": by},
        )
    ratios = parse_ratios(ratios)
    rows = load_rows(project, ids)
    todo = rows if replace else [r for r in rows if not r.split]
    chosen = split_items(todo, by, names, ratios, seed)
    op = changes_op(project, {pid: {"split": sp} for pid, sp in chosen.items()}, LABELS["split"])
    final = {r.pair_id: chosen.get(r.pair_id, r.split) for r in rows}
    counts = Counter(sp for sp in final.values() if sp)
    return SplitResult(
        assigned=chosen,
        kept=len(rows) - len(todo),
        counts={n: counts.get(n, 0) for n in (*names, *sorted(set(counts) - set(names)))},
        units=count_units(rows, by),
        by=by,
        op=op,
        warning=_too_small(rows, by, ratios),
        changed=list(chosen) if op is not None else [],
    )


def assign_splits(
    project: Project,
    by: str = "document",
    ratios: Sequence[float] = DEFAULT_RATIOS,
    seed: int = 0,
    ids: Iterable[int] | None = None,
    replace: bool = False,
    curator: str | None = None,
    names: Sequence[str] = PAIR_SPLITS,
) -> SplitResult:
    """Split pairs without a split (or, with ``replace``, the given ones anew); one undo step."""
    result = plan_splits(project, by, ratios, seed, ids, replace, names)
    if result.op is not None:
        result.applied = apply_op(project, result.op, curator)
        result.changed = changed_ids(result.applied)
    return result


def ensure_splits(
    project: Project, seed: int = 0, ratios: Sequence[float] = DEFAULT_RATIOS, curator: str | None = None
) -> SplitResult:
    """Before training, evaluation or export: accepted pairs without a split get one, by document."""
    return assign_splits(project, "document", ratios, seed, curator=curator)
