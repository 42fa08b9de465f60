"""Plan an export without touching pixels: which pairs, which split, which text and image ids.

The plan holds only small records (ids, captions, boxes), so planning 100k pairs is cheap and the
GUI can preview counts before anything is written. Image ids and text ids are assigned per split;
ids that came from an imported dataset are written back unchanged when they are still unique.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Text, select, type_coerce

from culti_desktop.core.errors import CultiError
from culti_desktop.core.export.images import whole_image_sha
from culti_desktop.core.export.options import ExportOptions
from culti_desktop.core.export.splits import split_items
from culti_desktop.core.storage.models import Document, Page, Pair, Region
from culti_desktop.core.storage.project import Project

_S = TypeVar("_S", str, str | None)  # a shared string keeps its column's nullability


@dataclass(slots=True)
class PlanPair:
    pair_id: int
    region_id: int
    document_id: int
    document: str
    document_sha256: str
    page_index: int
    unit: str
    bbox: tuple[float, float, float, float]
    caption: str
    caption_zh: str
    caption_en: str
    status: str
    stored_split: str | None
    text_key: str | None
    label: str | None
    curator: str | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    scores_json: str | None  # kept as text: parsed dicts cost ~0.8 KB per pair in a 100k plan
    split: str = ""
    text_id: Any = None
    en_text_id: Any = None
    image_id: Any = None
    stored_image: str | None = None  # sha256 of a stored image equal to the figure, if any

    @property
    def scores(self) -> dict[str, Any]:
        if not self.scores_json:
            return {}
        raw: Any = self.scores_json  # psycopg hands JSON back already parsed (a team project)
        value = raw if isinstance(raw, dict) else json.loads(raw)
        return value if isinstance(value, dict) else {}

    @property
    def source(self) -> dict[str, Any]:
        src = self.scores.get("source")
        return src if isinstance(src, dict) else {}

    @property
    def zh_text(self) -> str:
        return (self.caption_zh or self.caption or "").strip()

    @property
    def en_text(self) -> str:
        return (self.caption_en or "").strip()


@dataclass(slots=True)
class PlanText:
    text_id: Any
    text: str
    lang: str
    image_ids: list[Any]
    zh_text_id: Any = None  # for English texts written beside their Chinese text (--lang both)


@dataclass(slots=True)
class PlanImage:
    image_id: Any
    region_id: int
    document: str
    page_index: int
    pairs: list[PlanPair] = field(default_factory=list)
    stored_image: str | None = None


@dataclass
class ExportPlan:
    options: ExportOptions
    splits: list[str]
    images: dict[str, list[PlanImage]]
    texts: dict[str, list[PlanText]]
    skipped_no_text: int
    project_name: str
    project_path: str

    @property
    def pairs(self) -> list[PlanPair]:
        return [p for sp in self.splits for im in self.images[sp] for p in im.pairs]

    def counts(self) -> dict[str, Any]:
        per_split = {}
        for sp in self.splits:
            imgs = self.images[sp]
            per_split[sp] = {
                "pairs": sum(len(im.pairs) for im in imgs),
                "images": len(imgs),
                "texts": len(self.texts[sp]),
                "documents": len({p.document_sha256 for im in imgs for p in im.pairs}),
            }
        return {
            "pairs": sum(v["pairs"] for v in per_split.values()),
            "images": sum(v["images"] for v in per_split.values()),
            "texts": sum(v["texts"] for v in per_split.values()),
            "documents": len({p.document_sha256 for p in self.pairs}),
            "skipped_without_text": self.skipped_no_text,
            "splits": per_split,
        }


def _load_pairs(project: Project, statuses: tuple[str, ...]) -> list[PlanPair]:
    q = (
        select(
            Pair.id,
            Pair.figure_region_id,
            Document.id,
            Document.filename,
            Document.sha256,
            Page.index,
            Page.unit,
            Region.x0,
            Region.y0,
            Region.x1,
            Region.y1,
            Pair.caption,
            Pair.caption_zh,
            Pair.caption_en,
            Pair.status,
            Pair.split,
            Pair.text_key,
            Pair.label,
            Pair.curator,
            Pair.created_at,
            Pair.updated_at,
            Pair.reviewed_at,
            type_coerce(Pair.scores, Text),
            Region.image_sha256,
            Document.kind,
            Document.page_count,
            Page.width,
            Page.height,
        )
        .join(Region, Region.id == Pair.figure_region_id)
        .join(Page, Page.id == Region.page_id)
        .join(Document, Document.id == Page.document_id)
        .where(Pair.status.in_(statuses))
        .order_by(Document.id, Page.index, Region.id, Pair.id)
    )
    out = []
    shared: dict[str, str] = {}  # one string object per distinct name, status, sha, unit...

    def one(value: _S) -> _S:  # a non-null column stays str, a nullable one str | None
        return value if value is None else shared.setdefault(value, value)

    with project.read_session() as s:
        for r in s.execute(q):  # rows streamed, never all held beside the plan
            p = PlanPair(
                r[0],
                r[1],
                r[2],
                one(r[3]),
                one(r[4]),
                r[5],
                one(r[6]),
                (r[7], r[8], r[9], r[10]),
                r[11],
                r[12],
                r[13],
                one(r[14]),
                one(r[15]),
                r[16],
                r[17],
                one(r[18]),
                r[19],
                r[20],
                r[21],
                r[22],
            )
            sha = whole_image_sha(r[23], p.document_sha256, r[24], r[25], p.unit, (r[26], r[27]), p.bbox)
            p.stored_image = one(sha)
            out.append(p)
    return out


def _text_group(p: PlanPair, text: str) -> tuple[str, str]:
    """Pairs of one text: the same text key *and* the same words (an edited caption parts ways)."""
    return (p.text_key or f"pair:{p.pair_id}", text)


def _assign_splits(pairs: list[PlanPair], options: ExportOptions) -> None:
    todo = pairs
    if options.split_by == "keep":
        for p in pairs:
            p.split = p.stored_split or ""
        todo = [p for p in pairs if not p.split]
    by = "random" if options.split_by == "random" else "document"
    chosen = split_items(todo, by, options.split_names, options.ratios, options.seed)
    for p in todo:
        p.split = chosen[p.pair_id]


def _all_unique(values: list[Any]) -> bool:
    return all(v is not None for v in values) and len({str(v) for v in values}) == len(values)


def _ids_for_split(pairs: list[PlanPair], lang: str) -> tuple[list[PlanImage], list[PlanText]]:
    images: dict[int, PlanImage] = {}
    for p in pairs:
        im = images.get(p.region_id)
        if im is None:
            im = images[p.region_id] = PlanImage(
                None, p.region_id, p.document, p.page_index, stored_image=p.stored_image
            )
        im.pairs.append(p)
    image_list = list(images.values())
    kept_ids = [im.pairs[0].source.get("image_id") for im in image_list]
    if _all_unique(kept_ids):
        for im, iid in zip(image_list, kept_ids):
            im.image_id = iid
    else:
        for n, im in enumerate(image_list, start=1):
            im.image_id = n
    for im in image_list:
        for p in im.pairs:
            p.image_id = im.image_id

    primary = "en" if lang == "en" else "zh"
    groups: dict[tuple[str, str], list[PlanPair]] = {}
    for p in pairs:
        text = p.en_text if primary == "en" else p.zh_text
        if text:
            groups.setdefault(_text_group(p, text), []).append(p)
    group_list = list(groups.items())
    kept_tids = [ps[0].source.get("text_id") for _, ps in group_list]
    use_kept = _all_unique(kept_tids)
    texts: list[PlanText] = []
    for n, ((_, text), ps) in enumerate(group_list, start=1):
        tid = kept_tids[n - 1] if use_kept else n
        image_ids = list(dict.fromkeys(p.image_id for p in ps))
        texts.append(PlanText(tid, text, primary, image_ids))
        for p in ps:
            p.text_id = tid
    if lang == "both":
        numeric = all(isinstance(t.text_id, int) for t in texts)
        next_id = max((t.text_id for t in texts), default=0) + 1 if numeric else 0
        en_groups: dict[tuple[str, str], list[PlanPair]] = {}
        for p in pairs:
            if p.en_text:
                en_groups.setdefault(_text_group(p, p.en_text), []).append(p)
        for (_, text), ps in en_groups.items():
            zh_ids = {p.text_id for p in ps if p.text_id is not None}
            zh_id = zh_ids.pop() if len(zh_ids) == 1 else None
            if numeric:
                tid, next_id = next_id, next_id + 1
            else:
                tid = f"en:{zh_id if zh_id is not None else ps[0].pair_id}"
            texts.append(
                PlanText(tid, text, "en", list(dict.fromkeys(p.image_id for p in ps)), zh_text_id=zh_id)
            )
            for p in ps:
                p.en_text_id = tid
    return image_list, texts


def build_plan(project: Project, options: ExportOptions) -> ExportPlan:
    """Select pairs, assign splits and ids. Raises when nothing would be exported."""
    options.validate()
    pairs = _load_pairs(project, tuple(options.statuses))
    if options.lang == "zh":
        usable = [p for p in pairs if p.zh_text]
    elif options.lang == "en":
        usable = [p for p in pairs if p.en_text]
    else:
        usable = [p for p in pairs if p.zh_text or p.en_text]
    skipped = len(pairs) - len(usable)
    _assign_splits(usable, options)
    by_split: dict[str, list[PlanPair]] = defaultdict(list)
    for p in usable:
        by_split[p.split].append(p)
    order = {name: i for i, name in enumerate(options.split_names)}
    splits = sorted(by_split, key=lambda sp: (order.get(sp, len(order)), sp))
    images, texts = {}, {}
    for sp in splits:
        images[sp], texts[sp] = _ids_for_split(by_split[sp], options.lang)
    return ExportPlan(
        options=options,
        splits=splits,
        images=images,
        texts=texts,
        skipped_no_text=skipped,
        project_name=project.get_meta("name") or project.path.stem,
        project_path=project.locator,
    )


def require_pairs(plan: ExportPlan) -> None:
    if not any(plan.images[sp] for sp in plan.splits):
        statuses = ", ".join(plan.options.statuses)
        extra = (
            f" ({plan.skipped_no_text} had no {plan.options.lang} caption)" if plan.skipped_no_text else ""
        )
        raise CultiError(f"nothing to export: no pairs with status {statuses}{extra}", plan.project_path)
