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


# Written by hand: what t2s makes of these (a character, a phrase whose characters alone stay,
# a phrase OpenCC keeps as it is, a variant only fold_variants maps) and plain names whose
# normal form is only lower-cased.
@pytest.mark.parametrize("name, expected", [
    ("陝西長安汽車有限公司", "陕西长安汽车有限公司"),
    ("乾燥設備有限公司", "干燥设备有限公司"),          # 乾 alone stays 乾; 乾燥 is 干燥
    ("慰藉文化", "慰藉文化"),                          # a key t2s maps to itself
    ("陜西常興", "陕西常兴"),                          # 陜: OpenCC keeps it, fold_variants not
    ("ABC重型机械有限公司", "abc重型机械有限公司"),
    ("徐州工程机械集团有限公司", "徐州工程机械集团有限公司"),
    ("ＡＢＣ科技（深圳）有限公司", "abc科技(深圳)有限公司"),
])
def test_normalize_name_by_hand(name, expected):
    assert normalize_name(name) == expected


def test_to_simplified_agrees_with_opencc():
    """Text without a character t2s may change is returned without calling OpenCC: every
    CJK character alone, and strings mixing the characters t2s changes with others, give
    what OpenCC itself gives."""
    import random

    import opencc

    from loaders.resolve.text import _t2s_chars, to_simplified

    chars = _t2s_chars()
    assert chars and {"陝", "長", "國", "乾"} <= chars and not {"陕", "长", "中"} & chars
    t2s = opencc.OpenCC("t2s")
    singles = [chr(c) for r in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
               for c in range(*r)]
    assert [c for c in singles if to_simplified(c) != t2s.convert(c)] == []
    rnd = random.Random(16)
    pool = sorted(chars) + list("陕长中国公司有限集团重庆厦门银行乾燥慰藉深沈ABc1 （）")
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 80))) for _ in range(5000)]
    assert [t for t in texts if to_simplified(t) != t2s.convert(t)] == []
