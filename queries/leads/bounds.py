"""The group pool's score bounds computed in Python (queries/leads/pool.py, `_above`).

The pool computed each asked member's bound in Cypher (`BY_IDS`: `pool._BOUNDS` over ids); at
one million companies with a focus that statement took a third of the ranking (FalkorDB copies
a parameter map on every access, and each pass sent the groups again). Here the members' node
properties (MEMBERS: what the bound reads, nothing the question changes) are read once per
state of the store and kept with the region's facts (`region_facts.RegionFacts.members`), and
`bounds` computes what `pool._BOUNDS` computes, in the same order of operations (the same
floats; FalkorDB returned them with 15 significant digits).
"""
from __future__ import annotations

import math

from graph import derived

MEMBERS = """MATCH (c:Company) WHERE c.id IN $ids
RETURN c.id AS id, coalesce(c.region_codes, []) AS regions,
       coalesce(c.industry_codes, []) AS industries, c.group_path AS path,
       c.group_depth AS depth, coalesce(c.activity_last, '') AS al,
       coalesce(c.activity_count, 0) AS n, c.reg_capital_cny AS capital, c.listed AS listed"""


def bounds(members: dict, asked: list[dict], p: dict, parts: dict | None = None) -> list[dict]:
    """What pool._BOUNDS returns for `asked` ([{"g": group, "ids": [...]}]) from `members`
    ({id: a MEMBERS row}; an id without one has no node): per list that has rows,
    {"fits", "top": the `p["k"]` highest {"id", "bound"} (bound descending, then id), "n"}.
    `parts`: each member's part of the bound that no question changes (`_part`), kept by the
    caller for one region, `asof` and day (region_facts.RegionFacts.bound_parts)."""
    parts = {} if parts is None else parts
    scope = set(p["scope"])
    fitting, gaps, sources = set(p["fitting"]), set(p["gap_codes"]), set(p["sources"])
    w_group, const, w_fit, w_gap = p["w_group"], p["const"], p["w_fit"], p["w_gap"]
    w_activity, w_source, w_scale = p["w_activity"], p["w_source"], p["w_scale"]
    lists: dict[bool, list] = {True: [], False: []}
    for x in asked:
        g = x["g"]
        for cid in x["ids"]:
            part = parts.get(cid)
            if part is None:
                c = members.get(cid)
                if c is None:
                    continue
                part = parts[cid] = _part(c, cid, g, p, scope)
            if not part:
                continue
            tie, activity, scale, industries, regions = part
            fits = not fitting.isdisjoint(industries)
            bound = (tie * w_group + const + (w_fit if fits else 0.0)
                     + (w_gap if not gaps.isdisjoint(industries) else 0.0)
                     + w_activity * activity
                     + (w_source if not sources.isdisjoint(regions) else 0.0)
                     + w_scale * scale)
            lists[fits].append({"id": cid, "bound": bound})
    out = []
    for fits, rows in lists.items():
        if rows:
            rows.sort(key=lambda r: (-r["bound"], r["id"]))
            out.append({"fits": fits, "top": rows[:p["k"]], "n": len(rows)})
    return out


def _part(c: dict, cid: str, g: dict, p: dict, scope: set) -> tuple | bool:
    """(the group tie's bound, the clamped activity, the scale, industries, regions) of one
    member, or False for a member no list holds (located in the region, or no tie)."""
    if any(r in scope for r in c["regions"]):
        return False
    tie = _tie(c, cid, g, g["engaged"], p["hop"])
    if tie is None or not tie > 0:
        return False
    return (tie, _clamp(_activity(c, p)), _scale(c["capital"], c["listed"]),
            frozenset(c["industries"]), frozenset(c["regions"]))


def _tie(c: dict, cid: str, g: dict, engaged: list, hop: int) -> float | None:
    """The group signal's bound (pool._BOUNDS `tie`); None where Cypher's is null or the row
    is filtered out (the engaged company itself)."""
    path = c["path"]
    k = _nearest(g["near"], path, hop) if g["exact"] and path is not None else None
    if k is None:
        if cid in engaged:
            return None
        best = 0.0
        for t in g["ties"]:
            a = _affinity(c["depth"], t["d"])
            if a is not None and t["f"] * a > best:
                best = t["f"] * a
        return best
    if not (k < 0 or k >= hop):
        return None
    if k < 0:
        return 0.0
    d = k // hop
    return (0.0 if d > 4 else 1.0 if d <= 2 else 2.0 / d) * g["f"][k % hop]


def _nearest(near: dict, path: list, hop: int) -> int:
    """pool._NEAREST: the smallest key of the company and its owners up to four hops up."""
    k = -1
    for u in range(0, (4 if len(path) > 5 else len(path) - 1) + 1):
        v = near.get(path[len(path) - 1 - u])
        if v is not None:
            x = v + u * hop
            if k < 0 or x < k:
                k = x
    return k


def _affinity(depth, t_depth) -> float | None:
    """pool._AFFINITY (None where Cypher's is null: a member without a depth)."""
    if t_depth is None:
        return 1.0
    if depth is None:
        return None
    diff = abs(depth - t_depth)
    return 1.0 if diff <= 2 else 0.0 if diff > 4 else 2.0 / diff


def _activity(c: dict, p: dict) -> float:
    """pool._ACTIVITY; a last fact whose date cannot be read is taken at the most it can
    count (1.0: a bound never understates)."""
    al, n = c["al"], c["n"]
    if al == "" or n == 0:
        return 0.0
    if str(al) > p["asof"]:
        return 1.0
    day = derived.day_number(al)
    if day is None:
        return 1.0
    return n * (1.0 - (p["today"] - day - p["slack"]) / p["window"])


def _clamp(x: float) -> float:
    return 1.0 if x > 1.0 else 0.0 if x < 0.0 else x


def _scale(capital, listed) -> float:
    """pool._SCALE."""
    cap = capital or 0
    part = 0.0 if cap <= 1.0e6 else 0.7 if cap >= 1.0e11 else 0.7 * (math.log10(cap) - 6) / 5
    return part + (0.3 if listed else 0.0)
