"""Landing page: the default region's story at a glance (counts, map, recent agreements, top
leads, the briefing deck); search is one click away."""
import pandas as pd
import streamlit as st

from graph.errors import KGError
from ui import data
from ui.i18n import t
from ui.sidebar import download_name
from queries.pictures import region_overview
from ui import charts, maps
from ui.brief import build_brief

DEFAULT_REGION = "徐州市"


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def overview(target: str, region: str):
    return region_overview(data._open(target), region, top=10)


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def deck(target: str, region: str) -> bytes:
    return build_brief(overview(target, region))


store = data.get_store()
target = data.store_target()
st.page_link("app_pages/search.py", label=t("go_search"))
region = st.session_state.get("home_region", DEFAULT_REGION)
try:
    ov = overview(target, region)
except KGError as exc:
    st.error(str(exc).split("\n")[0])
    region = st.text_input(t("home_region"), DEFAULT_REGION, key="home_region")
    st.stop()
name = ov.region.get("name", region)
st.title(t("home_title", region=name))
st.text_input(t("home_region"), region, key="home_region")

cols = st.columns(5)
cols[0].metric(t("home_local"), f"{ov.region.get('local_companies', 0):,}")
cols[1].metric(t("home_priorities"), len(ov.region.get("priorities") or []))
cols[2].metric(t("home_agreements"), len(ov.agreement_dates))
cols[3].metric(t("home_gaps"), sum(1 for r in ov.chain if r.get("gap")))
cols[4].metric(t("home_leads"), len(ov.leads))

names = {p["code"]: p["name"] for p in ov.by_province}
c1, c2, c3 = st.columns([2, 1, 2])
scope = c1.radio(t("map_scope"), ["country", "province"], horizontal=True, key="map_scope",
                 format_func=lambda s: t("map_country") if s == "country" else t("map_by_city"))
province = ov.province
if scope == "province" and names:  # drill down: the region's province first, any other
    codes = sorted(names)
    province = c2.selectbox(t("map_pick_province"), codes, key="map_province",
                            index=codes.index(ov.province) if ov.province in codes else 0,
                            format_func=names.get)
metric = c3.radio(t("map_metric"), ["leads", "companies", "agreements"], horizontal=True,
                  key="map_metric", format_func=lambda m: t(f"metric_{m}"))
rows = ov.by_province if scope == "country" else ov.by_city if province == ov.province \
    else data.named(target, "map_by_city", {"province": province}).records()
values = ov.leads_per("province" if scope == "country" else "city") if metric == "leads" \
    else {r["code"]: r[metric] for r in rows}
title = t("map_title", scope=t("map_country") if scope == "country"
          else t("map_province", province=names.get(province, "")), metric=t(f"metric_{metric}"))
try:
    build = maps.country_map if scope == "country" else \
        (lambda v, **kw: maps.province_map(province, v, **kw))
    m = build(values, title=title, legend=t(f"legend_{metric}"), flows=ov.flows,
              target=ov.region.get("code") if province == ov.province else None,
              width=800, height=660)
    st.plotly_chart(maps.figure(m), width="content", config={"displayModeBar": False},
                    key="home_map")
except KGError as exc:
    st.info(str(exc).split("\n")[0])

left, right = st.columns(2)
with left:
    st.subheader(t("recent_agreements"))
    st.dataframe(pd.DataFrame([{t("date"): r["date"], t("title"): r["title"],
                                t("parties"): "、".join(r["parties"])} for r in ov.recent]),
                 hide_index=True, width="stretch")
    counts = charts.by_period(ov.agreement_dates)
    if counts:
        st.plotly_chart(charts.agreements_over_time(counts, t("agreements_time")),
                        config={"displayModeBar": False}, key="home_timeline")
with right:
    st.subheader(t("top_leads"))
    st.dataframe(pd.DataFrame([{"#": x["rank"], t("name"): x["name"], "score": round(x["score"], 3),
                                "": (x["reasons"][0]["text"] if x["reasons"] else "")} for x in ov.leads]),
                 hide_index=True, width="stretch")
if ov.leads:
    st.plotly_chart(charts.score_bars(charts.score_rows(ov.leads, ov.signal_names),
                                      t("lead_scores")),
                    config={"displayModeBar": False}, key="home_scores")

if st.button(t("brief_make"), key="brief_make"):
    st.session_state["brief_for"] = name
if st.session_state.get("brief_for") == name:
    file = download_name(f"{name}_招商简报", "pptx")
    with st.spinner(t("brief_make")):
        pptx = deck(target, name)
    st.download_button(t("brief_download", name=file), pptx, file,
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="brief_dl", on_click="ignore")
