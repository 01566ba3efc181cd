"""The ownership above some companies, read once per company and state of the store
(kept with the region's facts: region_facts.RegionFacts.owners).

`(o)-[:OWNS*1..h]->(c) WHERE c.id IN $ids`, each relationship once (fetch.OWNERS, h = 3;
pool.OWNERS_UP, h = 4), was read again for the whole pool by every pass of a ranking and by
every ranking: at one million companies with a focus, 1.6 s of reads for mostly the same rows.
`Owners` asks the database only for the companies not asked before and gives, from what it
holds, exactly the relationships a read for `ids` returns: those whose owned end lies at most
h - 1 hops above one of `ids` (a path of at most h hops ends there; the shortest way up from
that end is made of relationships read for the same company, so it is held). Rows come in the
order they were first read, each once (the same owner, owned company, share and sources).
"""
from __future__ import annotations

import threading

from queries.leads import fetch


class Owners:
    def __init__(self, query: str, hops: int):
        self.query, self.hops = query, hops
        self.asked: set = set()
        self.rows: list[dict] = []
        self._keys: set = set()
        self._lock = threading.Lock()

    def read(self, store, ids) -> list[dict]:
        """The rows of `query` for `ids` (a new list)."""
        ids = set(ids)
        with self._lock:
            new = sorted(ids - self.asked)
            for r in fetch.read_all(store, self.query, ids=new) if new else []:
                key = (r["a"], r["b"], r["share"], tuple(r["sources"]))
                if key not in self._keys:
                    self._keys.add(key)
                    self.rows.append(r)
            self.asked |= ids
            if len(ids) == len(self.asked):  # all that was ever asked: every row held
                return list(self.rows)
            owners: dict = {}
            for r in self.rows:
                owners.setdefault(r["b"], []).append(r["a"])
            near, edge = set(ids), set(ids)
            for _ in range(self.hops - 1):
                edge = {a for b in edge for a in owners.get(b, ())} - near
                near |= edge
            return [r for r in self.rows if r["b"] in near]
