"""Industry chain: a region's priority chain, segments upstream -> downstream, covered or gap."""
import pandas as pd
import streamlit as st

from ui import data, leads
from ui.i18n import t
from ui.text import md

STAGE_ORDER = {"上游": 0, "中游": 1, "下游": 2}

st.title(t("nav_chain"))
store = data.get_store()
target = data.store_target()

region = st.text_input(t("region"), "徐州市", key="chain_region").strip()
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
# plain symbols, not emoji: without an emoji font they render as empty boxes
MARK = {"已覆盖": "● " + t("covered"), "缺口": "▲ " + t("gap"), "数据不足": "○ " + t("no_data")}
counts = {k: sum(r["status"] == k for r in segs) for k in MARK}
st.caption(" · ".join(f"{MARK[k]} {n}" for k, n in counts.items()) + " · " +
           t("upstream_to_downstream"))
st.caption(t("chain_status_rule"))
for stage in dict.fromkeys((r.get("stage") or "").split("·")[-1] for r in segs):
    st.markdown(f"**{md(stage)}**")
    cols = st.columns(4)
    for i, r in enumerate(s for s in segs if (s.get("stage") or "").endswith(stage)):
        with cols[i % 4].container(border=True):
            st.markdown(f"**{md(r['segment'])}**  \n{MARK[r['status']]}")
            if r["companies"]:
                st.caption(md("、".join(r["companies"][:8])))
            elif r["status"] == "缺口":
                cands = leads.segment_candidates(target, region, r["code"])
                st.caption(md(f"{t('gap_candidates')}：" + ("；".join(
                    f"{n}（{why}）" if why else n for n, why in cands) or "—")))
            else:
                st.caption(f"本省 {int(r['province_only'])} 家只知道到省 · "
                           f"外地 {int(r['city_known'])} 家知道地市")

table = pd.DataFrame([{t("segment"): r["segment"], "stage": r.get("stage"),
                       t("local_companies"): "、".join(r["companies"]),
                       "状态": r["status"]} for r in segs])
st.dataframe(table, hide_index=True, width="stretch")
