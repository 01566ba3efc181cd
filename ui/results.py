"""Show a query result: a table, a graph when nodes come back, a CSV download."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.cells import cell_text, csv_text
from graph.store import QueryResult
from ui.embed import show_network
from ui.i18n import t
from ui.network import from_values


def _cell(v):
    return cell_text(v) if isinstance(v, (dict, list)) else v


def frame(res: QueryResult) -> pd.DataFrame:
    cols = list(dict.fromkeys(res.columns))  # duplicate column names would break the table
    return pd.DataFrame([[_cell(v) for v in r[:len(cols)]] for r in res.rows], columns=cols)


def csv_bytes(res: QueryResult) -> bytes:
    """The console's CSV download: what `kg query --format csv` writes (formulas as text)."""
    return csv_text(res.columns, res.rows).encode("utf-8-sig")


def show_result(res: QueryResult, key: str) -> None:
    st.caption(t("rows", n=len(res.rows), ms=res.elapsed_ms))
    if res.truncated:
        st.warning(t("truncated"))
    df = frame(res)
    graph = from_values([v for r in res.rows for v in r])
    tabs = st.tabs([t("table"), t("as_graph")] if graph else [t("table")])
    with tabs[0]:
        st.dataframe(df, hide_index=True, width="stretch")
    if graph:
        with tabs[1]:
            show_network(graph)
    st.download_button(t("download_csv"), csv_bytes(res),
                       f"{key}.csv", "text/csv", key=f"dl_{key}", on_click="ignore")
