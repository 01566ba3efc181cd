"""Leads: ranked, explained companies for a target region; evidence drawn; CSV / Excel."""
import streamlit as st

from graph.errors import KGError
from queries.leads import DEFAULT_WEIGHTS
from queries.leads.engine import SIGNAL_ZH
from ui import auth, data, leads, pipeline
from ui.embed import show_network
from ui.i18n import t
from ui.sidebar import download_name

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
        st.error(str(exc).split("\n")[0])
        st.stop()

report = st.session_state.get("lead_report")
if report is None:
    st.stop()
if not report.leads:
    st.info(t("no_leads"))
    st.stop()

st.caption(f"{report.region['name']}（{report.region['code']}）· {report.candidates}")
stages = pipeline.stage_of_companies(report.region["code"])  # already in follow-up: marked
st.dataframe(leads.table(report, stages), hide_index=True, width="stretch")
if auth.can("analyst"):  # exports: analysts and above
    c1, c2 = st.columns(2)
    c1.download_button(t("download_csv"), leads.csv_bytes(report),
                       download_name("leads", "csv"), "text/csv", key="dl_csv",
                       on_click="ignore")
    c2.download_button(t("download_xlsx"), leads.xlsx_bytes(report),
                       download_name("leads", "xlsx"),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="dl_xlsx", on_click="ignore")

names = {lead.rank: f"{lead.rank}. {lead.name}" for lead in report.leads}
pick = st.selectbox(t("lead_pick"), list(names), format_func=names.get, key="lead_pick")
lead = report.leads[pick - 1]
if auth.can("editor") and lead.id not in stages:
    if st.button(t("fu_add"), key="lead_follow"):
        try:
            pipeline.write("add", auth.actor(), lead.id, report.region["code"])
        except KGError as exc:
            data.show_error(exc)
        else:
            st.rerun()
st.subheader(t("reasons"))
for i, reason in enumerate(lead.reasons or ["—"]):
    st.markdown(f"{i + 1}. {reason}")
for e in lead.evidence:
    if e.get("sentence") or e.get("sources"):
        sources = "、".join(e.get("sources") or [])
        st.caption(e.get("sentence", "") + (f"（{t('sources')}：{sources}）" if sources else ""))
st.subheader(t("evidence"))
show_network(leads.evidence_graph(target, lead), center=str(lead.id))
