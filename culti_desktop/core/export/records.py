"""The per-pair metadata record shared by the JSONL manifest, WebDataset ``.json`` and HF rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from culti_desktop.core.export.plan import PlanPair


def iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def caption_for(p: PlanPair, lang: str) -> str:
    """The caption a single-caption format writes: English for ``en``, else Chinese (or English if none)."""
    if lang == "en":
        return p.en_text
    return p.zh_text or p.en_text


def model_scores(p: PlanPair) -> dict[str, Any]:
    return {k: v for k, v in p.scores.items() if k != "source"}


def manifest_record(p: PlanPair, image_path: str, lang: str) -> dict[str, Any]:
    """Everything a curator recorded about one pair (the canonical JSONL line)."""
    return {
        "image": image_path,
        "pair_id": p.pair_id,
        "image_id": p.image_id,
        "text_id": p.text_id,
        "caption": caption_for(p, lang),
        "caption_zh": p.zh_text,
        "caption_en": p.en_text,
        "caption_printed": p.caption,
        "label": p.label,
        "document": p.document,
        "document_sha256": p.document_sha256,
        "page": p.page_index + 1,
        "bbox": [round(float(v), 3) for v in p.bbox],
        "bbox_unit": p.unit,
        "status": p.status,
        "split": p.split,
        "reviewer": p.curator,
        "created_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
        "reviewed_at": iso(p.reviewed_at),
        "scores": model_scores(p),
        "source": p.source or None,
    }
