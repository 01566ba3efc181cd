"""Industry chain: a region's priority chain, segments upstream -> downstream, covered or gap."""
import pandas as pd
import streamlit as st

from ui import data
from ui.i18n import t
from ui.text import md

STAGE_ORDER = {"上游": 0, "中游": 1, "下游": 2}

st.title(t("nav_chain"))
store = data.get_store()
target = data.store_target()

c1, c2 = st.columns(2)
region = c1.text_input(t("region"), "徐州市", key="chain_region").strip()
elsewhere = c2.text_input(t("candidates"), "粤港澳大湾区", key="chain_elsewhere").strip()
if not region:
    st.stop()
rows = data.named(target, "chain_coverage", {"region": region}).records()
if not rows:
    problem = data.region_problem(target, region)
    if problem:
        st.error(problem)
    else:
        st.info(t("no_chain"))
    st.stop()

def _chain(r: dict) -> str:
    return (r.get("stage") or r.get("priority") or "").split("·")[0]


def _order(r: dict) -> tuple:
    stage = (r.get("stage") or "").split("·")[-1]
    return STAGE_ORDER.get(stage, 9), r["code"]


chains = sorted({_chain(r) for r in rows})
chain = st.selectbox(t("chain"), chains, key="chain_pick")
segs = sorted((r for r in rows if _chain(r) == chain), key=_order)
st.caption(t("upstream_to_downstream"))
for stage in dict.fromkeys((r.get("stage") or "").split("·")[-1] for r in segs):
    st.markdown(f"**{md(stage)}**")
    cols = st.columns(4)
    for i, r in enumerate(s for s in segs if (s.get("stage") or "").endswith(stage)):
        with cols[i % 4].container(border=True):
            mark = "✅ " + t("covered") if not r["gap"] else "⚠️ " + t("gap")
            st.markdown(f"**{md(r['segment'])}**  \n{mark}")
            if r["companies"]:
                st.caption(md("、".join(r["companies"][:8])))
            elif elsewhere:
                cand = data.named(target, "companies_by_industry_region",
                                  {"industry": r["code"], "region": elsewhere, "limit": 5})
                names = [c["name"] for c in cand.records()]
                if names:
                    st.caption(f"{t('candidates')}：" + md("、".join(names)))

table = pd.DataFrame([{t("segment"): r["segment"], "stage": r.get("stage"),
                       t("local_companies"): "、".join(r["companies"]),
                       t("gap"): bool(r["gap"])} for r in segs])
st.dataframe(table, hide_index=True, width="stretch")
