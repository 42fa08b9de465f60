"""Collection-aware rendering choice: the project's captions pick among a word's dictionary renderings."""

from __future__ import annotations

import pytest
from PIL import Image

from culti_desktop.core.search import expand as ex
from culti_desktop.core.search import lexicon as lx
from culti_desktop.core.search.engine import SearchQuery, search
from culti_desktop.core.search.glossary import english_context
from culti_desktop.core.search.vocab import CaptionVocabulary, prefer_collection, project_vocabulary

# CC-CEDICT-format lines written for these tests: the dictionary prefers 盒子 for "box" (first,
# exact sense) over 箱子 (third sense), and 紫罗兰 for "violet" over 紫色 (a later sense).
LINES = """盒子 盒子 [he2 zi5] /box/case/
箱子 箱子 [xiang1 zi5] /trunk/chest/box/
紫羅蘭 紫罗兰 [zi3 luo2 lan2] /violet/
紫色 紫色 [zi3 se4] /purple/lilac/mauve/violet/
測試器 测试器 [ce4 shi4 qi4] /checker/tester/
方格 方格 [fang1 ge2] /checked pattern/square/checker/
""".splitlines()


@pytest.fixture(scope="module")
def small_lexicon(tmp_path_factory):
    src = tmp_path_factory.mktemp("cedict") / "cedict.txt"
    src.write_text("\n".join(LINES) + "\n", "utf-8")
    return lx.build_lexicon(src, tmp_path_factory.mktemp("cache"))


def _img(i: int) -> Image.Image:
    return Image.new("RGB", (32, 32), (40 * i, 200 - 30 * i, 90))


def _zh(exp) -> list[str]:
    return [z for z, _ in exp.spans[0].renderings]


def test_dictionary_order_without_a_vocabulary(small_lexicon):
    assert _zh(ex.expand_en("box", {}, small_lexicon))[0] == "盒子"
    assert _zh(ex.expand_en("checker", {}, small_lexicon))[0] == "测试器"


@pytest.mark.parametrize(
    ("captions", "word", "expected"),
    [
        (["木箱子纹样", "青花瓷盘", "红色圆形"], "box", "箱子"),
        (["漆盒子", "青花瓷盘", "红色圆形"], "box", "盒子"),
        (["方格纹锦", "云纹"], "checker", "方格"),
    ],
)
def test_the_collection_picks_the_synonym_it_uses(small_lexicon, captions, word, expected):
    exp = ex.expand_en(word, {}, small_lexicon, vocab=CaptionVocabulary.build(captions))
    assert _zh(exp) == [expected] and exp.spans[0].source == "lexicon+collection"


def test_a_character_of_a_compound_counts_when_the_headword_does_not_occur(small_lexicon):
    vocab = CaptionVocabulary.build(["紫圆形", "红方形", "紫三角形", "蓝圆形"])
    assert _zh(ex.expand_en("violet", {}, small_lexicon, vocab=vocab)) == ["紫"]


def test_falls_back_to_the_dictionary_when_nothing_occurs(small_lexicon):
    vocab = CaptionVocabulary.build(["青花瓷盘", "云纹"])
    exp = ex.expand_en("box", {}, small_lexicon, vocab=vocab)
    assert _zh(exp)[0] == "盒子" and exp.spans[0].source == "lexicon"


def test_specific_terms_beat_common_ones():
    vocab = CaptionVocabulary.build(["红色圆形"] * 20 + ["紫色方形", "紫色三角", "紫罗兰花"])
    assert vocab.idf("紫罗兰") > vocab.idf("紫色") > vocab.idf("红色") > 0 == vocab.idf("绿色")
    ranked = prefer_collection([("红色", 1.0), ("紫罗兰", 1.0)], vocab)
    assert ranked[0][0] == "紫罗兰"
    assert prefer_collection([("绿色", 1.0)], vocab) is None


def test_glossary_terms_are_kept_whatever_the_captions_say(small_lexicon):
    vocab = CaptionVocabulary.build(["木箱子纹样"])
    exp = ex.expand_en("box", {"box": "匣"}, small_lexicon, vocab=vocab)
    assert _zh(exp) == ["匣"] and exp.spans[0].source == "glossary"


def test_project_keyword_search_follows_its_captions(project, add_pair, small_lexicon, monkeypatch):
    monkeypatch.setattr(ex, "default_lexicon", lambda: small_lexicon)
    pid, _ = add_pair(_img(0), "木箱子上的缠枝纹")
    for i, cap in enumerate(("青花瓷盘", "龙凤纹", "莲花纹瓦当"), 1):
        add_pair(_img(i), cap)
    res = search(project, SearchQuery(text="box", mode="keyword"))
    assert [r.pair_id for r in res.results] == [pid] and res.query["translation"] == "箱子"


def test_project_vocabulary_is_cached_and_rebuilt_when_pairs_change(project, add_pair):
    add_pair(_img(0), "木箱子")
    first = project_vocabulary(project)
    assert first is project_vocabulary(project) and first.documents == 1
    add_pair(_img(1), "漆盒子")
    again = project_vocabulary(project)
    assert again is not first and again.documents == 2 and again.frequency("盒子") == 1


def test_chinese_queries_get_no_vocabulary(project, add_pair):
    add_pair(Image.new("RGB", (32, 32), "red"), "木箱子")
    assert english_context(project, SearchQuery(text="箱子", mode="clip"))[1] is None
    assert english_context(project, SearchQuery(text="box", mode="clip"))[1] is not None


def test_the_stored_vocabulary_serves_the_first_query_after_opening(project, add_pair, monkeypatch):
    import culti_desktop.core.search.vocab as vm

    add_pair(_img(0), "木箱子")
    built = project_vocabulary(project)
    stored = project.cache_dir("search") / vm.VOCAB_FILE
    assert stored.is_file()
    vm._CACHE.clear()  # a new process: nothing in memory
    vm._ON_DISK.clear()

    def no_scan(*a, **k):
        raise AssertionError("rebuilt although the stored copy was current")

    monkeypatch.setattr(CaptionVocabulary, "build", classmethod(no_scan))
    again = project_vocabulary(project)
    assert again is not built and again.df == built.df and again.documents == 1
    monkeypatch.undo()
    add_pair(_img(1), "漆盒子")  # the stored copy is stale now: rebuilt, and stored again
    assert project_vocabulary(project).documents == 2
    vm._CACHE.clear()
    stored.write_bytes(b"torn")
    assert project_vocabulary(project).frequency("盒子") == 1  # a torn file costs a rebuild, no error
