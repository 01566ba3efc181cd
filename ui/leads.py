"""Leads page helpers: call the lead engine (queries/leads) and turn its report into tables,
files and evidence pictures."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from queries.leads import export, rank_leads
from ui import data
from ui.network import GraphData


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def rank(target: str, region: str, industries: tuple, sources: tuple, top: int,
         weights: tuple):
    return rank_leads(data._open(target), region, list(industries), list(sources),
                      top=top, weights=dict(weights))


def csv_bytes(report) -> bytes:
    return export.to_csv(report).encode("utf-8-sig")


def xlsx_bytes(report) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leads.xlsx"
        export.write_xlsx(report, path)
        return path.read_bytes()


def table(report, stages: dict | None = None):
    """The leads; with `stages` ({company id: follow-up stage}) a column marks the companies
    the region already follows."""
    import pandas as pd
    df = pd.DataFrame(export.lead_rows(report), columns=export.LEAD_HEADERS)
    if stages is not None:
        df.insert(2, "跟进", [stages.get(lead.id, "") for lead in report.leads])
    return df


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
