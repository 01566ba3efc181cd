"""loaders.resolve.text: cleaning, simplification, names, sentences, decoding."""
import pytest
from hypothesis import given, strategies as st

from conftest import shared_file
from loaders.resolve.text import (clean, decode_bytes, normalize_name, split_sentences,
                          strip_pinyin, to_halfwidth, to_simplified)


def test_pinyin_annotations_removed():
    assert strip_pinyin("中國徐州網(wǎng)-徐州日報(bào)") == "中國徐州網-徐州日報"
    assert strip_pinyin("網（wǎng）") == "網"
    assert strip_pinyin("集成电路(ICT)与深圳(深圳)") == "集成电路(ICT)与深圳(深圳)"


def test_halfwidth_keeps_clause_punctuation():
    assert to_halfwidth("ＡＢＣ１２３％（深圳）") == "ABC123%(深圳)"
    assert to_halfwidth("甲，乙；丙：丁！戊？") == "甲，乙；丙：丁！戊？"
    assert to_halfwidth("、。“”") == "、。“”"


def test_simplified_and_original_kept():
    c = clean("簽訂  合作協議\u3000 ")
    assert c.text == "签订 合作协议"
    assert c.original == "簽訂  合作協議\u3000 "
    assert c.unsimplified == "簽訂 合作協議"
    assert c.script == "traditional"


def test_mojibake_flagged_with_offsets():
    raw = shared_file("xuzhou-gba-promotion-week.txt").read_text(encoding="utf-8")
    c = clean(raw)
    assert [w["text"] for w in c.warnings] == ["?,F"]
    w = c.warnings[0]
    assert raw[w["offset"]:w["offset"] + 3] == "?,F"
    assert c.text[w["clean_offset"]:w["clean_offset"] + 3] == "?,F"
    assert "(wǎng)" not in c.text and "徐州日报" in c.text


def test_replacement_char_flagged():
    c = clean("徐州\ufffd\ufffd代表团")
    assert c.warnings[0]["kind"] == "replacement-char" and c.warnings[0]["offset"] == 2
    assert "\ufffd" in c.text  # flagged, not dropped


def test_normalize_name():
    assert normalize_name("招商局集團（香港）有限公司 ") == "招商局集团(香港)有限公司"
    assert normalize_name("招商局集團（香港）有限公司", drop_brackets=True) == "招商局集团有限公司"
    assert normalize_name("陜西常興 光伏") == normalize_name("陕西常兴光伏")
    # quotes are kept, their forms folded (issue 12: names differing only in quotes stay apart)
    assert normalize_name("“ＡＢＣ”科技") == normalize_name('"ABC"科技') == '"abc"科技'
    assert normalize_name("“ＡＢＣ”科技") != normalize_name("ABC科技")


def test_split_sentences():
    text = "他说：“好。”随后离开! 次日返回?,F场继续 招商之行密集紧凑 11日抵达。"
    assert split_sentences(text) == ["他说：“好。”", "随后离开!", "次日返回?,F场继续",
                                     "招商之行密集紧凑", "11日抵达。"]


def test_decode_bytes():
    assert decode_bytes("徐州".encode("utf-8")) == ("徐州", "utf-8")
    assert decode_bytes(b"\xef\xbb\xbf" + "徐州".encode()) == ("徐州", "utf-8-sig")
    assert decode_bytes("徐州".encode("gb18030")) == ("徐州", "gb18030")
    with pytest.raises(ValueError, match="not UTF-8.*not GB18030"):
        decode_bytes(b"\x81\x20\xff")


@given(st.text())
def test_clean_never_crashes(s):
    c = clean(s)
    assert c.original == s
    for sent in split_sentences(c.text):
        assert sent.strip() == sent and sent
    assert to_simplified(c.text) == c.text
