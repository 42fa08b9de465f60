"""One-step dictionary back-off: a word whose renderings the collection never writes reaches the
collection's own terms through CC-CEDICT's glosses (characters, other senses, sense context)."""

from __future__ import annotations

import pytest

from culti_desktop.core.search import expand as ex
from culti_desktop.core.search import lexicon as lx
from culti_desktop.core.search import lexicon_graph as lg
from culti_desktop.core.search.vocab import CaptionVocabulary

# CC-CEDICT-format lines written for these tests (not the benchmark's words' real entries).
LINES = """烏木 乌木 [wu1 mu4] /ebony/
烏 乌 [wu1] /crow/black/
木 木 [mu4] /tree/wood/
黟 黟 [yi1] /black and shining ebony/
黑色 黑色 [hei1 se4] /black/
甜甜圈 甜甜圈 [tian2 tian2 quan1] /doughnut/
圈 圈 [quan1] /circle/ring/loop/
環 环 [huan2] /ring/hoop/loop/
圓形 圆形 [yuan2 xing2] /round/circular/
十字 十字 [shi2 zi4] /cross/crucifix/the character ten/
字 字 [zi4] /letter/character/
檸檬 柠檬 [ning2 meng2] /lemon/
紅色 红色 [hong2 se4] /red/
""".splitlines()
CAPTIONS = ["黑色圆形", "红色环", "红色十字", "黑色十字", "红色圆形", "黑色环"]


@pytest.fixture(scope="module")
def parts(tmp_path_factory):
    src = tmp_path_factory.mktemp("cedict") / "cedict.txt"
    src.write_text("\n".join(LINES) + "\n", "utf-8")
    cache = tmp_path_factory.mktemp("cache")
    return lx.build_lexicon(src, cache), lg.load_graph(src, cache), src, cache


def _expand(word, parts, captions=CAPTIONS, **kw):
    lexicon, graph, _, _ = parts
    return ex.expand_en(word, {}, lexicon, vocab=CaptionVocabulary.build(captions), backoff=graph, **kw)


def test_a_compound_reaches_the_collection_through_its_characters(parts):
    exp = _expand("ebony", parts)
    span = exp.spans[0]
    assert span.source == "lexicon+related" and span.renderings[0] == ("黑色", 1.0)
    # the dictionary's own rendering stays, weaker (a model that knows 乌木 still sees it)
    assert ("乌木", ex.BACKOFF_DICT_WEIGHT) in span.renderings


def test_a_characters_other_senses_lead_to_the_collection_word(parts):
    assert _expand("doughnut", parts).spans[0].renderings[0][0] == "环"


def test_no_link_keeps_the_dictionary_order(parts):
    exp = _expand("lemon", parts)
    assert exp.spans[0].source == "lexicon" and exp.spans[0].renderings[0][0] == "柠檬"


def test_without_backoff_or_without_a_graph_nothing_changes(parts):
    lexicon, _, _, _ = parts
    vocab = CaptionVocabulary.build(CAPTIONS)
    off = ex.expand_en("ebony", {}, lexicon, vocab=vocab, backoff=False)
    no_graph = ex.expand_en("ebony", {}, lexicon, vocab=vocab)  # a lexicon passed in: no default graph
    for exp in (off, no_graph):
        assert exp.spans[0].source == "lexicon" and exp.spans[0].renderings[0][0] == "乌木"


def test_a_word_only_inside_a_gloss_is_understood_through_it(parts):
    lexicon, _, _, _ = parts
    assert "shining" not in lexicon  # no dictionary key: the lexicon alone cannot render it
    exp = _expand("shining", parts)
    assert exp.spans and exp.spans[0].source == "related" and exp.spans[0].renderings[0][0] == "黑色"
    assert exp.unknown == []
    assert _expand("zzyzx", parts).unknown == ["zzyzx"]


def test_a_character_never_written_outside_a_longer_word_is_not_a_term(parts):
    _, graph, _, _ = parts
    idx = lg.term_index(CaptionVocabulary.build(CAPTIONS), graph)
    terms = {t for hits in idx.values() for t, _ in hits}
    assert "字" not in terms and "十字" in terms  # 字 occurs only inside 十字
    assert "字" in {t for hits in lg.term_index(CaptionVocabulary.build(CAPTIONS + ["字纹"]), graph).values()
                   for t, _ in hits}  # fmt: skip


def test_a_term_in_most_captions_is_not_a_term(parts):
    _, graph, _, _ = parts
    idx = lg.term_index(CaptionVocabulary.build(["红色环", "红色十字", "红色圆形", "黑色环"]), graph)
    assert "红色" not in {t for hits in idx.values() for t, _ in hits}


def test_weak_evidence_is_not_used(parts):
    _, graph, _, _ = parts
    vocab = CaptionVocabulary.build(CAPTIONS)
    assert lg.related_terms(["ebony"], vocab, (), graph, min_score=0.0)
    assert lg.related_terms(["ebony"], vocab, (), graph, min_score=10.0) is None


def test_the_graph_is_cached_and_read_back(parts):
    _, graph, src, cache = parts
    files = list(cache.glob("cedict_gloss_graph_v*.json.gz"))
    assert len(files) == 1
    again = lg.load_graph(src, cache)
    assert (again.senses_enc, again.seeds_enc, again.headwords) == (
        graph.senses_enc,
        graph.seeds_enc,
        graph.headwords,
    )
    assert again.senses("乌") == [["crow"], ["black"]] and again.seeds("ebony")[0][0] == "乌木"
    files[0].write_bytes(b"torn")  # a torn cache is rebuilt, not an error
    assert lg.load_graph(src, cache).senses_enc == graph.senses_enc


def test_gloss_tokens_drop_function_words_and_chinese_references():
    assert lg.gloss_tokens("abbr. for Ukraine 烏克蘭|乌克兰[Wu1 ke4 lan2]") == ["ukraine"]
    assert lg.gloss_tokens("to bind with hoops (old)") == ["bind", "hoop"]


def test_project_keyword_search_reaches_the_caption_through_the_backoff(
    parts, project, add_pair, monkeypatch
):
    from PIL import Image

    from culti_desktop.core.search.engine import SearchQuery, search

    lexicon, graph, _, _ = parts
    monkeypatch.setattr(ex, "default_lexicon", lambda: lexicon)
    monkeypatch.setattr(ex, "default_graph", lambda: graph)
    ids = {}
    for i, cap in enumerate(CAPTIONS):
        ids[cap], _ = add_pair(Image.new("RGB", (32, 32), (30 * i, 90, 200 - 30 * i)), cap)
    res = search(project, SearchQuery(text="an ebony doughnut", mode="keyword"))
    assert res.results[0].pair_id == ids["黑色环"]
    assert res.query["translation"] == "黑色环" and res.query["untranslated"] == []


def test_the_graph_is_loaded_only_when_a_word_needs_the_backoff(parts, monkeypatch):
    lexicon, graph, _, _ = parts
    calls = []
    monkeypatch.setattr(ex, "default_lexicon", lambda: lexicon)
    monkeypatch.setattr(ex, "default_graph", lambda: calls.append(1) or graph)
    vocab = CaptionVocabulary.build(CAPTIONS)
    assert ex.expand_en("red", {}, vocab=vocab).spans[0].source == "lexicon+collection"
    assert calls == []  # the collection uses the dictionary's rendering: no graph needed
    assert ex.expand_en("ebony", {}, vocab=vocab).spans[0].source == "lexicon+related"
    assert calls == [1]
