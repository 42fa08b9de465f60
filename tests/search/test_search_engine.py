import pytest

from culti_desktop.core.errors import CultiError
from culti_desktop.core.search.engine import SearchQuery, search
from culti_desktop.core.search.heatmap import patch_heatmap
from culti_desktop.core.search.indexer import update_index
from culti_desktop.core.search.laclip import LaclipConfig
from culti_desktop.testing import motifs

pytestmark = pytest.mark.slow  # uses the session's motif-trained model (~40 s once)


@pytest.fixture
def indexed(project, add_pair, motif_encoder):
    """12 single motifs (distinct combos; half accepted/train) + 4 composites, indexed."""
    items = motifs.singles(12, size=96, seed=3, combos=motifs.COMBOS[::3])
    pairs = []
    for i, it in enumerate(items):
        pid, rid = add_pair(
            it.image,
            it.caption_zh,
            it.caption_en,
            status="accepted" if i % 2 else "proposed",
            split="train" if i % 2 else "test",
            filename=f"single{i}.png",
        )
        pairs.append((pid, rid, it))
    comps = []
    for j, it in enumerate(motifs.composites(4, 2, cell=64, seed=9)):
        pid, rid = add_pair(it.image, it.caption_zh, it.caption_en, filename=f"comp{j}.png")
        comps.append((pid, rid, it))
    update_index(project, motif_encoder)
    return pairs, comps


def _rank_of(results, pair_id):
    ids = [r.pair_id for r in results]
    return ids.index(pair_id) if pair_id in ids else None


def test_text_to_image_result_fields_and_boxes(project, indexed, motif_encoder):
    pairs, _ = indexed
    pid, rid, it = pairs[4]
    resp = search(project, SearchQuery(text=it.caption_zh, k=5), encoder=motif_encoder)
    assert _rank_of(resp.results, pid) is not None and _rank_of(resp.results, pid) < 3
    r = resp.results[0]
    assert r.global_score is not None and r.local_score is not None
    assert [x.score for x in resp.results] == sorted((x.score for x in resp.results), reverse=True)
    raw = search(
        project,
        SearchQuery(text=it.caption_zh, k=5, laclip_config=LaclipConfig(fusion="raw")),
        encoder=motif_encoder,
    ).results[0]
    assert raw.score == pytest.approx(0.5 * raw.global_score + 0.5 * raw.local_score, abs=1e-5)
    assert r.document.endswith(".png") and r.page == 1 and r.unit == "px"
    x0, y0, x1, y1 = r.figure_box
    assert r.regions and all(x0 - 1e-6 <= m.box[0] < m.box[2] <= x1 + 1e-6 for m in r.regions)
    assert all(y0 - 1e-6 <= m.box[1] < m.box[3] <= y1 + 1e-6 for m in r.regions)
    assert [m.score for m in r.regions] == sorted((m.score for m in r.regions), reverse=True)
    assert resp.as_dict()["results"][0]["pair_id"] == r.pair_id
    assert resp.heatmap(r).shape == (48, 48)
    assert [m.level for m in r.levels] == ["part", "object", "whole"]  # the best region of each level
    assert r.levels[2].relative == [0.0, 0.0, 1.0, 1.0]
    assert resp.heatmap(r, level="part").shape == (48, 48)
    off = search(project, SearchQuery(text=it.caption_zh, k=5, laclip=False), encoder=motif_encoder)
    assert all(x.score == pytest.approx(x.global_score) for x in off.results)
    assert [x.score for x in off.results] == sorted((x.score for x in off.results), reverse=True)


def test_traditional_and_english_queries_follow_the_chinese_one(project, indexed, motif_encoder):
    pairs, _ = indexed
    _, _, it = pairs[6]
    zh = search(project, SearchQuery(text=it.caption_zh, k=5), encoder=motif_encoder)

    trad = (
        "紅色圓形" if it.caption_zh == "红色圆形" else it.caption_zh.replace("绿", "綠").replace("黄", "黃")
    )
    tr = search(project, SearchQuery(text=trad, k=5), encoder=motif_encoder)
    assert [r.pair_id for r in tr.results] == [r.pair_id for r in zh.results]
    en = search(project, SearchQuery(text=it.caption_en, k=5), encoder=motif_encoder)
    assert en.query["lang"] == "en" and en.query["translation"] == it.caption_zh
    assert [r.pair_id for r in en.results] == [r.pair_id for r in zh.results]


def test_image_to_image_image_to_text_and_region_query(project, indexed, motif_encoder):
    pairs, comps = indexed
    pid, rid, it = pairs[2]
    same = search(project, SearchQuery(image=it.image, k=3), encoder=motif_encoder)
    assert same.results[0].region_id == rid and same.results[0].global_score == pytest.approx(1.0, abs=2e-3)
    to_text = search(project, SearchQuery(image=it.image, target="text", k=5), encoder=motif_encoder)
    assert _rank_of(to_text.results, pid) is not None
    assert all(m.on == "query" for m in to_text.results[0].regions)
    # A region of a composite: the cell holding motif X, searched among the figures.
    cpid, crid, cit = comps[0]
    cell = cit.cell
    box = ((cell % 2) * 64 + 2, (cell // 2) * 64 + 2, (cell % 2) * 64 + 62, (cell // 2) * 64 + 62)
    whole = search(project, SearchQuery(image=cit.image, k=20), encoder=motif_encoder)
    region = search(project, SearchQuery(image=cit.image, box=box, k=20), encoder=motif_encoder)
    assert region.query["image_size"] == [60, 60] and whole.query["image_size"] == [128, 128]
    assert whole.results[0].region_id == crid
    with pytest.raises(CultiError):
        search(project, SearchQuery(image=cit.image, box=(10, 10, 10, 50)), encoder=motif_encoder)


def test_filters_restrict_results(project, indexed, motif_encoder):
    pairs, _ = indexed
    q = pairs[1][2].caption_zh
    acc = search(project, SearchQuery(text=q, k=20, statuses=["accepted"]), encoder=motif_encoder)
    assert acc.results and all(r.status == "accepted" for r in acc.results)
    assert len(acc.results) == 6
    tr = search(project, SearchQuery(text=q, k=20, splits=["test"]), encoder=motif_encoder)
    assert {r.split for r in tr.results} == {"test"}
    doc = acc.results[0].document_id
    one = search(project, SearchQuery(text=q, k=20, documents=[doc]), encoder=motif_encoder)
    assert [r.document_id for r in one.results] == [doc]


def test_hybrid_and_keyword_modes(project, indexed, motif_encoder):
    pairs, _ = indexed
    pid, _, it = pairs[5]
    kw = search(project, SearchQuery(text=it.caption_zh, mode="keyword"))
    assert kw.results[0].pair_id == pid and kw.results[0].global_score is None
    hy = search(project, SearchQuery(text=it.caption_zh, mode="hybrid", k=5), encoder=motif_encoder)
    assert hy.results[0].pair_id == pid and hy.results[0].keyword_score is not None
    en_kw = search(project, SearchQuery(text=it.caption_en, mode="keyword"))
    assert en_kw.results[0].pair_id == pid  # the glossary translation also feeds keywords


def test_patch_heatmap_shape(motif_encoder):
    it = motifs.composites(1, 2, seed=4)[0]
    vec = motif_encoder.encode_texts([it.caption_zh])[0]
    heat = patch_heatmap(motif_encoder, it.image, vec)
    assert heat.shape == motif_encoder.grid_size and heat.min() == 0.0 and heat.max() == 1.0


def test_search_without_model_or_index(project, add_pair, solid_image):
    pid, _ = add_pair(solid_image("red"), "唐代宝相花纹锦")
    hy = search(project, SearchQuery(text="宝相花", mode="hybrid"))
    assert [r.pair_id for r in hy.results] == [pid] and hy.warnings
    with pytest.raises(CultiError, match="culti index"):
        search(project, SearchQuery(text="宝相花", mode="clip"))
    with pytest.raises(CultiError):
        search(project, SearchQuery(image=solid_image("red"), mode="keyword"))
