"""The leads and chain pages as a strategist sees them (AppTest on the demo graph): each
reason once, the caption labelled, chain statuses (issue 15, items 8 and 9)."""
from __future__ import annotations

import os

import pytest

from loaders.demo import load_demo
from test_app_pages import app_store, no_trouble, run_page  # noqa: F401 (fixture)


@pytest.fixture(scope="module")
def full_demo(tmp_path_factory):
    """The demo as shipped (the curated companies): 徐州市 has leads that fit its priorities."""
    from graph.stores import open_store
    target = f"embedded:{tmp_path_factory.mktemp('ui_full') / 'kg'}"
    st = open_store(target)
    st.setup_schema()
    load_demo(st)
    old = os.environ.get("KG_STORE")
    os.environ["KG_STORE"] = target
    yield st
    os.environ.pop("KG_STORE") if old is None else os.environ.update(KG_STORE=old)
    st.close()


def test_each_reason_shown_once_and_caption_labelled(full_demo):
    at = run_page("leads")
    at.text_input(key="lead_region").input("徐州市")
    at.button[0].click().run()
    no_trouble(at)
    caption = [c.value for c in at.caption if c.value.startswith("目标地区：")]
    assert len(caption) == 1 and caption[0].startswith("目标地区：徐州市 · 关注产业：")
    assert "候选企业" in caption[0] and "320300" not in caption[0]
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
