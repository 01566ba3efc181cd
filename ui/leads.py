"""Leads page helpers: call the lead engine (queries/leads) and turn its report into tables,
files and evidence pictures. The engine may be absent on older checkouts: `engine()` is None."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from graph.ui import data
from graph.ui.network import GraphData


def engine():
    try:
        from queries import leads
        from queries.leads import export
        return leads, export
    except ImportError:
        return None


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def rank(target: str, region: str, industries: tuple, sources: tuple, top: int,
         weights: tuple):
    leads, _ = engine()
    return leads.rank_leads(data._open(target), region, list(industries), list(sources),
                            top=top, weights=dict(weights))


def csv_bytes(report) -> bytes:
    return engine()[1].to_csv(report).encode("utf-8-sig")


def xlsx_bytes(report) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leads.xlsx"
        engine()[1].write_xlsx(report, path)
        return path.read_bytes()


def table(report):
    import pandas as pd
    export = engine()[1]
    return pd.DataFrame(export.lead_rows(report), columns=export.LEAD_HEADERS)


def evidence_graph(target: str, lead) -> GraphData:
    paths = [[str(k) for k in e.get("path", [])] for e in lead.evidence if e.get("path")]
    keys = {k for p in paths for k in p} | {str(lead.id)}
    info = data.describe_keys(target, list(keys))
    pairs = {(a, b) for p in paths for a, b in zip(p, p[1:])}
    types = data.link_types(target, sorted(pairs)) if pairs else {}
    g = GraphData()
    for k in [str(lead.id)] + [k for p in paths for k in p]:
        i = info.get(k, {})
        g.add_node(k, i.get("label", "?"), i.get("name") or k)
    for a, b in sorted(pairs):
        g.add_edge(a, b, types.get((a, b), ""))
    return g
