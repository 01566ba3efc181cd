"""Search and explore: one search box, an entity card, the network around it, its neighbours."""
import pandas as pd
import streamlit as st

from ui import data
from ui.card import entity_card
from ui.embed import show_network
from ui.i18n import label_name, rel_name, t
from ui.network import from_neighbourhood
from ui.text import md

st.title(t("nav_search"))
store = data.get_store()
target = data.store_target()

q = st.text_input(t("search_box"), key="q", placeholder=t("search_hint"))
hits = data.search(target, q, 10) if q.strip() else []
if q.strip() and not hits:
    st.info(t("no_match", q=md(q)))
if hits:
    keys = [h["key"] for h in hits]
    names = {h["key"]: f"{h['name']} · {label_name(h['label'])}" for h in hits}
    pick = st.selectbox(t("suggestions"), keys, format_func=names.get, key="pick")
    if st.session_state.get("picked") != (q, pick):  # a new choice re-centres
        st.session_state["picked"] = (q, pick)
        st.session_state["focus"] = pick

focus = st.session_state.get("focus")
if not focus:
    st.caption(t("search_hint"))
    st.stop()

entity_card(target, focus)

c1, c2 = st.columns(2)
depth = c1.slider(t("depth"), 1, 3, 1, key="depth")
size = c2.slider(t("size"), 10, 500, 100, step=10, key="size")
res = data.named(target, "neighbourhood", {"key": focus, "depth": depth, "limit": size + 1})
graph = from_neighbourhood(res.records(), center=focus)

st.subheader(t("network"))
if len(graph.nodes) <= 1:
    st.info(t("no_neighbours"))
    st.stop()
show_network(graph, center=focus, cap=size + 1)

others = [k for k in graph.capped(size + 1, keep=focus).nodes if k != focus]
c3, c4 = st.columns([3, 1])
new = c3.selectbox(t("recentre"), others, key="recentre_pick",
                   format_func=lambda k: f"{graph.nodes[k]['name']} · "
                                         f"{label_name(graph.nodes[k]['label'])}")
if c4.button(t("recentre_btn"), key="recentre_btn"):
    st.session_state["focus"] = new
    st.rerun()

st.subheader(t("neighbours"))
rows = [{t("relationships"): rel_name(rel), t("kind"): label_name(graph.nodes[o]["label"]),
         t("name"): graph.nodes[o]["name"], "key": o, "→": "→" if a == focus else "←"}
        for a, b, rel in graph.edges if focus in (a, b) for o in [b if a == focus else a]]
# the internal "key" is kept in the frame (re-centring, tests) but not shown: names only
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
             column_order=[c for c in (rows[0] if rows else {}) if c != "key"])
