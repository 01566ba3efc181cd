"""Rank investment leads for a target region and keep every signal's contribution.

`rank_leads` reads the relevant subgraph (`fetch.py`), keeps the companies that fit the focus
industries (`focus.py`) and pass the risk screen (`risk.py`), scores each with the pure
functions in `signals.py` and `timing.py`, orders them with documented tie-breaks and a cap per
group (`order.py`) and explains them with graded, dated, sourced reasons (`explain.py`).
The result is `result.LeadReport` (docs/leads.md, "The result").
"""
from __future__ import annotations

import datetime as dt
import time

from graph.errors import InputError
from graph.gc_pause import fewer_collections
from queries.leads import explain, order
from queries.leads.context import Context, per_code
from queries.leads.result import Lead, LeadReport

__all__ = ["Context", "DEFAULT_WEIGHTS", "SIGNAL_ZH", "gap_candidates", "per_code",
           "rank_leads", "rank_candidates", "parse_weights"]

DEFAULT_WEIGHTS = {"industry": 0.30, "group": 0.25, "chain_gap": 0.10, "proximity": 0.05,
                   "expansion": 0.10, "peer": 0.05, "source_region": 0.10, "scale": 0.05}
# group companies scored per ranking at first (queries/leads/pool.py), times 3 until settled
POOL_LIMIT = 500
SIGNAL_ZH = {"industry": "行业匹配", "group": "集团关联", "chain_gap": "补链",
             "proximity": "网络接近", "expansion": "近期扩张", "peer": "竞争城市",
             "source_region": "来源地区", "scale": "规模"}


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


@fewer_collections()  # graph/gc_pause.py: a ranking builds tens of thousands of rows
def rank_leads(store, region: str, industries=None, source_regions=None, top: int = 20,
               weights=None, asof: str | None = None, hidden=(), show_risky: bool = False,
               group_cap: int | None = None) -> LeadReport:
    """Ranked leads for `region` (name or code); see docs/leads.md."""
    start = time.perf_counter()
    w = parse_weights(weights)
    cap = order.GROUP_CAP if group_cap is None else group_cap
    ctx = Context.load(store, region, industries or [], source_regions or [], asof, hidden,
                       top, show_risky, weights=w, limit=POOL_LIMIT)
    while True:  # the group pool by score bound, widened until no company left out can enter
        fit, ties = rank_candidates(ctx, w), rank_candidates(ctx, w, pool="group")
        fit = order.explain_ties(order.cap_groups(fit, ctx.group_of, cap))
        if settled(ctx, fit, ties, top):
            return _report(ctx, w, top, fit, ties, cap, start, source_regions or [], len(hidden))
        ctx.widen(ctx.limit * 3)


def settled(ctx, fit: list, ties: list, top: int) -> bool:
    """True when no group company left out of the pool could enter the top `top` of its list:
    the lead list's 20th beats the bound of every fitting company left out
    (`ctx.group_floors['fit']`), the group-tie list's 20th that of every other one."""
    for rows, floor in ((fit, ctx.group_floors["fit"]), (ties, ctx.group_floors["group"])):
        if floor is not None and (len(rows) < top or rows[top - 1].score <= floor):
            return False
    return True


def gap_candidates(store, region: str, segment: str, top: int = 10, asof: str | None = None,
                   weights=None) -> LeadReport:
    """Candidates for one chain segment (code or name, resolved through its GB/T classes and
    the audited vendor-industry links), ranked and explained like any lead list: what the
    chain page shows under a 缺口."""
    return rank_leads(store, region, [segment], top=top, weights=weights, asof=asof)


def _report(ctx, w, top, fit, ties, group_cap, start, source_regions, hidden) -> LeadReport:
    ctx.add_details([r.id for r in fit[:top]] + [r.id for r in ties[:top]])
    leads = [_lead(ctx, i + 1, row) for i, row in enumerate(fit[:top])]
    group_leads = [_lead(ctx, i + 1, row) for i, row in enumerate(ties[:top])]
    focus_names = [ctx.industry_name(c) for c in sorted(ctx.focus)]
    params = {"region": ctx.region.name, "region_code": ctx.region.code,
              "industries": focus_names, "source_regions": source_regions, "top": top,
              "weights": w, "asof": ctx.asof or "", "hidden_agreements": hidden,
              "show_risky": ctx.show_risky, "group_cap": group_cap}
    return LeadReport({"code": ctx.region.code, "name": ctx.region.name}, params, leads,
                      len(ctx.candidates), industries=focus_names, group_leads=group_leads,
                      excluded=ctx.excluded_risky, notes=ctx.notes,
                      elapsed_ms=round((time.perf_counter() - start) * 1000),
                      created=dt.datetime.now().isoformat(timespec="seconds"))


def rank_candidates(ctx: "Context", w: dict, pool: str = "fit") -> list:
    """Candidates of one pool ('fit': leads; 'group': group ties outside the focus) as
    order.Row, best first by score and the documented tie-breaks (order.py)."""
    ids = ctx.candidates if pool == "fit" else ctx.group_pool
    return order.sort_rows([score(ctx, c, w) for c in ids])


def score(ctx: "Context", cid: str, w: dict):
    """A candidate's row. Of what its signals read only the group match changes when a pass
    widens the pool (more ownership read): a company scored by an earlier pass of the ranking
    with the same match is not scored again (a new Row: the order marks rows)."""
    done = ctx.__dict__.setdefault("_scored", {}).setdefault(tuple(w.items()), {})
    key = (cid, ctx.group_match(cid))
    if key not in done:
        sig = ctx.signals(cid)
        contrib = {k: round(w[k] * v, 6) for k, v in sig.items()}
        done[key] = (round(sum(contrib.values()), 6), contrib, sig,
                     order.tie_keys(sig, ctx.newest_fact(cid), ctx.companies[cid], cid))
    s, contrib, sig, keys = done[key]
    return order.Row(s, cid, contrib, sig, keys)


def _lead(ctx, rank, row) -> Lead:
    c = ctx.companies[row.id]
    return Lead(rank, row.id, c["name"], row.score, row.contributions, row.signals,
                explain.reasons(ctx, row.id, row.signals),
                full_name=c.get("full_name"), location=c.get("location"),
                industries=[ctx.industry_name(i) for i in sorted(c["industries"])],
                stock_code=c.get("stock_code"), group=ctx.group_name(row.id),
                risk=[flag for _, flag in ctx.risks.get(row.id, [])], tie_break=row.tie_break)
