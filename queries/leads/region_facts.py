"""What a ranking reads of its target region that no question changes, kept in memory while the
store stays unwritten (docs/leads.md, "The region's facts, kept between rankings").

The region's agreements (one row per party), its organisations, the industries of its
companies, the visits of its organisations, the engaged companies' groups, the ownership links
near them and what is computed from those alone (the proximity graph, its personalised
PageRank, the paths from the seeds) depend on the region, `asof` and the hidden agreements,
never on the focus industries, the weights or the pool's limit. The scoring facts of the
companies a ranking reads (the visitors among them, whatever the question) are kept beside
them for the next ranking at the same state of the store, and so are, by company or group,
what the pool and the candidates read of them: group members' properties and their
question-free part of the pool's bound (queries/leads/bounds.py), whole groups' members, dated
facts and the ownership above them (queries/leads/owners.py). At one million companies
they are most of a ranking's reads (the busiest city's 38,850 agreement rows, 11,863 visits).

`region_facts` returns them from an in-process memo keyed by the store's write token
(`GraphStore.write_token`: it changes after every write, by any process), so a second ranking
of the same region, whatever its question, reads only what the question adds. A store without
a token (Neo4j for now) reads them every time. Everything here is read-only to its users.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import networkx as nx

from queries.leads import bounds, fetch, pool
from queries.leads.owners import Owners
from queries.leads import signals as sg

MEMO_SIZE = 4  # regions (with their asof and hidden agreements) kept per process
_MEMO: OrderedDict = OrderedDict()
_LOCK = threading.Lock()


class RegionFacts:
    """The region's part of a ranking; the parts not every ranking needs are read on first use
    (with the store of the ranking that asks: the same token, so the same graph)."""

    def __init__(self, store, region, asof: str | None, hidden):
        scope = list(region.scope)
        self.agreements = fetch.agreements(store, region.scope, asof, hidden)
        self.local_orgs = fetch.read_all(store, fetch.LOCAL_ORGS, scope=scope)
        self.covered = frozenset(r["code"] for r in fetch.read_all(
            store, fetch.LOCAL_INDUSTRIES, scope=scope))
        self.visits = fetch.read_all(store, fetch.VISITS,
                                     orgs=[x["id"] for x in self.local_orgs])
        self.engaged = frozenset(a["party"] for a in self.agreements if a["label"] == "Company")
        self.seeds = sorted({a["id"] for a in self.agreements} | self.engaged |
                            {v["company"] for v in self.visits})
        # companies' scoring facts (Context._candidates: fetch.FACTS, described) by id, filled
        # by the rankings that read them; never changed in place by a reader
        self.companies: dict = {}
        # group members' node properties the pool's bounds read (bounds.MEMBERS) by id, filled
        # by the rankings that ask for them (`members`)
        self._members: dict = {}
        self._activity: dict = {}  # companies' dated facts (fetch.ACTIVITY rows) by id
        self._every: dict = {}     # groups' members (pool.EVERY) by root
        self.asof, self.hidden = asof, list(hidden)
        self._lazy: dict = {}
        self._lock = threading.RLock()  # a part made from another (projection: links)

    def once(self, name: str, make):
        """What `make()` returns, made once per region's facts (the same `name`, the same
        thing: a name says what it depends on beyond the facts, e.g. the day)."""
        return self._once(name, make)

    def _once(self, name: str, make):
        with self._lock:
            if name not in self._lazy:
                self._lazy[name] = make()
            return self._lazy[name]

    def by(self, key: str) -> dict:
        """The agreement rows by one column ('id' or 'party')."""
        def make():
            out: dict = {}
            for a in self.agreements:
                out.setdefault(a[key], []).append(a)
            return out
        return self._once(f"by:{key}", make)

    def engaged_roots(self, store) -> list[dict]:
        """The engaged companies' group root, depth, path, open mark and scale
        (pool.ENGAGED_ROOTS)."""
        return self._once("roots", lambda: fetch.read_all(store, pool.ENGAGED_ROOTS,
                                                          ids=sorted(self.engaged)))

    def _fill(self, cache: dict, keys, read) -> None:
        """Put in `cache` what `read(keys not in it yet)` returns ({key: value})."""
        with self._lock:
            need = sorted({k for k in keys if k not in cache})
        got = read(need) if need else {}
        with self._lock:
            cache.update(got)

    def members(self, store, ids) -> dict:
        """{id: bounds.MEMBERS row} for `ids` (those without a node left out), reading only
        the ones no earlier pass or ranking of this state of the store read."""
        self._fill(self._members, ids, lambda need: {
            r["id"]: r for r in fetch.read_all(store, bounds.MEMBERS, ids=need)})
        return self._members  # read-only to the caller: bounds.bounds looks ids up

    def activity(self, store, ids: list) -> list[dict]:
        """fetch.ACTIVITY's rows for `ids` (at this `asof`, without the hidden agreements), a
        company's rows in the order the statement gives them; only the companies no earlier
        pass or ranking read are read."""
        def read(need):
            got: dict = {i: [] for i in need}
            for r in fetch.read_all(store, fetch.ACTIVITY, ids=need,
                                    asof=self.asof or fetch.FAR_FUTURE, hidden=self.hidden):
                got[r["company"]].append(r)
            return got
        self._fill(self._activity, ids, read)
        return [r for i in ids for r in self._activity[i]]

    def bound_parts(self, today) -> dict:
        """The group members' parts of the pool's bound that no question changes
        (bounds._part: they depend on the region, `asof` and the day), filled by the rankings
        of `today`."""
        return self._once(f"bound_parts:{today}", dict)

    def owners(self, query: str, hops: int) -> Owners:
        """The ownership up to `hops` above companies (fetch.OWNERS, pool.OWNERS_UP), each
        company's read once (queries/leads/owners.py)."""
        return self._once(f"owners:{query}", lambda: Owners(query, hops))

    def every(self, store, roots: list) -> dict:
        """{root: the ids of every member of the group} (pool.EVERY), each group read once."""
        def read(need):
            got: dict = {r: [] for r in need}
            for r in fetch.read_all(store, pool.EVERY, roots=need):
                got[r["root"]].append(r["id"])
            return got
        self._fill(self._every, roots, read)
        return {r: self._every[r] for r in roots}

    def not_trees(self, store, query: str, roots: list) -> list[dict]:
        """The groups among `roots` that are no tree (pool.NOT_TREES or SCAN_NOT_TREES)."""
        return self._once(f"not_trees:{query}", lambda: fetch.read_all(store, query, roots=roots))

    def links(self, store) -> list[tuple]:
        """The ownership links within four hops of the engaged companies (fetch.GROUP_LINKS)."""
        return self._once("links", lambda: [(r["a"], r["b"]) for r in fetch.read_all(
            store, fetch.GROUP_LINKS, ids=sorted(self.engaged))])

    def projection(self, store) -> tuple[nx.Graph, dict, float]:
        """(the proximity graph, its personalised PageRank from the seeds, the highest rank of
        an owner or company in the ownership links, the seeds aside): Context._projection."""
        def make():
            g = nx.Graph()
            g.add_edges_from((a["party"], a["id"]) for a in self.agreements)
            g.add_edges_from((v["org"], v["company"]) for v in self.visits)
            links = self.links(store)
            g.add_edges_from(links)
            ppr = sg.personalised_pagerank(g, self.seeds)
            near = {x for link in links for x in link} - set(self.seeds)
            return g, ppr, max((ppr.get(c, 0.0) for c in near), default=0.0)
        return self._once("projection", make)

    def seed_paths(self, store) -> dict:
        """The shortest path from the nearest seed to every node of the proximity graph (the
        seeds in their sorted order: equal paths are chosen alike in every process)."""
        return self._once("seed_paths", lambda: paths_from(self.projection(store)[0], self.seeds))


def paths_from(graph: nx.Graph, seeds: list) -> dict:
    """{node: the shortest path from its nearest seed}; equal paths chosen by the seeds' order
    (sorted), never by a set's per-process hash order."""
    return nx.multi_source_dijkstra_path(graph, seeds) if seeds else {}


def region_facts(store, region, asof: str | None, hidden) -> RegionFacts:
    """The region's facts for this state of the store: from the memo when its write token is
    the one they were read at, else read now (and kept, if the store has a token)."""
    token = store.write_token()
    if token is None:
        return RegionFacts(store, region, asof, hidden)
    where = (store.description, store.settings.graph_name)
    key = (*where, token, region.code, tuple(sorted(region.scope)), asof or "",
           tuple(sorted(hidden)))
    with _LOCK:
        hit = _MEMO.get(key)
        if hit is not None:
            _MEMO.move_to_end(key)
            return hit
    facts = RegionFacts(store, region, asof, hidden)
    with _LOCK:
        for old in [k for k in _MEMO if k[:2] == where and k[2] != token]:
            del _MEMO[old]  # read at an earlier state of this store: never valid again
        _MEMO[key] = facts
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    return facts


def forget() -> None:
    """Empty the memo (tests; a process that wants every ranking read afresh)."""
    with _LOCK:
        _MEMO.clear()
