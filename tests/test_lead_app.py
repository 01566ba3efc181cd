"""The leads and chain pages as a strategist sees them (AppTest on the demo graph): each
reason once, the caption labelled, chain statuses (issue 15, items 8 and 9)."""
from __future__ import annotations

from test_app_pages import app_store, no_trouble, run_page  # noqa: F401 (fixture)


def test_each_reason_shown_once_and_caption_labelled(app_store):  # noqa: F811
    at = run_page("leads")
    at.text_input(key="lead_region").input("徐州市")
    at.button[0].click().run()
    no_trouble(at)
    caption = at.caption[0].value
    assert caption.startswith("目标地区：徐州市 · 关注产业：") and "320300" not in caption
    texts = [m.value for m in at.markdown]
    numbered = [t for t in texts if t[:1].isdigit() and ". " in t[:4]]
    assert numbered, texts
    reasons = [t.split(". ", 1)[1] for t in numbered]
    assert len(reasons) == len(set(reasons))
    shown = " ".join(texts + [c.value for c in at.caption])
    for r in reasons:  # no second copy of a reason anywhere on the page (a caption, say)
        core = r.split("（")[0].replace("[强] ", "").replace("[中] ", "").replace("[弱] ", "")
        assert shown.count(core) == 1, core
    table = at.dataframe[0].value
    assert {"企业全称", "所在地", "行业", "股票代码", "证据等级", "风险提示"} <= set(table.columns)
    assert "企业标识" not in table.columns


def test_chain_page_shows_status_not_blanket_gaps(app_store):  # noqa: F811
    at = run_page("chain")
    no_trouble(at)
    if at.info and not at.selectbox:
        return
    statuses = set(at.dataframe[0].value["状态"])
    assert statuses <= {"已覆盖", "缺口", "数据不足"}
    assert statuses != {"缺口"}
