"""The data page's preview of a news article (ui/upload.py, `news_parts`): each part under its
Chinese name with Chinese column names, lists written out, the signings held back shown with
their reason, nothing internal (the `mechanism` key, `_` keys) on screen; English on request."""
from __future__ import annotations

from ui.upload import news_parts

FOUND = {
    "agreements": [{"parties": ["徐州市人民政府", "招商局集团"], "type": "战略合作协议",
                    "date": "2024-05-09", "evidence": "双方签署战略合作协议。",
                    "mechanism": "clause", "_via": "x"}],
    "dropped": [{"parties": ["徐州市", "华为技术有限公司"], "type": None, "status": "not_signed",
                 "reason": "意向/未来时", "evidence": "希望早日签约落地。"}],
    "visits": [{"visitor": "徐州市招商局", "host": "深圳", "host_name": "深圳市", "verb": "赴",
                "date": "2024-05-09", "evidence": "赴深圳考察。"},
               {"visitor": "徐州市招商局", "host": "华为技术有限公司", "verb": "考察", "date": None,
                "evidence": "考察华为技术有限公司。"}],
    "companies": [{"name": "招商局集团", "mentions": ["招商局集团", "招商局"], "id": None}],
    "organizations": [], "regions": [{"name": "徐州市", "code": "320300", "level": "city"}],
}


def test_parts_headed_in_chinese_with_readable_cells():
    parts = dict(news_parts(FOUND))
    assert list(parts) == ["签约 · 1", "未计为签约（意向、未签、出席者） · 1", "考察与拜访 · 2",
                           "企业 · 1", "地区 · 1"]          # an empty part is not shown
    ag = parts["签约 · 1"]
    assert list(ag.columns) == ["签约方", "类型", "日期", "项目", "金额（元）", "原文句子"]
    assert ag.iloc[0]["签约方"] == "徐州市人民政府、招商局集团"
    held = parts["未计为签约（意向、未签、出席者） · 1"]
    assert held.iloc[0]["原因"] == "意向/未来时"
    visits = parts["考察与拜访 · 2"]
    assert list(visits["接待方"]) == ["深圳市", "华为技术有限公司"]  # the resolved name, else as written
    assert parts["企业 · 1"].iloc[0]["文中写法"] == "招商局集团、招商局"
    shown = " ".join(" ".join(map(str, t.columns)) + t.to_string() for t in parts.values())
    assert "mechanism" not in shown and "_via" not in shown and "320300" not in shown
    assert "None" not in shown and ag.iloc[0]["项目"] == ""  # an empty cell, not "None"


def test_english_on_request():
    heads = [h for h, _ in news_parts(FOUND, "en")]
    assert heads[0] == "Agreements · 1" and "Visits · 2" in heads
    assert list(dict(news_parts(FOUND, "en"))["Agreements · 1"].columns)[0] == "Parties"
