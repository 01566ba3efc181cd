"""The reads the tabular loaders make while they convert, as a small explicit interface.

`StoreLookups` answers them with Cypher on a database. The bulk path's in-memory store
(loaders/bulk/capture.py) answers the same methods from its dictionaries (`CaptureLookups`), so
it needs no parsing of query text. `lookups_for(store)` picks: a store with a `lookups`
attribute answers itself; any other store goes through Cypher.

Company rows are `[name_norm, id, aliases, uscc, stock_code, [region codes], [industry codes
with their two ancestors], short_norm]` (`companies_by_prefix`: plus the short name matched).
"""
from __future__ import annotations

from graph.store import GraphStore

# Companies by identity key: one index lookup per property, as a top-level UNION of
# branches. Written as `a IN $x OR b IN $y`, or as a UNION inside CALL {}, FalkorDB 4.22
# scanned every Company (Node By Label Scan) for each batch of 5,000 rows.
IDENTITY_PROPS = (("name_norm", "keys"), ("short_norm", "keys"), ("uscc", "usccs"),
                  ("stock_code", "stocks"))
# A company's own industries only: their two ancestors are added from the industry tree, read
# once (`StoreLookups.ancestors`). Walking `-[:SUBCLASS_OF*0..2]->(i:Industry)` in the statement
# cost FalkorDB two label-checked traversals per company: 1.5 s of a 3,502-company answer at
# 100k, 0.7 s without (docs/benchmarks.md, "sixth session").
_TAIL = (" OPTIONAL MATCH (n)-[:LOCATED_IN]->(r:Region) "
         "OPTIONAL MATCH (n)-[:IN_INDUSTRY]->(i:Industry) "
         "RETURN n.name_norm, n.id, n.aliases, n.uscc, n.stock_code, "
         "collect(DISTINCT r.code), collect(DISTINCT i.code), n.short_norm")
TREE = "MATCH (a:Industry)-[:SUBCLASS_OF]->(b:Industry) RETURN a.code, b.code"

# Labels whose nodes can hold hundreds of thousands of relationships (a few organisations visit
# or sign with many companies; every company lies in a region and an industry): a relationship
# check starts from the other end.
HUBS = frozenset({"Organization", "Region", "Industry", "Source"})


class StoreLookups:
    def __init__(self, store: GraphStore):
        self.store = store
        self._parents: dict | None = None  # the industry tree, read at the first need

    def ancestors(self, rows: list[list], col: int = 6) -> list[list]:
        """`rows` with each company's industry codes (column `col`) followed by their parents
        and grandparents over SUBCLASS_OF, as `(:Industry)-[:SUBCLASS_OF*0..2]->(i:Industry)`
        would give them."""
        if not any(r[col] for r in rows):
            return rows
        if self._parents is None:
            self._parents = {}
            for a, b in self.store.read(TREE).rows:
                self._parents.setdefault(a, []).append(b)
        up = self._parents
        for r in rows:
            codes = list(r[col])
            for c in r[col]:
                for p in up.get(c, ()):
                    codes += [p, *up.get(p, ())]
            r[col] = list(dict.fromkeys(codes))
        return rows

    def companies_by_identity(self, keys: list, usccs: list, stocks: list) -> list[list]:
        """Companies whose name_norm or short_norm is in `keys`, uscc in `usccs` or stock code
        in `stocks` (one indexed UNION branch per property with values)."""
        params = {"keys": keys, "usccs": usccs, "stocks": stocks}
        branches = [f"MATCH (n:Company) WHERE n.{prop} IN ${p}{_TAIL}"
                    for prop, p in IDENTITY_PROPS if params[p]]
        if not branches:
            return []
        return self.ancestors(self.store.read(" UNION ".join(branches), params).rows)

    def companies_by_prefix(self, shorts: list) -> list[list]:
        """Companies whose name_norm starts with one of `shorts` (and is longer): an index
        range; each row ends with the short name it matched."""
        if not shorts:
            return []
        return self.ancestors(self.store.read(
            "UNWIND $shorts AS s MATCH (n:Company) WHERE n.name_norm >= s AND "
            "n.name_norm < s + '\uffff' AND n.name_norm <> s" + _TAIL + ", s",
            {"shorts": shorts}).rows)

    def organizations(self, norms: list) -> list[list]:
        """[name_norm, id] of the organisations with these normalised names."""
        return self.store.read("MATCH (n:Organization) WHERE n.name_norm IN $names "
                               "RETURN n.name_norm, n.id", {"names": norms}).rows

    def existing_nodes(self, label: str, keys: list) -> dict:
        """{key: properties} of the `label` nodes with these keys."""
        key = self.store.schema.key_of(label)
        rows = self.store.read(f"UNWIND $keys AS k MATCH (n:{label} {{{key}: k}}) "
                               f"RETURN k, properties(n)", {"keys": keys}).rows
        return {k: props for k, props in rows}

    def existing_rels(self, rtype: str, sl: str, el: str, pairs: list) -> dict:
        """{(start key, end key): properties} of these `rtype` relationships.

        Read from the end with few relationships: FalkorDB walks from the first node it binds,
        and an organisation (or region, industry, source) can have hundreds of thousands
        (VISITED at 1M: 3.3 s for 1,438 rows from the organisations' side)."""
        payload = [{"s": s, "e": e} for s, e in pairs]
        rows = self.store.read(existing_rels_query(self.store.schema, rtype, sl, el),
                               {"rows": payload}).rows
        return {(s, e): props for s, e, props in rows}


def existing_rels_query(schema, rtype: str, sl: str, el: str) -> str:
    """`StoreLookups.existing_rels`' statement: from the end that is not a hub (HUBS)."""
    sk, ek = schema.key_of(sl), schema.key_of(el)
    if sl in HUBS and el not in HUBS:
        query = (f"UNWIND $rows AS row MATCH (b:{el} {{{ek}: row.e}}) WITH row, b "
                 f"MATCH (a:{sl})-[r:{rtype}]->(b) WHERE a.{sk} = row.s ")
    else:
        query = (f"UNWIND $rows AS row MATCH (a:{sl} {{{sk}: row.s}})-[r:{rtype}]->"
                 f"(b:{el} {{{ek}: row.e}}) ")
    return query + "RETURN row.s, row.e, properties(r)"


def lookups_for(store: GraphStore) -> StoreLookups:
    return getattr(store, "lookups", None) or StoreLookups(store)
