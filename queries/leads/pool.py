"""The group pool generated in the database (docs/leads.md, "How the engine stays fast").

A company in the group of an engaged company can score at most a bound computed from its node
properties alone (`group_root`, `activity_last`, capital, listed, regions: graph/derived.py)
and from the region's agreements (the freshest tie in its group). `bounded_group` returns the
`limit` companies with the highest bound, best first, and a floor: no company left out can
score more than that (None when nothing was left out), so the engine (`engine.rank_leads`)
knows when its top list is settled and otherwise asks for more. On a store with `lead_scale`
and `activity_day` (graph/derived.py) only the members whose bound can reach a threshold are
read and bounded (`_above`, docs/leads.md "Fourth session"); the floor is then the threshold.
"""
from __future__ import annotations

import datetime as dt
import math

from queries.leads import bounds, fetch, timing

# Rounding of the eight contributions (6 decimals each) cannot lift a score above this margin.
EPSILON = 1e-5

ENGAGED_ROOTS = """MATCH (c:Company) WHERE c.id IN $ids AND c.group_root IS NOT NULL
RETURN c.id AS id, c.group_root AS root, c.group_depth AS depth, c.group_path AS path,
       c.group_open AS open, c.lead_scale AS scale"""
# groups where some company has several owners (or a chain too long to follow): there the
# depths do not bound distances. One index look-up of the precomputed `group_open`
# (graph/derived.py); a store derived before it existed (`open` null on an engaged company
# in a group) is scanned group by group instead (SCAN_NOT_TREES: several owners only).
NOT_TREES = """MATCH (c:Company) WHERE c.group_open IN $roots
RETURN DISTINCT c.group_open AS root"""
SCAN_NOT_TREES = """UNWIND $roots AS root
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
# A day number from an ISO date (year, year-month or full date; missing parts taken at their
# latest, so the age below is never overstated): 365 days a year plus a leap day every fourth,
# months by their cumulative days. Off from the calendar by at most two days, which the age's
# lower bound absorbs (pool._DAY_SLACK).
_DAY = """(toInteger(substring(al, 0, 4)) * 365 + toInteger(substring(al, 0, 4)) / 4
   + [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][
       (CASE WHEN size(al) >= 7 THEN toInteger(substring(al, 5, 2)) ELSE 12 END) - 1]
   + CASE WHEN size(al) >= 10 THEN toInteger(substring(al, 8, 2)) ELSE 31 END)"""
# recent_expansion() + peer_momentum() of timing.py are at most min(1, facts x the recency
# weight of the newest fact) each: every fact weighs at most what the newest one weighs. A newest
# fact after `asof` (a backtest) says nothing of those before it: then min(1, facts).
_ACTIVITY = """CASE WHEN al = '' OR coalesce(c.activity_count, 0) = 0 THEN 0.0
     WHEN al > $asof THEN 1.0
     ELSE c.activity_count * (1.0 - ($today - """ + _DAY + """ - $slack) / $window) END"""
# One scan of the engaged companies' groups: each company's bound, then the `$k` highest of
# those whose industries fit the focus (the lead list) and of the others (the group-tie list)
# separately, each with how many there were, so each list has its own floor.
# In a tree (every engaged company's path known, graph/derived.py: group_path) the group
# signal itself is computed, as Context.group_match and tie_agreement do: `$near` maps each
# owner within four hops above an engaged company (and that company itself) to the hops down
# to the nearest engaged one below it, x 2^20, plus that one's rank by id; a company looks up
# itself and its owners up to four hops (u hops up) and keeps the smallest key: the distance,
# ties by id. Its affinity times that company's tie freshness (g.f, by rank) is the signal.
_KEYS = """[u IN range(0, CASE WHEN size(c.group_path) > 5 THEN 4 ELSE size(c.group_path) - 1 END) |
       g.near[c.group_path[size(c.group_path) - 1 - u]] + u * $hop]"""
_NEAREST = """reduce(k = -1, x IN """ + _KEYS + """ |
      CASE WHEN x IS NULL THEN k WHEN k < 0 OR x < k THEN x ELSE k END)"""
_MEMBERS = """UNWIND $roots AS g
MATCH (c:Company {group_root: g.root})
"""
# Only the members whose bound can reach the thresholds (`_above`), through the indexes of
# `group_root`, `lead_scale` and `activity_day` (graph/derived.py): a scale of at least g.sa
# (ABOVE_SCALE, thresholds above 0 only: FalkorDB 4.22's range index leaves out the companies
# whose value is 0.0 even from `>= -1`), or a dated fact recent enough to count (RECENT; their
# scale is compared in Python), or every member of the groups in $every. Then the same bounds
# for those ids, computed in Python from their node properties (queries/leads/bounds.py).
ABOVE_SCALE = """UNWIND $roots AS g
MATCH (c:Company) WHERE c.group_root = g.root AND c.lead_scale >= g.sa
RETURN g.root AS root, c.id AS id"""
RECENT = """UNWIND $roots AS root
MATCH (c:Company) WHERE c.group_root = root AND c.activity_day >= $cut
RETURN root, c.id AS id, c.lead_scale AS scale, c.activity_day AS day,
       coalesce(c.activity_count, 0) AS n, c.activity_last AS last"""
EVERY = """UNWIND $roots AS root MATCH (c:Company {group_root: root}) RETURN root, c.id AS id"""
_BOUNDS = """WITH c, g WHERE none(x IN coalesce(c.region_codes, []) WHERE x IN $scope)
WITH c, g, CASE WHEN g.exact AND c.group_path IS NOT NULL THEN """ + _NEAREST + """
              ELSE NULL END AS k
WHERE CASE WHEN k IS NULL THEN NOT c.id IN g.engaged ELSE k < 0 OR k >= $hop END
WITH c, g, CASE WHEN k IS NOT NULL
     THEN CASE WHEN k < 0 OR k / $hop > 4 THEN 0.0 WHEN k / $hop <= 2 THEN 1.0
               ELSE 2.0 / (k / $hop) END * g.f[k % $hop]
     ELSE reduce(b = 0.0, t IN g.ties |
       CASE WHEN t.f * """ + _AFFINITY + """ > b THEN t.f * """ + _AFFINITY + """ ELSE b END) END
     AS tie, coalesce(c.activity_last, '') AS al,
     any(x IN coalesce(c.industry_codes, []) WHERE x IN $fitting) AS fits
WHERE tie > 0
WITH c, fits, tie, """ + _ACTIVITY + """ AS activity
WITH c, fits, tie * $w_group + $const + CASE WHEN fits THEN $w_fit ELSE 0.0 END
   + CASE WHEN any(x IN coalesce(c.industry_codes, []) WHERE x IN $gap_codes) THEN $w_gap
          ELSE 0.0 END
   + $w_activity * CASE WHEN activity > 1.0 THEN 1.0 WHEN activity < 0.0 THEN 0.0
                        ELSE activity END
   + CASE WHEN any(x IN coalesce(c.region_codes, []) WHERE x IN $sources) THEN $w_source
          ELSE 0.0 END
   + $w_scale * (""" + _SCALE + """) AS bound
ORDER BY bound DESC, c.id
WITH fits, collect({id: c.id, bound: bound}) AS rows
RETURN fits, rows[0..$k] AS top, size(rows) AS n"""
BY_ROOT = _MEMBERS + _BOUNDS
_HOP = 1 << 20      # _NEAREST's keys: hops x _HOP + rank
_DAY_SLACK = 3      # days: _DAY's error against the calendar, plus one
# Owners up to four hops above the given companies (their group distance to an engaged company
# through a common owner, up to the four hops of the group pool).
OWNERS_UP = """MATCH p = (o)-[:OWNS*1..4]->(c:Company) WHERE c.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, startNode(r).name AS a_name,
       endNode(r).id AS b, r.share AS share, coalesce(r.source_ids, []) AS sources"""


def day_number(day: dt.date) -> int:
    """_DAY of Cypher for a date (the same formula, so both sides err alike)."""
    return day.year * 365 + day.year // 4 + _CUM[day.month - 1] + day.day


_CUM = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def bounded_group(store, ctx, w: dict, limit: int) -> tuple[list[str], dict]:
    """(ids of the `limit` group companies of highest score bound among those that fit the
    focus and among the others, {'fit': floor, 'group': floor}): a floor is the bound of the
    last one returned when more were left out, else None (that list's pool is whole).
    A wider `limit` for the same ranking (Context.widen) continues the previous pass's
    thresholds and scored members (`_above`) instead of starting again."""
    state = ctx.__dict__.get("_pool_state")
    if state is not None and limit <= state["keep"]:
        return _above(store, ctx, w, state, limit)
    # the engaged groups, no question's part: once per region's facts and day
    groups, derived_scale = ctx.facts.once(f"pool_groups:{ctx.today}",
                                           lambda: _groups(store, ctx))
    if not groups:
        return [], {"fit": None, "group": None}
    # what the node properties do not bound: taken at their maximum where they can count
    # (a company that fits a chain gap fits the focus: the gaps lie below it)
    const = w["proximity"] * bool(ctx.focus)
    gap_codes = sorted(c for c in ctx.fitting if ctx.gaps and ctx.fit_to({c}, ctx.gaps))
    params = dict(hop=_HOP, w_group=w["group"], const=const + EPSILON,
                  scope=sorted(ctx.region.scope), fitting=sorted(ctx.fitting),
                  w_fit=w["industry"], gap_codes=gap_codes, w_gap=w["chain_gap"],
                  asof=(ctx.asof or fetch.FAR_FUTURE), today=day_number(ctx.today),
                  slack=_DAY_SLACK, window=timing.WINDOW_MONTHS * 30.4375,
                  w_activity=w["expansion"] + w["peer"], sources=sorted(ctx.sources),
                  w_source=w["source_region"], w_scale=w["scale"], k=limit)
    if not derived_scale or min(w.values()) < 0 or w["scale"] <= 0:
        # a store derived before `lead_scale` (kg derive brings it up to date), or weights
        # the thresholds do not bound: every member of the engaged groups
        return _top(fetch.read_all(store, BY_ROOT, roots=groups, **params), {})
    ctx._pool_state = state = _start(ctx, w, groups, params, limit)
    return _above(store, ctx, w, state, limit)


def _groups(store, ctx) -> tuple[list[dict], bool]:
    """(the engaged groups as the bounds read them, whether every engaged company has its
    `lead_scale`): from the region's facts and the day alone (region_facts.RegionFacts.once)."""
    ties: dict[str, list] = {}
    derived_open = derived_scale = True
    for r in ctx.facts.engaged_roots(store):  # read once per region's facts (region_facts.py)
        derived_open = derived_open and r["open"] is not None
        derived_scale = derived_scale and r["scale"] is not None
        # the group signal weighs the tie by the freshness of the engaged company's earliest
        # agreement with the region (Context.tie_agreement): the bound uses that one
        tie = min(ctx.by_party(r["id"]), key=lambda a: (a["date"] or "", a["id"]), default=None)
        f = timing.freshness(tie["date"], ctx.today) if tie else 1.0
        ties.setdefault(r["root"], []).append({"d": r["depth"], "f": f, "id": r["id"],
                                               "p": r["path"]})
    if not ties:
        return [], derived_scale
    for r in ctx.facts.not_trees(store, NOT_TREES if derived_open else SCAN_NOT_TREES,
                                 sorted(ties)):
        ties[r["root"]] = [{"d": None, "f": max(t["f"] for t in ties[r["root"]]), "id": "",
                            "p": None}]
    # per group: each engaged company's rank by id (the nearest one's tie-break), its tie's
    # freshness by rank, the nearest engaged company below each owner (_NEAREST); per-row
    # look-ups stay within the group (FalkorDB copies a parameter on every access)
    groups = []
    for g, ts in sorted(ties.items()):
        ids = sorted({t["id"] for t in ts})
        rank, fresh = {e: i for i, e in enumerate(ids)}, [0.0] * len(ids)
        near: dict[str, int] = {}
        for t in ts:
            fresh[rank[t["id"]]] = t["f"]
            for down, owner in enumerate(reversed((t["p"] or [])[-5:])):
                key = down * _HOP + rank[t["id"]]
                near[owner] = min(near.get(owner, key), key)
        # only what the statement reads of the group: FalkorDB copies the map on each access
        exact = all(x["p"] for x in ts)
        groups.append({"root": g, "near": near, "f": fresh, "exact": exact,
                       "engaged": [] if exact else ids,
                       "ties": [{"d": t["d"], "f": t["f"]} for t in ts]})
    return groups, derived_scale


def _top(rows: list, theta: dict) -> tuple[list[str], dict]:
    """The ids of each list's rows and its floor: the highest bound a company left out can
    have (the bound of the last row when the limit cut the list; the threshold of a list not
    read whole, `theta`), else None."""
    ids, floors = [], {"fit": None, "group": None}
    for r in rows:
        ids += [x["id"] for x in r["top"]]
        key = "fit" if r["fits"] else "group"
        cut = [r["top"][-1]["bound"]] if r["n"] > len(r["top"]) else []
        if theta.get(key) is not None:
            cut.append(theta[key])
        floors[key] = max(cut, default=None)
    return ids, floors


# Thresholds start at this share of the highest bound a list can reach and are lowered by
# STEP until `limit` / SHARE rows of the list reach them (or every member is read): the
# engine needs its top 20 above the floor (and widens the limit, so the share, if not).
# With a focus the bound carries proximity at its maximum and is looser: then `limit` rows
# (measured at 100k: a share of the limit left the group list unsettled, widening twice).
START, STEP, SHARE = 0.7, 0.9, 12


# Each list keeps this many times the first pass's limit of its best rows, so that a widened
# pass (3x, then 9x) continues from them instead of scoring every member again (at 1M with a
# focus three passes scored the same members three times: 12 s of the ranking's 25 s).
KEEP = 9


def _start(ctx, w: dict, groups: list, params: dict, limit: int) -> dict:
    """The thresholds' starting point and what the passes of one ranking share (`_above`)."""
    params = {**params, "k": limit * KEEP}
    # what a member can add to the tie and the scale: the question's part (`cq`: focus, gap,
    # source region, the constant) is taken at its maximum per list
    const = params["const"]
    src = w["source_region"] if ctx.sources else 0.0
    cq = {"group": const + src}
    if ctx.fitting:
        cq["fit"] = const + src + w["industry"] + (w["chain_gap"] if params["gap_codes"] else 0.0)
    act, sc = params["w_activity"], w["scale"]
    tg = [w["group"] * max(g["f"] or [t["f"] for t in g["ties"]]) for g in groups]
    return {
        "keep": params["k"], "groups": groups, "params": params, "cq": cq, "tg": tg,
        "act": act, "sc": sc, "lowest": min(tg),
        "theta": {k: START * (max(tg) + c + act + sc) for k, c in cq.items()},
        "done": {k: False for k in cq},
        # a dated fact counts only after this day (pool._ACTIVITY: its weight is above 0)
        "cut": {"day": params["today"] - _DAY_SLACK - math.ceil(params["window"]) - 1,
                "asof": params["asof"], "today": params["today"], "window": params["window"]},
        "seen": set(),    # the ids scored so far
        "whole": set(),   # the roots read whole
        "lists": {k: {"fits": k == "fit", "top": [], "n": 0} for k in ("fit", "group")}}


def _above(store, ctx, w: dict, st: dict, limit: int) -> tuple[list[str], dict]:
    """BY_ROOT over only the members whose bound can reach a threshold per list, lowered until
    each list has `limit` / SHARE rows at or above it; a member left out has a bound below
    the threshold, so the floor is the threshold (or the bound of the last row the limit
    kept, if higher). A list whose threshold falls below what every member reaches has read
    every member (`done`, its floor as BY_ROOT's). A wider limit continues from `st`: the
    same thresholds, lowered further, over the members not scored yet (the members a pass
    asks depend only on the thresholds reached, so the result is a fresh pass's)."""
    enough = limit if ctx.focus else max(1, limit // SHARE)
    theta, done, lists, cq, keep = st["theta"], st["done"], st["lists"], st["cq"], st["keep"]
    while True:
        # each round scores only the members not scored before; the lists are merged
        asked = _members(store, ctx.facts, st["groups"], st["tg"], cq, theta, done, st["act"],
                         st["sc"], st["cut"], st["seen"], st["whole"])
        ids = [i for x in asked for i in x["ids"]]
        members = ctx.facts.members(store, ids) if asked else {}
        parts = ctx.facts.bound_parts(ctx.today)
        for r in bounds.bounds(members, asked, st["params"], parts) if asked else []:
            got = lists["fit" if r["fits"] else "group"]
            got["top"] = sorted(got["top"] + r["top"], key=lambda x: (-x["bound"], x["id"]))[:keep]
            got["n"] += r["n"]
        again = False
        for k in cq:
            top = lists[k]["top"]
            if done[k] or (len(top) >= enough and top[enough - 1]["bound"] >= theta[k]):
                continue
            theta[k] *= STEP
            if theta[k] <= cq[k] + st["lowest"]:  # every member reaches it: read them all
                done[k] = True
            again = True
        if not again:
            return _top([{**x, "top": x["top"][:limit]} for x in lists.values() if x["top"]],
                        {k: None if done[k] else theta[k] for k in cq})


def _members(store, facts, groups, tg, cq, theta, done, act, sc, cut, seen: set,
             whole: set) -> list[dict]:
    """The groups with the ids of their members whose bound can reach a threshold (a scale
    of at least `need`: what the tie, the question and the scale leave to reach the lowest
    threshold; or a dated fact after `cut` and a scale of at least need - act / sc: RECENT,
    read once per ranking into `cut`; or every member: `facts.every`, kept with the region's
    facts), those in `seen` (and the groups in `whole`) left out;
    both get the new ones."""
    every, scaled, recent = [], [], []
    need = {}
    for g, t in zip(groups, tg):
        if g["root"] in whole:
            continue
        n = min((-1.0 if done[k] else (theta[k] - t - c) / sc) for k, c in cq.items())
        if n <= 1e-6:
            every.append(g["root"])
            whole.add(g["root"])
        elif n - act / sc <= 1.0:  # else no member of the group reaches any threshold
            need[g["root"]] = n
            if n <= 1.0 + 1e-6:  # else no scale reaches it: only a recent fact can
                scaled.append({"root": g["root"], "sa": n - 1e-6})
            recent.append(g["root"])
    ids: dict[str, set] = {}
    for root, members in facts.every(store, every).items():  # kept with the region's facts
        ids.setdefault(root, set()).update(members)
    for r in fetch.read_all(store, ABOVE_SCALE, roots=scaled) if scaled else []:
        ids.setdefault(r["root"], set()).add(r["id"])
    if "recent" not in cut:  # the members with a recent dated fact, read once per ranking
        cut["recent"] = {}
        roots = [g["root"] for g in groups]
        for r in fetch.read_all(store, RECENT, roots=roots, cut=cut["day"]):
            # _ACTIVITY's bound for this member, as the statement computes it
            weight = 1.0 if str(r["last"]) > cut["asof"] else min(1.0, r["n"] * (
                1.0 - (cut["today"] - r["day"] - _DAY_SLACK) / cut["window"]))
            cut["recent"].setdefault(r["root"], []).append(
                (r["id"], (r["scale"] or 0.0) + act * max(weight, 0.0) / sc))
    for root in recent:
        for cid, reach in cut["recent"].get(root, ()):
            if reach >= need[root] - 1e-6:
                ids.setdefault(root, set()).add(cid)
    out = []
    for g in groups:
        new = sorted(ids.get(g["root"], set()) - seen)
        if new:
            seen.update(new)
            out.append({"g": g, "ids": new})
    return out
