"""`refresh_derived`: the lead engine's precomputed company values (graph/derived.py) brought up
to date after a load. `loaders.load.derive_once` calls it at the end of a load (once per `kg load`
invocation, however many files) with the companies the loads wrote, `kg demo` after the demo,
`kg derive` (and a bulk import) for everything.
"""
from __future__ import annotations

from typing import Callable, Iterable

from graph import derived
from graph.store import GraphStore, batches

# companies whose derived values depend on a written node of another label
AFFECTED = {
    "Agreement": "MATCH (x:Agreement)<-[:PARTY_TO]-(c:Company) WHERE x.id IN $keys "
                 "RETURN DISTINCT c.id AS id",
    "Project": "MATCH (x:Project)<-[:INVESTS_IN]-(c:Company) WHERE x.id IN $keys "
               "RETURN DISTINCT c.id AS id",
    "Region": "MATCH (x:Region)<-[:LOCATED_IN]-(c:Company) WHERE x.code IN $keys "
              "RETURN DISTINCT c.id AS id",
    "Industry": "MATCH (x:Industry)<-[:IN_INDUSTRY]-(c:Company) WHERE x.code IN $keys "
                "RETURN DISTINCT c.id AS id",
    "Company": "MATCH (x:Company)<-[:OWNS]-(c:Company) WHERE x.id IN $keys "
               "RETURN DISTINCT c.id AS id",   # a subsidiary's founding date is its owner's fact
}
# Reference loads rewrite every region and industry; past this many keys of those labels a
# load refreshes everything instead of looking each one up.
WIDE = 5_000
# A load that touched more than this share of the companies refreshes all of them: one read of
# every ownership link instead of the paths above and below each touched company.
FULL_SHARE = 0.2


def touched_companies(store: GraphStore, written: dict) -> set | None:
    """The company ids whose derived values a load may have changed, from the keys it wrote
    ({label: keys}, `GraphStore.tracking`); None: too many to look up, refresh everything."""
    out = set(written.get("Company", ()))
    for label, query in AFFECTED.items():
        keys = sorted(written.get(label, ()))
        if label in ("Region", "Industry") and len(keys) > WIDE:
            return None
        for part in batches(keys, derived.BATCH):
            out |= {r["id"] for r in store.read(query, {"keys": part}).records()}
    return out


def refresh_derived(store: GraphStore, *, progress: Callable[[int], None] | None = None,
                    touched: Iterable[str] | None = None) -> dict:
    """Recompute the derived values of every company (`touched` None), or of the `touched`
    company ids and the companies below them in their groups; companies marked stale by a
    write are refreshed too. Returns {"companies", "in_groups", "ownership_edges"}."""
    if touched is not None:
        stale = [r["id"] for r in store.read(derived.STALE, {"k": 1_000_000}).records()]
        touched = set(touched) | set(stale)
        total = store.read("MATCH (c:Company) RETURN count(c)").scalar(0)
        if len(touched) > FULL_SHARE * total:  # reading every link once is cheaper
            touched = None
    return derived.refresh(store, progress=progress, touched=touched)
