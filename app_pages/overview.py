"""Overview: counts, recent agreements, a tile-free map of regions and agreement flows."""
import pandas as pd
import streamlit as st

from ui import data, geo
from ui.embed import embed_html
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
regions = data.named(target, "map_regions", {}).records()
flows = data.named(target, "agreement_flows", {}).records()
if not regions and not flows:
    st.info(t("no_coords"))
else:
    # an iframe: st.html sanitises SVG away
    embed_html(f'<html><body style="margin:0">{geo.svg_map(regions, flows)}</body></html>',
               geo.H)
