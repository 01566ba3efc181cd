"""The group pool generated in the database (docs/leads.md, "How the engine stays fast").

A company in the group of an engaged company can score at most a bound computed from its node
properties alone (`group_root`, `activity_last`, capital, listed, regions: graph/derived.py)
and from the region's agreements (the freshest tie in its group). `bounded_group` returns the
`limit` companies with the highest bound, best first, and the bound of the last one returned:
no company left out can score more than that (`floor`; None when nothing was left out), so the
engine (`engine.rank_leads`) knows when its top list is settled and otherwise asks for more.
"""
from __future__ import annotations

import datetime as dt

from queries.leads import fetch, timing

# Rounding of the eight contributions (6 decimals each) cannot lift a score above this margin.
EPSILON = 1e-5

ENGAGED_ROOTS = """MATCH (c:Company) WHERE c.id IN $ids AND c.group_root IS NOT NULL
RETURN c.id AS id, c.group_root AS root, c.group_depth AS depth"""
# groups where some company has several owners: there the depths do not bound distances
NOT_TREES = """UNWIND $roots AS root
MATCH (c:Company {group_root: root})<-[:OWNS]-(o)
WITH root, c, count(o) AS owners WHERE owners > 1
RETURN DISTINCT root"""
# scale() of signals.py in Cypher: 0.7 x capital on a log scale (1e6 -> 0, 1e11 -> 1) + 0.3 listed
_SCALE = """CASE WHEN coalesce(c.reg_capital_cny, 0) <= 1.0e6 THEN 0.0
     WHEN c.reg_capital_cny >= 1.0e11 THEN 0.7
     ELSE 0.7 * (log10(c.reg_capital_cny) - 6) / 5 END
   + CASE WHEN c.listed THEN 0.3 ELSE 0.0 END"""
# group_affinity() of the distance's lower bound in a tree, |depth - depth of the engaged one|
# (at least 1; past the pool's four hops 0); t.d null: a group that is no tree, bound 1
_AFFINITY = """(CASE WHEN t.d IS NULL OR abs(c.group_depth - t.d) <= 2 THEN 1.0
      WHEN abs(c.group_depth - t.d) > 4 THEN 0.0 ELSE 2.0 / abs(c.group_depth - t.d) END)"""
BY_ROOT = """UNWIND $roots AS g
MATCH (c:Company {group_root: g.root})
WHERE NOT c.id IN $engaged AND none(x IN coalesce(c.region_codes, []) WHERE x IN $scope)
WITH c, reduce(b = 0.0, t IN g.ties |
       CASE WHEN t.f * """ + _AFFINITY + """ > b THEN t.f * """ + _AFFINITY + """ ELSE b END)
     AS tie
WHERE tie > 0
WITH c, tie * $w_group + $const
   + CASE WHEN coalesce(c.activity_last, '') >= $since THEN $w_activity ELSE 0.0 END
   + CASE WHEN any(x IN coalesce(c.region_codes, []) WHERE x IN $sources) THEN $w_source
          ELSE 0.0 END
   + $w_scale * (""" + _SCALE + """) AS bound
RETURN c.id AS id, bound ORDER BY bound DESC, id LIMIT $k"""
# Owners up to four hops above the given companies (their group distance to an engaged company
# through a common owner, up to the four hops of the group pool).
OWNERS_UP = """MATCH p = (o)-[:OWNS*1..4]->(c:Company) WHERE c.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, startNode(r).name AS a_name,
       endNode(r).id AS b, r.share AS share, coalesce(r.source_ids, []) AS sources"""


def bounded_group(store, ctx, w: dict, limit: int) -> tuple[list[str], float | None]:
    """(ids of the `limit` group companies with the highest score bound, the bound of the
    last one when more were left out, else None: then the caller reads the whole pool)."""
    engaged = sorted(ctx.engaged)
    ties: dict[str, list] = {}
    for r in fetch.read_all(store, ENGAGED_ROOTS, ids=engaged):
        dates = [a["date"] for a in ctx.by_party(r["id"])]
        f = max((timing.freshness(d, ctx.today) for d in dates), default=1.0)
        ties.setdefault(r["root"], []).append({"d": r["depth"], "f": f})
    if not ties:
        return [], None
    for r in fetch.read_all(store, NOT_TREES, roots=sorted(ties)):
        ties[r["root"]] = [{"d": None, "f": max(t["f"] for t in ties[r["root"]])}]
    since = (ctx.today - dt.timedelta(days=int(timing.WINDOW_MONTHS * 30.4375) + 1)).isoformat()
    # what the node properties do not bound: taken at their maximum where they can count
    const = (w["industry"] + w["proximity"]) * bool(ctx.focus) + w["chain_gap"] * bool(ctx.gaps)
    rows = fetch.read_all(store, BY_ROOT, roots=[{"root": g, "ties": t} for g, t in sorted(ties.items())],
                          engaged=engaged, w_group=w["group"], const=const + EPSILON,
                          scope=sorted(ctx.region.scope), since=since,
                          w_activity=w["expansion"] + w["peer"], sources=sorted(ctx.sources),
                          w_source=w["source_region"], w_scale=w["scale"], k=limit)
    floor = rows[-1]["bound"] if len(rows) >= limit else None
    return [r["id"] for r in rows], floor
