"""The group pool's score bounds computed in Python (queries/leads/pool.py, `_above`).

The pool computed each asked member's bound in Cypher (`BY_IDS`: `pool._BOUNDS` over ids);
at one million companies with a focus that statement took a third of the ranking (FalkorDB
copies a parameter map on every access, and each pass sent the groups again). Here the members' node properties (MEMBERS: what
the bound reads, nothing the question changes) are read once per state of the store and kept
with the region's facts (`region_facts.RegionFacts.members`), and `bounds` computes what
`pool._BOUNDS` computes, in the same order of operations, so the bounds are the same floats.
"""
from __future__ import annotations

import math

from graph import derived

MEMBERS = """MATCH (c:Company) WHERE c.id IN $ids
RETURN c.id AS id, coalesce(c.region_codes, []) AS regions,
       coalesce(c.industry_codes, []) AS industries, c.group_path AS path,
       c.group_depth AS depth, coalesce(c.activity_last, '') AS al,
       coalesce(c.activity_count, 0) AS n, c.reg_capital_cny AS capital, c.listed AS listed"""


def bounds(members: dict, asked: list[dict], p: dict) -> list[dict]:
    """What pool._BOUNDS returns for `asked` ([{"g": group, "ids": [...]}]) from `members`
    ({id: a MEMBERS row}; an id without one has no node): per list that has rows,
    {"fits", "top": the `p["k"]` highest {"id", "bound"} (bound descending, then id), "n"}."""
    scope, fitting = set(p["scope"]), set(p["fitting"])
    gaps, sources = set(p["gap_codes"]), set(p["sources"])
    lists: dict[bool, list] = {}
    for x in asked:
        g = x["g"]
        engaged = set(g["engaged"])
        for cid in x["ids"]:
            c = members.get(cid)
            if c is None or any(r in scope for r in c["regions"]):
                continue
            tie = _tie(c, cid, g, engaged, p["hop"])
            if tie is None or not tie > 0:
                continue
            industries = c["industries"]
            fits = any(i in fitting for i in industries)
            bound = (tie * p["w_group"] + p["const"] + (p["w_fit"] if fits else 0.0)
                     + (p["w_gap"] if any(i in gaps for i in industries) else 0.0)
                     + p["w_activity"] * _clamp(_activity(c, p))
                     + (p["w_source"] if any(r in sources for r in c["regions"]) else 0.0)
                     + p["w_scale"] * _scale(c["capital"], c["listed"]))
            lists.setdefault(fits, []).append({"id": cid, "bound": bound})
    out = []
    for fits, rows in lists.items():
        rows.sort(key=lambda r: (-r["bound"], r["id"]))
        out.append({"fits": fits, "top": rows[:p["k"]], "n": len(rows)})
    return out


def _tie(c: dict, cid: str, g: dict, engaged: set, hop: int) -> float | None:
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
