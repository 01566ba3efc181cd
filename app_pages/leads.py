"""Leads: ranked, explained companies for a target region; evidence drawn; CSV / Excel."""
import dataclasses

import streamlit as st

from graph.errors import KGError
from queries.leads import DEFAULT_WEIGHTS
from queries.leads import present
from queries.leads.engine import SIGNAL_ZH
from ui import auth, data, leads, pipeline
from ui.embed import show_network
from ui.i18n import t
from ui.text import md

st.title(t("nav_leads"))
store = data.get_store()
target = data.store_target()


def _split(text: str) -> tuple:
    return tuple(x.strip() for x in text.replace("，", ",").replace("、", ",").split(",")
                 if x.strip())


with st.form("leads_form"):
    c1, c2 = st.columns([2, 1])
    region = c1.text_input(t("region"), "徐州市", key="lead_region")
    top = c2.number_input(t("top_n"), 1, 200, 20, key="lead_top")
    industries = st.text_input(t("focus_industries"), "", key="lead_industries",
                               placeholder="集成电路与ICT、新能源")
    sources = st.text_input(t("source_regions"), "", key="lead_sources",
                            placeholder="粤港澳大湾区")
    with st.expander(t("weights")):
        cols = st.columns(3)
        weights = {k: cols[i % 3].slider(f"{SIGNAL_ZH.get(k, k)} ({k})", 0.0, 1.0,
                                         float(v), 0.05, key=f"w_{k}")
                   for i, (k, v) in enumerate(DEFAULT_WEIGHTS.items())}
    submitted = st.form_submit_button(t("run_leads"), type="primary")

if submitted:
    try:
        st.session_state["lead_report"] = leads.rank(
            target, region.strip(), _split(industries), _split(sources), int(top),
            tuple(sorted(weights.items())))
    except KGError as exc:
        st.session_state.pop("lead_report", None)
        st.error(md(str(exc).split("\n")[0]))
        st.stop()

report = st.session_state.get("lead_report")
if report is None:
    st.stop()
res = present.as_dict(report)
st.caption(present.summary(res))
for note in res.get("notes") or []:
    st.caption(f"注：{note}")
if not res["leads"] and not res.get("group_leads"):
    st.info(t("no_leads"))
    st.stop()
stages = pipeline.stage_of_companies(report.region["code"])  # already in follow-up: marked
if res["leads"]:
    st.dataframe(leads.table(res, stages=stages), hide_index=True, width="stretch")
else:
    st.info(t("no_leads"))
if auth.can("analyst"):  # exports: analysts and above
    c1, c2 = st.columns(2)
    c1.download_button(t("download_csv"), leads.csv_bytes(report),
                       present.file_name(res, "csv"), "text/csv", key="dl_csv",
                       on_click="ignore")
    c2.download_button(t("download_xlsx"), leads.xlsx_bytes(report),
                       present.file_name(res, "xlsx"),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="dl_xlsx", on_click="ignore")
if res.get("group_leads"):
    st.subheader("关联集团线索")
    st.caption("关注产业之外、经集团关系与本地区已有合作相连的企业")
    st.dataframe(leads.table(res, "group_leads", stages), hide_index=True, width="stretch")

every = [("", x) for x in res["leads"]] + [("关联集团 ", x) for x in res.get("group_leads") or []]
names = [f"{kind}{x['rank']}. {x['name']}" for kind, x in every]
pick = st.selectbox(t("lead_pick"), range(len(every)), format_func=names.__getitem__,
                    key="lead_pick")
lead = every[pick][1]
if auth.can("editor") and str(lead["id"]) not in stages:
    if st.button(t("fu_add"), key="lead_follow"):
        try:
            pipeline.write("add", auth.actor(), lead["id"], report.region["code"])
        except KGError as exc:
            data.show_error(exc)
        else:
            st.rerun()
st.subheader(t("reasons"))
for i, reason in enumerate(present.reasons(lead)):
    st.markdown(f"{i + 1}\\. {md(present.reason_line(reason))}"
                + (f" [{t('sources')}]({reason['source_uri']})"
                   if str(reason.get("source_uri") or "").startswith(("http://", "https://"))
                   else ""))
if lead.get("risk"):
    st.warning(md("风险提示：" + "、".join(lead["risk"])))
st.subheader(t("evidence"))
show_network(leads.evidence_graph(target, lead), center=str(lead["id"]))
