"""What the pictures of a region need, read from the store with named queries: its profile,
chain coverage, recent agreements, flows into it, counts per province and per city of its
province, its top leads (lead engine) and the evidence network of those leads.

One function, `region_overview`, used by the landing page, the app's briefing button and
`kg brief`; it returns plain data (`Overview`), which `ui.maps`, `ui.charts` and `ui.brief`
draw. Every statement is a named query in `queries/*.cypher` or a `graph.lookup` function.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph import lookup
from queries.leads import rank_leads
from queries.leads.engine import SIGNAL_ZH
from queries.leads.fetch import resolve_region
from queries.library import get_query

EVIDENCE_LEADS = 3  # the evidence network shows the paths of this many top leads


@dataclass
class Overview:
    region: dict                      # region_profile row (code, name, level, priorities, ...)
    chain: list = field(default_factory=list)        # chain_coverage rows
    recent: list = field(default_factory=list)       # recent_agreements rows
    agreement_dates: list = field(default_factory=list)
    flows: list = field(default_factory=list)        # agreement_flows rows
    by_province: list = field(default_factory=list)  # map_by_province rows
    by_city: list = field(default_factory=list)      # map_by_city rows of the region's province
    leads: list = field(default_factory=list)        # [{rank, id, name, score, contributions,
    #                                                    reasons, evidence, region, city, province}]
    lead_list: str = "招商线索"   # which list `leads` holds: 招商线索, or 关联集团线索 when no company
    #                                fits the focus industries and only group ties are left
    signal_names: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=lambda: {"nodes": {}, "edges": []})
    industries: list = field(default_factory=list)
    made: str = field(default_factory=lambda: dt.date.today().isoformat())

    @property
    def province(self) -> str:
        return str(self.region.get("code", ""))[:2] + "0000"

    def leads_per(self, level: str) -> dict:
        """{region code: number of top leads located there}; level is province or city."""
        out: dict = {}
        for lead in self.leads:
            code = lead.get(level)
            if code:
                out[code] = out.get(code, 0) + 1
        return out


def run(store, name: str, **params) -> list[dict]:
    """A named query, read-only, documented defaults filled in."""
    q = get_query(name)
    return store.run_readonly(q.text, {**q.defaults(), **params}).records()


def region_overview(store, region: str, industries=(), top: int = 10,
                    with_leads: bool = True) -> Overview:
    """Everything the landing page and the briefing show for `region` (name or code).
    An unknown region raises the lead engine's InputError with the closest names."""
    code = resolve_region(store, region).code
    prof = run(store, "region_profile", region=code)
    ov = Overview(region=prof[0] if prof else {"code": code, "name": region},
                  industries=list(industries))
    ov.chain = run(store, "chain_coverage", region=code)
    ov.recent = run(store, "region_recent_agreements", region=code, limit=10)
    ov.agreement_dates = [r["date"] for r in run(
        store, "agreements_by_region", region=code, **{"from": "0000", "to": "9999"},
        limit=5000) if r.get("date")]
    ov.flows = run(store, "region_flows", region=code)
    ov.by_province = run(store, "map_by_province")
    ov.by_city = run(store, "map_by_city", province=ov.province)
    if with_leads:
        _add_leads(store, ov, code, list(industries), top)
    return ov


def _add_leads(store, ov: Overview, code: str, industries: list, top: int) -> None:
    report = rank_leads(store, code, industries, [], top=top)
    ov.signal_names = dict(SIGNAL_ZH)
    leads = report.leads
    if not leads and report.group_leads:
        leads, ov.lead_list = report.group_leads, "关联集团线索"
    where = {r["id"]: r for r in run(store, "company_regions",
                                     ids="|".join(str(lead.id) for lead in leads))}
    ov.leads = [{"rank": lead.rank, "id": str(lead.id), "name": lead.name,
                 "score": lead.score, "contributions": dict(lead.contributions),
                 "signals": dict(lead.signals),
                 "reasons": [r.to_dict() for r in lead.reasons],
                 "evidence": list(lead.evidence),
                 **{k: where.get(str(lead.id), {}).get(k) for k in ("region", "city",
                                                                     "province")}}
                for lead in leads]
    ov.evidence = evidence_network(store, ov.leads[:EVIDENCE_LEADS])


def evidence_network(store, leads: list[dict]) -> dict:
    """{"nodes": {key: {"label", "name"}}, "edges": [(a, b, type)], "centers": [lead ids]}:
    the union of the evidence paths of `leads`."""
    paths = [[str(k) for k in e.get("path", [])] for lead in leads
             for e in lead.get("evidence", []) if e.get("path")]
    keys = sorted({k for p in paths for k in p} | {lead["id"] for lead in leads})
    info = {r["key"]: r for r in store.read(lookup.nodes_by_keys(), {"keys": keys}).records()}
    pairs = sorted({(a, b) for p in paths for a, b in zip(p, p[1:]) if a != b})
    types = {}
    if pairs:
        both = [list(p) for p in pairs] + [[b, a] for a, b in pairs]
        for r in store.read(lookup.links_between(), {"pairs": both}).records():
            types[(r["a"], r["b"])] = types[(r["b"], r["a"])] = r["type"]
    nodes = {k: {"label": info.get(k, {}).get("label", "?"),
                 "name": info.get(k, {}).get("name") or k} for k in keys}
    return {"nodes": nodes, "edges": [(a, b, types.get((a, b), "")) for a, b in pairs],
            "centers": [lead["id"] for lead in leads]}
