"""Put a network picture on the page: legend, the capped pyvis HTML, a 'show more' note."""
from __future__ import annotations

import streamlit as st

from ui.i18n import label_name, rel_name, t
from ui.network import DEFAULT_CAP, GraphData, legend_html, to_html

HEIGHT = 560


def embed_html(page: str, height: int = HEIGHT) -> None:
    """st.iframe (Streamlit 1.56+); st.components.v1.html only on older versions."""
    if hasattr(st, "iframe"):
        st.iframe(page, height=height + 20)
    else:  # pragma: no cover - older Streamlit
        import streamlit.components.v1 as components
        components.html(page, height=height + 20)


def show_network(graph: GraphData, *, center=None, cap: int = DEFAULT_CAP,
                 height: int = HEIGHT) -> str:
    shown = graph.capped(cap, keep=center)
    rels = sorted({e[2] for e in shown.edges if e[2]})
    st.html(legend_html(shown.labels(), rels, label_name, rel_name))
    if graph.total > len(shown.nodes):
        st.caption(t("show_more", shown=len(shown.nodes), total=f"{graph.total}+"))
    page = to_html(graph, center=center, cap=cap, height=height,
                   label_name=label_name, rel_name=rel_name)
    st.session_state["_last_graph_html"] = page  # for tests and debugging
    embed_html(page, height)
    return page
