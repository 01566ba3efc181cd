"""Rank investment leads for a target region and keep every signal's contribution.

`rank_leads` reads the relevant subgraph (`fetch.py`), builds networkx projections (industry
classes, chain links, ownership, and one undirected graph for personalised PageRank), scores
each candidate with the pure functions in `signals.py` and explains it with `explain.py`.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import networkx as nx

from graph.errors import InputError
from queries.leads import explain, fetch, followup
from queries.leads import signals as sg

DEFAULT_WEIGHTS = {"group": 0.35, "industry": 0.25, "chain_gap": 0.10, "proximity": 0.15,
                   "source_region": 0.10, "scale": 0.05}
SIGNAL_ZH = {"group": "集团关联", "industry": "行业匹配", "chain_gap": "补链", "proximity": "网络接近",
             "source_region": "来源地区", "scale": "规模"}
# Companies reached only through an industry (or a source region) differ from each other by
# their scale alone, so a ranking of `top` leads needs at most the `top` largest of each
# industry; per_code(top) fetches twice that plus a margin for the excluded ones (local or
# already engaged companies among the largest).
def per_code(top: int) -> int:
    return 2 * max(top, 1) + 20


@dataclass
class Lead:
    rank: int
    id: str
    name: str
    score: float
    contributions: dict
    signals: dict
    reasons: list = field(default_factory=list)
    evidence: list = field(default_factory=list)  # [{"reason": i, "path": [ids], "sources": [..]}]


@dataclass
class LeadReport:
    region: dict
    params: dict
    leads: list
    candidates: int
    created: str = field(default_factory=lambda: dt.datetime.now().isoformat(timespec="seconds"))


def parse_weights(text: str | dict | None) -> dict:
    """'group=0.5,scale=0' -> DEFAULT_WEIGHTS updated; unknown names are an InputError."""
    if not text:
        return dict(DEFAULT_WEIGHTS)
    pairs = text.items() if isinstance(text, dict) else (p.split("=", 1) for p in text.split(","))
    out = dict(DEFAULT_WEIGHTS)
    for k, v in pairs:
        k = k.strip()
        if k not in DEFAULT_WEIGHTS:
            raise InputError(f"unknown weight {k!r}", hint=f"use {', '.join(DEFAULT_WEIGHTS)}")
        out[k] = float(v)
    return out


def rank_leads(store, region: str, industries=None, source_regions=None, top: int = 20,
               weights=None, asof: str | None = None, hidden=()) -> LeadReport:
    """Ranked leads for `region` (name or code); see docs/leads.md."""
    w = parse_weights(weights)
    ctx = Context.load(store, region, industries or [], source_regions or [], asof, hidden, top)
    scored = rank_candidates(ctx, w)
    leads = [_lead(ctx, i + 1, cid, total, contrib, sig)
             for i, (total, _, cid, contrib, sig) in enumerate(scored[:top])]
    params = {"region": ctx.region.name, "region_code": ctx.region.code,
              "industries": [ctx.industry_name(c) for c in ctx.focus],
              "source_regions": source_regions or [], "top": top, "weights": w,
              "asof": asof or "", "hidden_agreements": len(hidden)}
    return LeadReport({"code": ctx.region.code, "name": ctx.region.name}, params, leads,
                      len(ctx.candidates))


def rank_candidates(ctx: "Context", w: dict) -> list[tuple]:
    """Every candidate as (score, name, id, contributions, signals), best first."""
    return sorted((score(ctx, c, w) for c in ctx.candidates), key=lambda x: (-x[0], x[1], x[2]))


def score(ctx: "Context", cid: str, w: dict):
    sig = ctx.signals(cid)
    contrib = {k: round(w[k] * v, 6) for k, v in sig.items()}
    return round(sum(contrib.values()), 6), ctx.companies[cid]["name"], cid, contrib, sig


def _lead(ctx, rank, cid, total, contrib, sig) -> Lead:
    reasons, evidence = explain.reasons(ctx, cid, sig)
    return Lead(rank, cid, ctx.companies[cid]["name"], total, contrib, sig, reasons, evidence)


class Context:
    """Everything read from the store for one ranking, and the projections built from it."""

    @classmethod
    def load(cls, store, region, industries, source_regions, asof, hidden,
             top: int = 20) -> "Context":
        self = cls()
        self.per_code = per_code(top)
        self.region = fetch.resolve_region(store, region)
        scope = list(self.region.scope)
        self.focus = set(fetch.resolve_industries(store, industries)) if industries else \
            {r["code"] for r in fetch.read_all(store, fetch.PRIORITIES, code=self.region.code)}
        self.sources = fetch.scope_of(store, [fetch.resolve_region(store, s).code
                                              for s in source_regions]) if source_regions else {}
        self._industries(store)
        self.agreements = fetch.agreements(store, self.region.scope, asof, hidden)
        self.local_orgs = fetch.read_all(store, fetch.LOCAL_ORGS, scope=scope)
        self.covered = {r["code"] for r in fetch.read_all(store, fetch.LOCAL_INDUSTRIES,
                                                           scope=scope)}
        self.visits = fetch.read_all(store, fetch.VISITS, orgs=[x["id"] for x in self.local_orgs])
        self._candidates(store)
        self._projection()
        self._names(store)
        return self

    def _names(self, store):
        ids = {s for a in self.agreements for s in a["sources"]}
        ids |= {s for r in self.owns_rows for s in r["sources"]} | \
            {s for v in self.visits for s in v["sources"]}
        self.source_titles = {r["id"]: r["title"] for r in
                              fetch.read_all(store, fetch.SOURCES, ids=sorted(ids))}
        names = {c: r["name"] for c, r in self.ind.items()}
        names.update({**self.region.scope, **self.sources})
        names.update({r["a"]: r["a_name"] for r in self.owns_rows})
        names.update({x["id"]: x["name"] for x in self.local_orgs})
        names.update({a["id"]: a["title"] for a in self.agreements})
        names.update({a["party"]: a["party_name"] for a in self.agreements})
        names.update({v["org"]: v["org_name"] for v in self.visits})
        names.update({c: f["name"] for c, f in self.companies.items()})
        self.names = names

    def _industries(self, store):
        rows = fetch.read_all(store, fetch.INDUSTRIES)
        self.ind = {r["code"]: r for r in rows}
        self.classes, self.chain = nx.DiGraph(), nx.DiGraph()
        for e in fetch.read_all(store, fetch.INDUSTRY_EDGES):
            (self.classes if e["type"] == "SUBCLASS_OF" else self.chain).add_edge(e["a"], e["b"])

    def industry_name(self, code):
        return (self.ind.get(code) or {}).get("name") or code

    def _candidates(self, store):
        self.engaged = {a["party"] for a in self.agreements if a["label"] == "Company"}
        self.gaps, self.gap_parents = self._gaps()
        codes = sg.closure_down(self.classes, self.focus) | sg.closure_up(self.classes, self.focus)
        codes |= {n for c in codes if c in self.chain for n in nx.all_neighbors(self.chain, c)}
        top = {"codes": sorted(codes), "per_code": self.per_code,
               "listed_factor": sg.LISTED_FACTOR}
        found = {r["id"] for r in fetch.read_all(store, fetch.TOP_BY_INDUSTRY, **top)}
        self.owns_rows = fetch.read_all(store, fetch.GROUP_EDGES, ids=sorted(self.engaged))
        self.owns = nx.DiGraph((r["a"], r["b"]) for r in self.owns_rows)
        found |= set(self.owns) | {v["company"] for v in self.visits}
        if self.sources:
            within = sorted(self.sources)
            found |= {r["id"] for r in fetch.read_all(store, fetch.TOP_BY_INDUSTRY_WITHIN,
                                                      within=within, **top)}
            found |= {r["id"] for r in fetch.read_all(
                store, fetch.TOP_BY_REGION, scope=within, cap=self.per_code,
                listed_factor=sg.LISTED_FACTOR)}
        facts = fetch.read_all(store, fetch.FACTS, ids=sorted(found | self.engaged))
        self.companies = {f["id"]: f for f in facts}
        scope = self.region.scope
        local = {c for c, f in self.companies.items() if set(f["regions"]) & scope.keys()}
        self.excluded = self.engaged | local
        self.candidates = sorted(c for c in found if c in self.companies and c not in self.excluded)
        # follow-up (queries/leads/followup.py): leads abandoned recently stay out
        _, self.abandoned = followup.followed(store, self.region.code)
        self.candidates = followup.drop_abandoned(self.candidates, self.abandoned)

    def _gaps(self):
        segs = {c for c in sg.closure_down(self.classes, self.focus)
                if str((self.ind.get(c) or {}).get("scheme") or "").startswith("chain:")
                and self.classes.in_degree(c) == 0}
        covered = sg.closure_up(self.classes, self.covered)
        gaps = segs - covered
        parents = {p for g in gaps for p in self.classes.successors(g)
                   if not str((self.ind.get(p) or {}).get("scheme") or "").startswith("chain:")}
        return gaps, parents

    def _projection(self):
        g = nx.Graph()
        for a in self.agreements:
            g.add_edge(a["party"], a["id"])
            g.add_edge(a["id"], a["region"])
        for v in self.visits:
            g.add_edge(v["org"], v["company"])
        g.add_edges_from(self.owns.edges)
        for c in self.companies.values():
            g.add_edges_from((c["id"], i) for i in c["industries"])
            g.add_edges_from((c["id"], r) for r in c["regions"])
        # the region's own companies, one edge per industry they work in (not one node each:
        # a busy city has tens of thousands), so proximity still flows region -> industry
        g.add_edges_from((self.region.code, i) for i in self.covered)
        g.add_edges_from(self.classes.edges)
        g.add_edges_from(self.chain.edges)
        self.graph = g
        self.seeds = sorted({a["id"] for a in self.agreements} | self.engaged |
                            {v["company"] for v in self.visits})
        self.ppr = sg.personalised_pagerank(g, self.seeds)
        self.ppr_top = max((self.ppr.get(c, 0.0) for c in self.candidates), default=0.0)

    def group_match(self, cid):
        """(distance, nearest engaged company) through common owners."""
        best = (math.inf, None)
        if cid not in self.owns:
            return best
        if cid in self.engaged:
            return (0, cid)
        nearest = self._nearest_engaged()
        for owner, up in self._owner_depths(cid).items():
            if owner in nearest:
                d, e = nearest[owner]
                best = min(best, (up + d, e), key=lambda x: (x[0], x[1]))
        return best

    def _nearest_engaged(self) -> dict:
        """{owner: (hops down to the nearest engaged company, that company)}, built once, so
        a candidate costs its own owners, not (its owners x every engaged company)."""
        if "_nearest" not in self.__dict__:
            self._nearest = {}
            for e in sorted(self.engaged & set(self.owns)):
                for owner, d in self._owner_depths(e).items():
                    if owner not in self._nearest or (d, e) < self._nearest[owner]:
                        self._nearest[owner] = (d, e)
        return self._nearest

    def _owner_depths(self, node) -> dict:
        """Owners of a node with their distance, computed once per node per ranking."""
        cache = self.__dict__.setdefault("_depths", {})
        if node not in cache:
            if "_owners" not in self.__dict__:
                self._owners = self.owns.reverse(copy=True)
            cache[node] = sg.owner_depths(self._owners, node)
        return cache[node]

    def signals(self, cid) -> dict:
        c = self.companies[cid]
        inds = set(c["industries"])
        return {"group": sg.group_affinity(self.group_match(cid)[0]),
                "industry": sg.industry_fit(self.classes, self.chain, inds, self.focus),
                "chain_gap": sg.chain_gap(self.classes, inds, self.gaps, self.gap_parents),
                "proximity": round(sg.proximity(self.ppr, cid, self.ppr_top), 6),
                "source_region": sg.source_region(set(c["regions"]), set(self.sources)),
                "scale": sg.scale(c["capital"], c["listed"])}
