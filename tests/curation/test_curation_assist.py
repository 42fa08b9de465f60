"""Model assist with the real cn_clip classes (tiny seeded model): candidates and their ranking."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from culti_desktop.core.curation import assist
from culti_desktop.core.errors import CultiError
from culti_desktop.core.storage.models import Pair, Region, TextLine


def test_candidates_cover_lines_paragraphs_and_regions(curated_project):
    p = curated_project
    with p.read_session() as s:
        pair = s.scalars(select(Pair).order_by(Pair.id)).first()
        page_id = s.get(Region, pair.figure_region_id).page_id
    with p.session() as s:
        for i, text in enumerate(("莲花纹", "宝相花")):
            line = TextLine(page_id=page_id, text=text, block=7, reading_order=10 + i)
            line.bbox = (50, 400 + 14 * i, 120, 412 + 14 * i)
            s.add(line)
    cands = assist.candidates_for(p, pair.figure_region_id)
    kinds = {c.kind for c in cands}
    assert kinds == {"line", "paragraph", "region"}
    para = next(c for c in cands if c.kind == "paragraph")
    assert para.text == "莲花纹 宝相花" and len(para.ids) == 2


@pytest.mark.slow
def test_ranking_is_sorted_cosine_with_tiny_model(curated_project):
    p = curated_project
    with p.read_session() as s:
        pid = s.scalars(select(Pair.id).order_by(Pair.id)).first()
    ranked = assist.rank_caption_candidates(p, pid, model="tiny")
    scores = [c.score for c in ranked]
    assert len(ranked) >= 2 and scores == sorted(scores, reverse=True)
    assert all(-1.0 <= s <= 1.0 for s in scores)
    assert len(set(np.round(scores, 6))) > 1  # real encodings, not a constant


def test_no_model_is_a_clear_error(curated_project):
    p = curated_project
    with p.read_session() as s:
        pid = s.scalars(select(Pair.id)).first()
    with pytest.raises(CultiError, match="no model yet"):
        assist.rank_caption_candidates(p, pid)
