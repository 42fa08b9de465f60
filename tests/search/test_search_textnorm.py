from culti_desktop.core.search.bilingual import glossary_coverage, translate_en
from culti_desktop.core.search.textnorm import detect_language, fold


def test_fold_maps_traditional_to_simplified_and_lowercases():
    assert fold("絲綢紋樣 龍鳳") == "丝绸纹样 龙凤"
    assert fold("  Tang   SILK ") == "tang silk"
    assert fold(None) == ""


def test_detect_language():
    assert detect_language("red dragon") == "en"
    assert detect_language("敦煌 mural") == "zh"
    assert detect_language("龍紋") == "zh"
    assert detect_language("1234") == "zh"


def test_glossary_translates_longest_phrase_first_and_reports_unknown_words():
    zh, unknown = translate_en("Tang dynasty silk with flying apsaras and a zorblax")
    assert zh == "唐代丝绸飞天"
    assert unknown == ["zorblax"]
    assert translate_en("Dragons")[0] == "龙"
    assert glossary_coverage(["red dragon", "blorp"]) == 0.5
