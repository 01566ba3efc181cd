"""`kg leads-eval`: is the engine any good? Hide agreements (signed after a cut-off date, or a
random share), rank from what is left, and see where the hidden counterparties land.

Metrics over the hidden counterparties (companies party to a hidden agreement in the region that
the visible data does not already exclude): hits@10, hits@50 (share found in the top k) and MRR
(mean of 1/rank over the full candidate ranking; 0 when not a candidate). Baselines rank the
same candidates: random (mean of 20 shuffles), industry-only (the industry-fit signal, ties
shuffled, mean of 20) and most-connected (relationship count, hidden agreements not counted).
"""
from __future__ import annotations

import random
import statistics

from queries.leads import fetch
from queries.leads.engine import Context, parse_weights, rank_candidates

DEGREE = """MATCH (c:Company)-[r]-(x) WHERE c.id IN $ids AND NOT x.id IN $hidden
RETURN c.id AS id, count(r) AS degree"""
TRIALS = 20


def hide(store, region: str, cutoff: str | None = None, share: float | None = None,
         seed: int = 0) -> tuple[list[str], set[str]]:
    """(hidden agreement ids, their company counterparties) for the region."""
    reg = fetch.resolve_region(store, region)
    rows = fetch.agreements(store, reg.scope)
    ids = sorted({r["id"] for r in rows})
    if cutoff:
        hidden = sorted({r["id"] for r in rows if (r["date"] or "") > cutoff})
    else:
        hidden = sorted(random.Random(seed).sample(ids, round(len(ids) * (share or 0.2))))
    parties = {r["party"] for r in rows if r["id"] in hidden and r["label"] == "Company"}
    return hidden, parties


def metrics(order: list[str], targets: set[str]) -> dict:
    """hits@10, hits@50 and MRR of `targets` in the ranking `order`.

    >>> metrics(["a", "b", "c"], {"b", "z"})
    {'hits@10': 0.5, 'hits@50': 0.5, 'mrr': 0.25}
    """
    if not targets:
        return {"hits@10": 0.0, "hits@50": 0.0, "mrr": 0.0}
    pos = {c: i + 1 for i, c in enumerate(order)}
    return {k: round(v, 4) for k, v in {
            "hits@10": sum(pos.get(t, 10**9) <= 10 for t in targets) / len(targets),
            "hits@50": sum(pos.get(t, 10**9) <= 50 for t in targets) / len(targets),
            "mrr": sum(1 / pos[t] for t in targets if t in pos) / len(targets)}.items()}


def _mean(results: list[dict]) -> dict:
    return {k: round(statistics.fmean(r[k] for r in results), 4) for k in results[0]}


def _shuffled(items, key, seed):
    rng = random.Random(seed)
    tagged = [(key(c), rng.random(), c) for c in items]
    return [c for _, _, c in sorted(tagged, key=lambda t: (-t[0], t[1]))]


def evaluate(store, region: str, cutoff: str | None = None, share: float | None = None,
             seed: int = 0, weights=None, industries=None, source_regions=None) -> dict:
    """Figures for the engine and the baselines on one region."""
    hidden, parties = hide(store, region, cutoff, share, seed)
    ctx = Context.load(store, region, industries or [], source_regions or [],
                       None, hidden)
    targets = parties - ctx.excluded
    cands = ctx.candidates + ctx.group_pool   # the leads, then the group ties outside the focus
    w = parse_weights(weights)
    engine = [r.id for r in rank_candidates(ctx, w) + rank_candidates(ctx, w, pool="group")]
    fit = {c: ctx.signals(c)["industry"] for c in cands}
    deg = {r["id"]: r["degree"] for r in fetch.read_all(store, DEGREE, ids=cands, hidden=hidden)}
    return {"region": ctx.region.name, "hidden_agreements": len(hidden), "targets": len(targets),
            "candidates": len(cands), "targets_in_candidates": len(targets & set(cands)),
            "engine": metrics(engine, targets),
            "random": _mean([metrics(_shuffled(cands, lambda c: 0, s), targets)
                             for s in range(TRIALS)]),
            "industry_only": _mean([metrics(_shuffled(cands, fit.get, s), targets)
                                    for s in range(TRIALS)]),
            "most_connected": metrics(_shuffled(cands, lambda c: deg.get(c, 0), 0), targets)}


def pooled(results: list[dict]) -> dict:
    """Figures averaged over regions, weighted by their number of targets."""
    total = sum(r["targets"] for r in results) or 1
    out = {}
    for method in ("engine", "random", "industry_only", "most_connected"):
        out[method] = {k: round(sum(r[method][k] * r["targets"] for r in results) / total, 4)
                       for k in ("hits@10", "hits@50", "mrr")}
    return out
