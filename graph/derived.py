"""Values the lead engine would otherwise recompute on every ranking, kept on each Company node
(docs/leads.md, "How the engine stays fast"):

  group_root, group_depth   the top owner reached through OWNS (the farthest owner, ties by
                            its key: the rule of `Context.group_of`) and the hops up to it;
                            both null for a company outside any ownership link
  group_path                the owners from the root down to the company itself, when each
                            has one owner (a chain in a tree: distances in the group follow
                            from two paths); null otherwise
  group_open                its group_root when group_path is null (a company with several
                            owners, or a chain too long), else '' (null outside any group):
                            indexed, so the lead engine finds the groups that are not trees
                            with one look-up instead of a scan of each group
  industry_codes            the codes of its IN_INDUSTRY industries
  region_codes, region_names  its LOCATED_IN regions
  activity_count, activity_last  its "why now" facts (agreements it is party to, projects it
                            invests in, stakes and dated subsidiaries: the rows of the engine's
                            ACTIVITY query without --asof) and the newest of their dates
  activity_day              activity_last as a day number (`day_number`: missing month or day
                            taken at their latest); indexed
  lead_scale                the scale signal (`scale`: capital on a log scale, listed); indexed
                            (with activity_day, the lead engine reads only the members of a
                            group whose score bound can reach a threshold: queries/leads/pool.py)

Every `GraphStore.upsert_*` that writes a company (or a relationship ending at one) marks it
`derived_stale`; `refresh(store, ids)` recomputes the given companies and everything below them
in their groups, `refresh(store)` every company, `refresh_stale(store)` the marked ones (the
lead engine calls it before ranking, so facts written by any route count). The loaders' entry
point is `loaders.derived.refresh_derived`.
"""
from __future__ import annotations

import math
from collections import deque
from typing import Callable, Iterable

from graph.store import GraphStore, batches

MAX_HOPS = 10    # ownership chains longer than this are cut (cycles and data errors)
BATCH = 2_000

ALL_IDS = ("MATCH (c:Company) RETURN c.id AS id, c.reg_capital_cny AS capital, "
           "c.listed AS listed")
ALL_OWNS = """MATCH (o)-[:OWNS]->(c:Company)
RETURN coalesce(o.id, o.name) AS a, c.id AS b"""
BELOW = f"""MATCH (x:Company)-[:OWNS*1..{MAX_HOPS}]->(d:Company) WHERE x.id IN $ids
RETURN DISTINCT x.id AS owner, d.id AS id"""
ABOVE = f"""MATCH p = (x:Company)<-[:OWNS*1..{MAX_HOPS}]-() WHERE x.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, endNode(r).id AS b"""
# (chained OPTIONAL MATCHes: FalkorDB 4.22 plans pattern comprehensions over LOCATED_IN from
# the region's side, 60 ms per company at 20k)
FACTS = """MATCH (c:Company) WHERE c.id IN $ids
OPTIONAL MATCH (c)-[:IN_INDUSTRY]->(i:Industry)
WITH c, collect(DISTINCT i.code) AS industry_codes
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
WITH c, industry_codes,
     collect(CASE WHEN r IS NULL THEN NULL ELSE [r.code, r.name] END) AS regions
OPTIONAL MATCH (c)-[:PARTY_TO]->(a:Agreement)
WITH c, industry_codes, regions,
     collect(CASE WHEN a IS NULL THEN NULL ELSE coalesce(a.date, '') END) AS agreed
OPTIONAL MATCH (c)-[:INVESTS_IN]->(p:Project)
WITH c, industry_codes, regions, agreed,
     collect(CASE WHEN p IS NULL THEN NULL ELSE coalesce(p.date, '') END) AS invested
OPTIONAL MATCH (c)-[o:OWNS]->(s:Company)
WITH c, industry_codes, regions, agreed, invested,
     collect(CASE WHEN coalesce(o.date, s.founded, '') <> '' THEN coalesce(o.date, s.founded)
             ELSE NULL END) AS owned
RETURN c.id AS id, industry_codes, regions, agreed + invested + owned AS dates,
       c.reg_capital_cny AS capital, c.listed AS listed"""
# A full refresh reads each kind of fact once for every company (one scan per relationship
# type, set-based) instead of looking each company up: what `refresh(store)` uses.
SCANS = {
    "industry_codes": "MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry) RETURN c.id AS id, i.code AS v",
    "regions": "MATCH (c:Company)-[:LOCATED_IN]->(r:Region) RETURN c.id AS id, [r.code, r.name] AS v",
    "agreed": "MATCH (c:Company)-[:PARTY_TO]->(a:Agreement) RETURN c.id AS id, coalesce(a.date, '') AS v",
    "invested": "MATCH (c:Company)-[:INVESTS_IN]->(p:Project) RETURN c.id AS id, coalesce(p.date, '') AS v",
    "owned": """MATCH (c:Company)-[o:OWNS]->(s:Company)
RETURN c.id AS id, CASE WHEN coalesce(o.date, s.founded, '') <> '' THEN coalesce(o.date, s.founded)
       ELSE NULL END AS v""",
}
WRITE_BATCH = 10_000
WRITE = """UNWIND $rows AS row MATCH (c:Company {id: row.id})
SET c.group_root = row.group_root, c.group_depth = row.group_depth, c.group_path = row.group_path,
    c.group_open = row.group_open,
    c.industry_codes = row.industry_codes, c.region_codes = row.region_codes,
    c.region_names = row.region_names, c.activity_count = row.activity_count,
    c.activity_last = row.activity_last, c.activity_day = row.activity_day,
    c.lead_scale = row.lead_scale, c.derived_stale = null
RETURN count(c)"""
DERIVED = ("group_root", "group_depth", "group_path", "group_open", "industry_codes", "region_codes", "region_names",
           "activity_count", "activity_last", "activity_day", "lead_scale")


STALE = "MATCH (c:Company) WHERE c.derived_stale = true RETURN c.id AS id LIMIT $k"


def refresh_stale(store: GraphStore, limit: int = 100_000) -> dict:
    """Refresh the companies marked stale by a write (none: one indexed look-up)."""
    ids = [r["id"] for r in store.read(STALE, {"k": limit}).records()]
    return refresh(store, touched=ids) if ids else {"companies": 0, "in_groups": 0,
                                                   "ownership_edges": 0}


def refresh(store: GraphStore, *, progress: Callable[[int], None] | None = None,
            touched: Iterable[str] | None = None) -> dict:
    """Recompute the derived properties of every company, or of the `touched` company ids
    and the companies below them in their groups. Returns {"companies": n refreshed,
    "in_groups": n with a group root, "ownership_edges": n edges read}."""
    if touched is None:
        companies = store.read(ALL_IDS).records()
        ids = [r["id"] for r in companies]
        edges = [(r["a"], r["b"]) for r in store.read(ALL_OWNS).records()]
        facts = _scan_facts(store, companies)
    else:
        seeds = sorted({t for t in touched if t})
        below, owning = set(), set()
        for part in batches(seeds, BATCH):
            for r in store.read(BELOW, {"ids": part}).records():
                below.add(r["id"])
                owning.add(r["owner"])
        ids = sorted(set(seeds) | below)
        edges = []
        for part in batches(ids, BATCH):
            edges += [(r["a"], r["b"]) for r in store.read(ABOVE, {"ids": part}).records()]
    owners: dict[str, set] = {}
    for a, b in edges:
        owners.setdefault(b, set()).add(a)
    linked = {b for _, b in edges} | {a for a, _ in edges}
    if touched is not None:  # owners of others whom nobody owns: their own root
        linked |= owning
        facts = (f for part in batches(ids, BATCH)
                 for f in store.read(FACTS, {"ids": part}).records())
    done = 0
    in_groups = 0
    for part in batches(facts, WRITE_BATCH if touched is None else BATCH):
        rows = [company_values(f, owners, linked) for f in part]
        in_groups += sum(r["group_root"] is not None for r in rows)
        store.write(WRITE, {"rows": rows})
        done += len(rows)
        if progress:
            progress(len(rows))
    return {"companies": done, "in_groups": in_groups, "ownership_edges": len(edges)}


def company_values(f: dict, owners: dict, linked: set) -> dict:
    """The derived values of one company from its facts (FACTS' columns: id, capital, listed,
    industry_codes, regions as [code, name], dates) and the ownership links ({company: its
    owners' keys}; `linked`: every key in a link)."""
    root, depth = group_root(owners, f["id"]) if f["id"] in linked else (None, None)
    return _row(f, root, depth, group_path(owners, f["id"]) if root else None)


def _row(f: dict, root, depth, path=None) -> dict:
    """The derived values of one company from its facts (FACTS' columns)."""
    dates = [d for d in f["dates"] if d]
    regions = sorted({tuple(r) for r in f["regions"]})
    last = max(dates) if dates else None
    return {"id": f["id"], "group_root": root, "group_depth": depth, "group_path": path,
            "group_open": None if root is None else ("" if path else root),
            "industry_codes": sorted(set(f["industry_codes"])),
            "region_codes": [r[0] for r in regions], "region_names": [r[1] for r in regions],
            "activity_count": len(f["dates"]),
            "activity_last": last, "activity_day": day_number(last) if last else None,
            "lead_scale": scale(f.get("capital"), f.get("listed"))}


def _scan_facts(store: GraphStore, companies: list) -> list[dict]:
    """FACTS' columns for every company (ALL_IDS' rows), from one scan per relationship
    type."""
    facts = {c["id"]: {**c, "industry_codes": [], "regions": [], "dates": []}
             for c in companies}
    for key, query in SCANS.items():
        for r in store.read(query).records():
            f = facts.get(r["id"])
            if f is None:
                continue
            if key in ("industry_codes", "regions"):
                f[key].append(r["v"])
            elif key != "owned" or r["v"] is not None:
                f["dates"].append(r["v"])
    return list(facts.values())


def group_root(owners: dict, node) -> tuple:
    """(top owner, hops up to it): the farthest owner by shortest distance, ties by str(key);
    the node itself (0) when nobody owns it.

    >>> group_root({"A": {"G"}, "G": {"H"}, "B": {"G"}}, "A"), group_root({}, "X")
    (('H', 2), ('X', 0))
    """
    depth = {node: 0}
    queue = deque([node])
    while queue:
        n = queue.popleft()
        if depth[n] >= MAX_HOPS:
            continue
        for o in owners.get(n, ()):
            if o not in depth:
                depth[o] = depth[n] + 1
                queue.append(o)
    root = max(depth, key=lambda o: (depth[o], str(o)))
    return root, depth[root]


def group_path(owners: dict, node) -> list | None:
    """[root, ..., owner, node] when every company on the way up has exactly one owner (then
    the group is a tree there and two paths give the distance through the closest common
    owner); None when one has several owners or the chain is longer than MAX_HOPS.

    >>> group_path({"A": {"G"}, "G": {"H"}}, "A"), group_path({"A": {"G", "K"}}, "A")
    (['H', 'G', 'A'], None)
    """
    path = [node]
    while len(path) <= MAX_HOPS:
        up = owners.get(path[-1], ())
        if not up:
            return [str(x) for x in reversed(path)]
        if len(up) > 1:
            return None
        (o,) = up
        if o in path:
            return None
        path.append(o)
    return None


def scale(reg_capital_cny: float | None, listed: bool | None) -> float:
    """0.7 x capital on a log scale (1 million yuan -> 0, 100 billion -> 1) + 0.3 if listed:
    the lead engine's scale signal (queries/leads/signals.py), kept as `lead_scale`.

    >>> scale(1e6, False), scale(1e11, True), round(scale(1e9, None), 2), scale(None, True)
    (0.0, 1.0, 0.42, 0.3)
    """
    cap = 0.0
    if isinstance(reg_capital_cny, (int, float)) and reg_capital_cny > 0:
        cap = min(1.0, max(0.0, (math.log10(reg_capital_cny) - 6) / 5))
    return round(0.7 * cap + (0.3 if listed else 0.0), 6)


_CUM = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def day_number(iso: str) -> int | None:
    """A day number from an ISO date (year, year-month or full date; a missing month or day
    taken at its latest): 365 days a year plus a leap day every fourth, months by their
    cumulative days, off from the calendar by at most two days. The lead engine computes the
    same number in Cypher (queries/leads/pool.py, `_DAY`); None for text that is no date.

    >>> day_number("2024-03-05") - day_number("2024-03-01"), day_number("2024") == day_number("2024-12-31")
    (4, True)
    """
    text = str(iso)
    try:
        year = int(text[0:4])
        month = int(text[5:7]) if len(text) >= 7 else 12
        day = int(text[8:10]) if len(text) >= 10 else 31
        return year * 365 + year // 4 + _CUM[month - 1] + day
    except (ValueError, IndexError):
        return None
