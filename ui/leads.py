"""Leads page helpers: call the lead engine (queries/leads) and turn its report into tables,
files and evidence pictures."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from queries.leads import export, present, rank_leads
from queries.leads.engine import gap_candidates
from ui import data
from ui.network import GraphData


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def rank(target: str, region: str, industries: tuple, sources: tuple, top: int,
         weights: tuple):
    return rank_leads(data._open(target), region, list(industries), list(sources),
                      top=top, weights=dict(weights))


@st.cache_data(ttl=data.CACHE_TTL_S, show_spinner=False)
def segment_candidates(target: str, region: str, code: str, top: int = 5):
    """[(name, first reason line)] from the engine for a chain segment."""
    res = present.as_dict(gap_candidates(data._open(target), region, code, top))
    return [(x["name"], present.reason_line(present.reasons(x)[0]) if present.reasons(x) else "")
            for x in res["leads"]]


def csv_bytes(report) -> bytes:
    return export.to_csv(report).encode("utf-8-sig")


def xlsx_bytes(report) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "leads.xlsx"
        export.write_xlsx(report, path)
        return path.read_bytes()


def table(res: dict, key: str = "leads", stages: dict | None = None):
    """The lead table as the app shows it (the Excel file's first sheet); with `stages`
    ({company id: follow-up stage}) a column marks the companies the region already follows."""
    df = pd.DataFrame(export.lead_rows(res, key), columns=export.lead_headers(res))
    if stages is not None:
        df.insert(2, "跟进", [stages.get(str(x.get("id")), "") for x in res.get(key) or []])
    return df


def evidence_graph(target: str, lead: dict) -> GraphData:
    """The lead's evidence paths (node ids, from its reasons or its evidence list) drawn."""
    items = (lead.get("evidence") or []) + (lead.get("reasons") or [])
    paths = [[str(k) for k in e["path"]] for e in items if isinstance(e, dict) and e.get("path")]
    keys = {k for p in paths for k in p} | {str(lead["id"])}
    info = data.describe_keys(target, list(keys))
    pairs = {(a, b) for p in paths for a, b in zip(p, p[1:])}
    types = data.link_types(target, sorted(pairs)) if pairs else {}
    g = GraphData()
    for k in [str(lead["id"])] + [k for p in paths for k in p]:
        i = info.get(k, {})
        g.add_node(k, i.get("label", "?"), i.get("name") or k)
    for a, b in sorted(pairs):
        g.add_edge(a, b, types.get((a, b), ""))
    return g
