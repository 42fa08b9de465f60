"""Caption text rules: labels, bilingual split, citing paragraphs, caption blocks."""

from __future__ import annotations

import pytest

from culti_desktop.core.ingest.captions import (
    caption_blocks,
    join_lines,
    label_number,
    match_label,
    mentions,
    split_bilingual,
)
from culti_desktop.core.ingest.page_model import Line


@pytest.mark.parametrize(
    "text, label, number",
    [
        ("图1 唐代织锦", "图1", "1"),
        ("图2.1 Q 判据", "图2.1", "2.1"),
        ("图2-1 测试", "图2-1", "2.1"),
        ("图版三 商代青铜器", "图版三", "3"),
        ("圖十二 說明", "圖十二", "12"),
        ("Fig. 3. Schematic model", "Fig. 3", "3"),
        ("Figure 2: Overview", "Figure 2", "2"),
        ("FIGURE 4 Map", "FIGURE 4", "4"),
        ("Plate 3 Taotie motif", "Plate 3", "3"),
    ],
)
def test_labels_are_recognised_and_numbers_compare(text, label, number):
    assert match_label(text) == label
    assert label_number(label) == number


@pytest.mark.parametrize(
    "text", ["Figures are shown below", "图书馆藏", "Fig. 3) by direct current", "Figure out how"]
)
def test_non_labels_are_not_captions(text):
    assert match_label(text) is None


def test_bilingual_caption_fills_both_fields():
    zh, en = split_bilingual("图2.2 激波圆柱作用。 Figure 2.2 Shock-cylinder interaction.")
    assert zh == "激波圆柱作用。"
    assert en == "Shock-cylinder interaction."


def test_single_language_captions():
    assert split_bilingual("Fig. 1. A map of the site.") == ("", "A map of the site.")
    assert split_bilingual("图3 敦煌壁画飞天") == ("敦煌壁画飞天", "")


def test_bilingual_without_english_label_splits_at_the_script_change():
    zh, en = split_bilingual("图4 莫高窟壁画中的飞天 Flying apsaras and clouds in the Mogao Caves")
    assert zh == "莫高窟壁画中的飞天"
    assert en.startswith("Flying apsaras")


def test_mentions_find_citing_text_but_not_other_numbers():
    assert mentions("如图2.1所示，纹样……", "2.1")
    assert mentions("as shown in Fig. 3 and", "3")
    assert not mentions("如图2.11所示", "2.1")
    assert not mentions("如图12所示", "2")


def test_join_lines_spaces_words_not_cjk():
    assert join_lines(["团窠对鸟", "纹锦"]) == "团窠对鸟纹锦"
    assert join_lines(["Tang dynasty", "roundel silk"]) == "Tang dynasty roundel silk"


def _line(y: float, text: str, size: float = 10, x0: float = 90, block: int | None = None) -> Line:
    return Line(bbox=(x0, y, x0 + 6 * len(text), y + size), text=text, font_size=size, block=block)


def test_caption_block_takes_its_continuation_lines_and_stops_at_body_text():
    lines = [
        _line(100, "图2.1 很长的标题第一行", block=1),
        _line(112, "标题第二行。", block=1),
        _line(125, "Figure 2.1 A long title, first line", block=2),
        _line(137, "and its second line.", block=3),
        _line(170, "正文从这里开始，字号更大，而且离得更远。", size=12, block=4),
    ]
    caps = caption_blocks(lines)
    assert len(caps) == 1
    cap = caps[0]
    assert cap.label == "图2.1"
    assert "标题第二行" in cap.text and cap.text.endswith("and its second line.")
    assert "正文" not in cap.text


def test_a_label_wrapped_mid_paragraph_is_not_a_caption():
    lines = [
        _line(100, "as the recordings in", block=5),
        _line(112, "Fig. 3 show, the field entrains", block=5),
    ]
    assert caption_blocks(lines) == []
