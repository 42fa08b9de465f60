"""Splits that need no thought: bulk ops, auto splits by document, one write path for review."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from culti_desktop.cli.main import main
from culti_desktop.core.curation import bulk
from culti_desktop.core.curation.edits import apply_op, set_split
from culti_desktop.core.curation.review import review_pairs
from culti_desktop.core.curation.splits import assign_splits, ensure_splits, parse_ratios
from culti_desktop.core.errors import CultiError
from culti_desktop.core.export import ExportOptions, build_plan
from culti_desktop.core.storage.models import Blob, Document, Edit, Page, Pair, Region


def _fill(project, documents: int, per_doc: int = 3, status: str = "accepted") -> list[int]:
    """``documents`` documents of one page, each with ``per_doc`` captioned figures."""
    ids = []
    with project.session() as s:
        for d in range(documents):
            data = f"document {d}".encode()
            sha = hashlib.sha256(data).hexdigest()
            s.add(Blob(sha256=sha, size=len(data), data=data))
            doc = Document(sha256=sha, filename=f"文献{d}.pdf", kind="pdf", page_count=1, state="ready")
            s.add(doc)
            s.flush()
            page = Page(document_id=doc.id, index=0, width=400, height=600)
            s.add(page)
            s.flush()
            for k in range(per_doc):
                fig = Region(page_id=page.id, kind="figure", source="vector", confidence=0.9)
                fig.bbox = (10, 10 + 100 * k, 200, 90 + 100 * k)
                s.add(fig)
                s.flush()
                pair = Pair(
                    figure_region_id=fig.id,
                    caption=f"图{k} 文献{d}",
                    caption_zh=f"图{k} 文献{d}",
                    status=status,
                    confidence=0.5 + 0.1 * k,
                )
                s.add(pair)
                s.flush()
                ids.append(pair.id)
    return ids


def _splits(project) -> dict[int, str | None]:
    with project.read_session() as s:
        return dict(s.execute(select(Pair.id, Pair.split)).all())


def _doc_of(project) -> dict[int, int]:
    with project.read_session() as s:
        q = select(Pair.id, Page.document_id).join(Region, Region.id == Pair.figure_region_id)
        return dict(s.execute(q.join(Page, Page.id == Region.page_id)).all())


def test_auto_split_by_document_matches_export_and_is_one_undo(project):
    ids = _fill(project, documents=20)
    hand = ids[0]
    set_split(project, hand, "test", curator="张")
    before = _splits(project)
    result = ensure_splits(project, seed=3)
    after = _splits(project)
    assert after[hand] == "test"  # hand-set split stays
    assert all(after[i] for i in ids) and result.kept == 1 and len(result.changed) == len(ids) - 1
    docs = _doc_of(project)
    for d in set(docs.values()):  # whole documents, never straddling splits
        assert len({after[i] for i in ids if docs[i] == d and i != hand}) == 1
    assert set(after.values()) == {"train", "valid", "test"} and result.warning is None
    # the export's keep mode reads the same stored splits
    plan = build_plan(project, ExportOptions(split_by="keep", seed=3))
    assert {p.pair_id: p.split for p in plan.pairs} == after
    # the same seed on a fresh copy gives the same split (reproducible)
    apply_op(project, result.applied.inverse, via="undo")  # one undo step restores everything
    assert _splits(project) == before
    again = ensure_splits(project, seed=3)
    assert _splits(project) == after and again.changed == result.changed
    # nothing left to do: a second run writes nothing
    assert ensure_splits(project, seed=3).applied is None


def test_split_edits_are_logged_like_gui_edits(project):
    ids = _fill(project, documents=4, per_doc=1)
    ensure_splits(project, curator="李")
    with project.read_session() as s:
        logged = list(s.scalars(select(Edit).where(Edit.op == "set_pair_fields")))
        pairs = list(s.scalars(select(Pair)))
    assert {e.entity_id for e in logged} == set(ids)
    assert all(p.curator == "李" and p.curator_edited for p in pairs)


def test_one_document_gets_a_clear_too_small_warning(project):
    _fill(project, documents=1, per_doc=10)
    result = ensure_splits(project)
    assert result.warning is not None
    code, params, text = result.warning
    assert code == "split.too_small" and params["units"] == 1 and "--by random" in text
    assert set(_splits(project).values()) == {"train"}
    random = assign_splits(project, "random", (8, 1, 1), seed=0, replace=True)
    assert random.warning is None and set(_splits(project).values()) == {"train", "valid", "test"}


def test_bulk_status_is_one_step_and_rejects_unknown_ids(project):
    ids = _fill(project, documents=2, status="proposed")
    applied = bulk.set_many(project, ids[:4], status="accepted", curator="王")
    assert bulk.changed_ids(applied) == ids[:4]
    assert applied.inverse.kind == "batch" and applied.inverse.params["_label"] == "change status"
    with pytest.raises(CultiError, match="no such pair") as exc:
        bulk.set_many(project, [ids[0], 99999], status="rejected")
    assert exc.value.code == "edit.no_such_pairs"
    with project.read_session() as s:
        assert s.get(Pair, ids[0]).status == "accepted"  # nothing changed
    apply_op(project, applied.inverse, via="undo")
    with project.read_session() as s:
        assert {p.status for p in s.scalars(select(Pair))} == {"proposed"}
    assert bulk.set_many(project, ids, status="proposed") is None


def test_review_goes_through_the_edit_ops(project):
    ids = _fill(project, documents=1, status="proposed")
    out = review_pairs(project, accept=ids[:2], reject=ids[2:], curator="赵", split="valid")
    assert out["accepted"] == ids[:2] and out["rejected"] == ids[2:] and out["changed"] == 3
    with project.read_session() as s:
        edits = list(s.scalars(select(Edit)))
        pairs = {p.id: p for p in s.scalars(select(Pair))}
    assert {e.op for e in edits} == {"set_pair_fields"}
    assert all(pairs[i].curator_edited and pairs[i].reviewed_at and pairs[i].split == "valid" for i in ids)


def test_parse_ratios():
    assert parse_ratios("8,1,1") == pytest.approx((0.8, 0.1, 0.1))
    for bad in ("8,1", "a,b,c", "-1,1,1", "0,0,0"):
        with pytest.raises(CultiError) as exc:
            parse_ratios(bad)
        assert exc.value.code == "split.bad_ratios"


def test_cli_split_and_review_split(project, project_locator, capsys):
    ids = _fill(project, documents=10, per_doc=2, status="proposed")
    project.close()
    assert main(["review", project_locator, "--accept", f"{ids[0]}-{ids[-1]}", "--split", "train"]) == 0
    assert "20 pairs changed (split train)" in capsys.readouterr().out
    assert main(["split", project_locator, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["assigned"] == 0 and out["kept"] == 20  # splits set by hand stay
    args = ["split", project_locator, "--by", "document", "--ratios", "8,1,1", "--seed", "5", "--replace"]
    assert main([*args, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert sum(first["splits"].values()) == 20 and first["splits"]["valid"] > 0
    assert main(["split", project_locator, "--ids", f"{ids[0]},{ids[1]}", "--by", "random", "--replace"]) == 0
    assert "split" in capsys.readouterr().out
    assert main(["split", project_locator, "--ratios", "1,2"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "ratios" in err[0]
