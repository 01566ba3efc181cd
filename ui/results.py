"""Show a query result: a table, a graph when nodes come back, a CSV download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.cells import cell_text, csv_text
from graph.store import QueryResult
from ui.embed import show_network
from ui.i18n import t
from ui.network import from_values
from ui.text import md


def _cell(v):
    return cell_text(v) if isinstance(v, (dict, list)) else v


def frame(res: QueryResult) -> pd.DataFrame:
    cols = list(dict.fromkeys(res.columns))  # duplicate column names would break the table
    return pd.DataFrame([[_cell(v) for v in r[:len(cols)]] for r in res.rows], columns=cols)


def csv_bytes(res: QueryResult) -> bytes:
    """The console's CSV download: what `kg query --format csv` writes (formulas as text)."""
    return csv_text(res.columns, res.rows).encode("utf-8-sig")


def has_paths(res: QueryResult) -> bool:
    return any(isinstance(v, dict) and v.get("_path") for r in res.rows for v in r)


def show_result(res: QueryResult, key: str, hint: str | None = None) -> None:
    """The table, or the graph when asked for (or by default for paths). Only the view shown
    is drawn: a network drawn in a hidden tab lays out in a zero-size frame."""
    st.caption(t("rows", n=len(res.rows), ms=res.elapsed_ms))
    if res.truncated:
        st.warning(t("truncated"))
    if hint:
        st.caption(md(hint))
    graph = from_values([v for r in res.rows for v in r])
    view = t("table")
    if graph:
        options = [t("table"), t("as_graph")]
        view = st.radio(t("view"), options, index=1 if has_paths(res) else 0,
                        key=f"view_{key}", horizontal=True, label_visibility="collapsed")
    if view == t("table"):
        st.dataframe(frame(res), hide_index=True, width="stretch")
    else:
        show_network(graph)
    st.download_button(t("download_csv"), csv_bytes(res),
                       f"{key}.csv", "text/csv", key=f"dl_{key}", on_click="ignore")
