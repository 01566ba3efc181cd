"""The landing page and the overview's map (issue 18), through streamlit.testing.v1.AppTest on
the demo graph; fixtures and helpers from test_app_pages."""
from __future__ import annotations

import json

from test_app_pages import app_store, no_trouble, run_page  # noqa: F401 - app_store: fixture


def test_home_page_is_the_default_and_tells_the_story(app_store):
    at = run_page()  # the landing page: the default region at a glance
    no_trouble(at)
    assert at.title[0].value == "徐州市 招商概览"
    assert [m.label for m in at.metric][:3] == ["本地企业", "重点产业", "签约协议"]
    charts = at.get("plotly_chart")
    assert len(charts) >= 2
    fig = json.loads(charts[0].proto.spec)
    assert fig["layout"]["legend"]["title"]["text"] == "线索数（条）"
    assert sum(1 for t in fig["data"] if t.get("fill") == "toself"  # province outlines
               and t.get("xaxis", "x") == "x") == 34
    assert not at.dataframe[0].value.empty  # recent agreements
    at.radio(key="map_scope").set_value("province").run()
    no_trouble(at)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "徐州市" in {t.get("name") for t in fig["data"]}  # drilled down to 江苏省's cities
    at.selectbox(key="map_province").set_value("440000").run()  # any other province
    no_trouble(at)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "深圳市" in {t.get("name") for t in fig["data"]}
    assert fig["layout"]["title"]["text"].startswith("广东省（按市）")
    at.button(key="brief_make").click().run()
    no_trouble(at)
    assert at.get("download_button")


def test_overview_draws_the_map_of_china(app_store):
    at = run_page("overview")
    no_trouble(at)
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert fig["layout"]["legend"]["title"]["text"] == "企业数（家）"
    assert sum(1 for t in fig["data"] if t.get("fill") == "toself"
               and t.get("xaxis", "x") == "x") == 34
