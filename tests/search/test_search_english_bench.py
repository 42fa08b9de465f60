"""The English benchmark's queries are held out from the glossary (a figure from them is evidence)."""

from __future__ import annotations

from benchmarks.english_items import glossary_clashes, load_queries, motifs_module, word_forms
from culti_desktop.core.search.bilingual import builtin_glossary


def test_benchmark_queries_share_no_content_word_with_the_shipped_glossary():
    queries = load_queries()
    assert len(queries["motifs"]) >= 30 and len(queries["culti_samples"]) >= 15
    assert glossary_clashes(queries, builtin_glossary()) == []


def test_the_check_catches_glossary_words_in_any_form():
    probe = {
        "function_words": ["a", "of"],
        "motifs": [{"q": "a crimson disk"}, {"q": "lozenges of gray"}, {"q": "a hoop"}],
    }
    clashes = glossary_clashes(probe, builtin_glossary())
    assert ("a crimson disk", "crimson") in clashes and ("lozenges of gray", "lozenges") in clashes
    assert ("lozenges of gray", "gray") in clashes and not any(q == "a hoop" for q, _ in clashes)
    assert {"colour", "color"} <= word_forms("colour") and "donut" in word_forms("doughnut")


def test_benchmark_targets_exist():
    motifs = motifs_module()
    shapes = {s[0] for s in motifs.SHAPES}
    colours = {c[0] for c in motifs.COLOURS}
    for item in load_queries()["motifs"]:
        assert item["target"][0] in shapes and item["target"][1] in colours
