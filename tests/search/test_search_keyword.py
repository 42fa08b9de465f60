from culti_desktop.core.search.keyword import drop_keyword_index, keyword_search, sync_keyword_index
from culti_desktop.core.storage.models import Pair


def _fill(add_pair, solid_image):
    a, _ = add_pair(
        solid_image("red"), "唐代聯珠對鳥紋錦", "Tang brocade with paired birds in pearl roundels"
    )
    b, _ = add_pair(solid_image("blue"), "宋代缠枝牡丹纹绫", "Song damask with scrolling peonies")
    c, _ = add_pair(
        solid_image("green"), "敦煌莫高窟壁画飞天", "Dunhuang mural, flying apsaras", ocr_text="第三二〇窟"
    )
    return a, b, c


def test_traditional_and_simplified_fold_both_ways(project, add_pair, solid_image):
    a, b, c = _fill(add_pair, solid_image)
    # The caption was stored in Traditional; a Simplified query of ≥3 characters uses MATCH.
    assert [h.pair_id for h in keyword_search(project, "联珠对鸟")] == [a]
    # And a Traditional query finds a Simplified caption.
    assert [h.pair_id for h in keyword_search(project, "纏枝牡丹")] == [b]


def test_short_chinese_terms_english_words_and_ocr_text(project, add_pair, solid_image):
    a, b, c = _fill(add_pair, solid_image)
    assert [h.pair_id for h in keyword_search(project, "飞天")] == [c]  # two characters: LIKE path
    assert [h.pair_id for h in keyword_search(project, "DAMASK")] == [b]
    assert [h.pair_id for h in keyword_search(project, "三二〇")] == [c]  # OCR text is indexed too
    assert keyword_search(project, "不存在的词语") == []


def test_more_matched_terms_rank_higher(project, add_pair, solid_image):
    a, b, c = _fill(add_pair, solid_image)
    hits = keyword_search(project, "tang brocade song")
    assert [h.pair_id for h in hits][:2] == [a, b]
    assert hits[0].score > hits[1].score


def test_index_follows_edits_and_deletions(project, add_pair, solid_image):
    a, b, c = _fill(add_pair, solid_image)
    assert sync_keyword_index(project) == 3
    assert sync_keyword_index(project) == 0  # nothing changed since: nothing to do
    with project.session() as s:
        s.get(Pair, a).caption_zh = "明代龙袍"
        s.get(Pair, a).caption = "明代龙袍"
        s.delete(s.get(Pair, c))
    assert sync_keyword_index(project) == 2
    assert [h.pair_id for h in keyword_search(project, "龙袍")] == [a]
    assert keyword_search(project, "联珠对鸟") == []
    assert keyword_search(project, "飞天") == []
    drop_keyword_index(project)  # derived: dropping it and searching rebuilds it
    assert [h.pair_id for h in keyword_search(project, "龙袍")] == [a]


def test_variant_characters_and_heritage_synonyms_match_as_one_word(project, add_pair, solid_image):
    from culti_desktop.core.search.variants import alternatives, synonym_groups

    jp, _ = add_pair(solid_image("red"), "挿花图")  # a Japanese-form character in a scanned catalogue
    syn, _ = add_pair(solid_image("blue"), "连珠纹锦")
    other, _ = add_pair(solid_image("green"), "龙纹")
    assert [h.pair_id for h in keyword_search(project, "插花")] == [jp]
    assert [h.pair_id for h in keyword_search(project, "联珠纹")] == [syn]
    hit = keyword_search(project, "插花 挿花")  # both spellings in one query still count as one word each
    assert [h.pair_id for h in hit] == [jp]
    for group in synonym_groups():
        for a in group:
            assert set(group) - {a} <= set(alternatives(a))
    assert alternatives("红色") == [] and other  # no variant, no synonym: nothing added
