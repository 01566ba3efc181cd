"""A store in memory that `kg load --bulk` converts into: the real loaders (`load_path`) write
to it exactly as to a database, so validation, ids, rejects, provenance and counts are theirs.

It keeps what a MERGE would leave (`upsert_nodes`: key, properties set, `source_ids` a union;
`upsert_relationships`: one per (type, start, end), both ends required) and answers the reads
the loaders make while converting from in-memory indexes: the tabular loaders' look-ups (name
resolution, the unchanged check) through the methods of `loaders.tabular.lookups`, answered
here by dictionary look-ups (`lookups` is the store itself), and the few reference-data reads
by their query text. A query it does not know raises `BulkUnsupported` (a loader whose reads are
not answered here cannot go through the bulk path), never a wrong answer.
"""
from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from sortedcontainers import SortedList

from graph.errors import InputError
from graph.settings import Settings
from graph.store import GraphStore, QueryResult, UpsertResult, _refuse_control
from graph.text_guard import rows_clean

# Company properties the loaders look companies up by (loaders/tabular/context.py)
COMPANY_KEYS = ("name_norm", "short_norm", "uscc", "stock_code")


class BulkUnsupported(InputError):
    pass


class CaptureStore(GraphStore):
    kind = "capture"
    derive_after_load = False  # computed once on the real store after the import

    def __init__(self, settings: Settings | None = None, schema=None):
        super().__init__(settings or Settings(), schema)
        self.nodes: dict[str, dict] = defaultdict(dict)     # label -> key -> props
        self.rels: dict[tuple, dict] = defaultdict(dict)    # (type, sl, el) -> (s, e) -> props
        self._by: dict[str, dict] = {p: defaultdict(set) for p in COMPANY_KEYS}
        self._org_norm: dict[str, str] = {}
        self._names = SortedList()                           # Company name_norm values
        self._out: dict[tuple, set] = defaultdict(set)       # (type, start key) -> end keys
        self.lookups = self  # loaders.tabular.lookups: answered by the methods below

    # --- writes --------------------------------------------------------------------------
    def upsert_nodes(self, label, rows, *, batch_size=None, progress=None) -> UpsertResult:
        key = self.schema.node(label).key
        table = self.nodes[label]
        res = UpsertResult()
        rows = list(rows)
        clean = rows_clean(rows)  # else row by row, the first such row named
        for r in rows:
            if r.get(key) in (None, ""):
                raise InputError(f"{label} row without its key {key!r}: {r}")
            if not clean:
                _refuse_control(label, r, key)
            k = r[key]
            node = table.get(k)
            if node is None:
                node = table[k] = {key: k}
            old = {p: node.get(p) for p in COMPANY_KEYS} if label == "Company" else None
            _set(node, r, (key,))
            if label == "Company":
                self._index_company(k, old, node)
            elif label == "Organization" and node.get("name_norm"):
                self._org_norm.setdefault(node["name_norm"], k)
            res.rows += 1
            res.written += 1
        return res

    def upsert_relationships(self, rel_type, start_label, end_label, rows, *, batch_size=None,
                             progress=None) -> UpsertResult:
        rel = self.schema.rel(rel_type)
        if start_label not in rel.sources or end_label not in rel.targets:
            raise InputError(f"{rel_type} cannot go from {start_label} to {end_label}; "
                             f"the schema allows {rel.sources} -> {rel.targets}")
        starts, ends = self.nodes[start_label], self.nodes[end_label]
        table = self.rels[(rel_type, start_label, end_label)]
        res = UpsertResult()
        rows = list(rows)
        clean = rows_clean(rows)
        for r in rows:
            if not clean:
                _refuse_control(rel_type, r, "start", "end")
            res.rows += 1
            s, e = r["start"], r["end"]
            if s not in starts or e not in ends:
                res.missing.append(r)
                continue
            _set(table.setdefault((s, e), {}), r, ("start", "end"))
            self._out[(rel_type, s)].add(e)
            res.written += 1
        return res

    def _index_company(self, k, old: dict, node: dict) -> None:
        for p in COMPANY_KEYS:
            if old[p] == node.get(p):
                continue
            if old[p] is not None:
                self._by[p][old[p]].discard(k)
                if p == "name_norm":
                    self._names.discard(old[p])
            if node.get(p) is not None:
                self._by[p][node[p]].add(k)
                if p == "name_norm":
                    self._names.add(node[p])

    # --- the loaders' reads --------------------------------------------------------------
    def _run(self, cypher, params, *, write, timeout) -> QueryResult:
        params = params or {}
        for head, answer in _READS:
            if cypher.startswith(head):
                return QueryResult([], answer(self, cypher, params))
        raise BulkUnsupported(f"the bulk path cannot answer this read of the loaders: "
                              f"{cypher[:120]}",
                              hint="load this file with `kg load` (without --bulk)")

    def _first(self, cypher, params):
        label = cypher.split(":", 1)[1].split(")", 1)[0]
        return [[next(iter(self.nodes[label]))]] if self.nodes.get(label) else []

    def _industries(self, cypher, params):
        return [[k, n.get("name")] for k, n in self.nodes.get("Industry", {}).items()]

    def _no_norm(self, cypher, params):  # loaders/reference/load.py add_search_keys
        label = cypher.split(":", 1)[1].split(")", 1)[0]
        return [[k, n.get("name")] for k, n in self.nodes.get(label, {}).items()
                if n.get("name_norm") is None]

    # --- loaders.tabular.lookups, from the dictionaries ------------------------------------
    def companies_by_identity(self, keys, usccs, stocks) -> list[list]:
        by = self._by
        ids: set = set()
        keys = set(keys)
        for p, values in (("name_norm", keys), ("short_norm", keys), ("uscc", usccs),
                          ("stock_code", stocks)):
            index = by[p]
            if index:  # one set operation (over the smaller side), not a look-up per key
                for v in index.keys() & (values if values is keys else set(values)):
                    ids |= index[v]
        return [self._known_row(k) for k in sorted(ids)]

    def companies_by_prefix(self, shorts) -> list[list]:
        out = []
        for s in shorts:
            for norm in self._names.irange(s, s + "\uffff", inclusive=(True, False)):
                if norm != s:
                    out += [self._known_row(k) + [s] for k in sorted(self._by["name_norm"][norm])]
        return out

    def organizations(self, norms) -> list[list]:
        return [[norm, self._org_norm[norm]] for norm in norms if norm in self._org_norm]

    def existing_nodes(self, label, keys) -> dict:
        table = self.nodes.get(label, {})
        return {k: table[k] for k in keys if k in table}  # compared, not kept

    def existing_rels(self, rtype, sl, el, pairs) -> dict:
        table = self.rels.get((rtype, sl, el), {})
        return {pair: table[pair] for pair in pairs if pair in table}

    def _known_row(self, k) -> list:
        n = self.nodes["Company"][k]
        regions = sorted(self._out.get(("LOCATED_IN", k), ()))
        inds: set = set()
        frontier = set(self._out.get(("IN_INDUSTRY", k), ()))
        for _ in range(3):  # -[:SUBCLASS_OF*0..2]->
            inds |= frontier
            frontier = {p for i in frontier for p in self._out.get(("SUBCLASS_OF", i), ())}
        return [n.get("name_norm"), k, n.get("aliases"), n.get("uscc"), n.get("stock_code"),
                regions, sorted(inds), n.get("short_norm")]

    def counts(self) -> dict[str, dict[str, int]]:
        nodes = {label: len(t) for label, t in sorted(self.nodes.items()) if t}
        rels: dict[str, int] = defaultdict(int)
        for (rtype, _, _), t in self.rels.items():
            rels[rtype] += len(t)
        return {"nodes": nodes, "relationships": {k: v for k, v in sorted(rels.items()) if v}}

    # --- the rest of the interface -------------------------------------------------------
    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        return self._run(cypher, params, write=False, timeout=timeout)

    def setup_schema(self) -> list[str]:
        return []  # the target store creates its indexes after the import

    @contextmanager
    def exclusive(self, name: str):
        yield

    def close(self) -> None:
        pass

    @property
    def description(self) -> str:
        return "memory (bulk conversion)"


def _set(into: dict, row: dict, skip: tuple) -> None:
    """SET n += props (nulls skipped), source_ids a union in order (graph/store.py)."""
    for k, v in row.items():
        if k in skip or v is None:
            continue
        if k == "source_ids":
            old = into.get(k)
            into[k] = list(v) if old is None else old + [x for x in v if x not in old]
        else:
            into[k] = v


_READS = [
    ("MATCH (r:Region) RETURN r.code LIMIT 1", CaptureStore._first),
    ("MATCH (i:Industry) RETURN i.code LIMIT 1", CaptureStore._first),
    ("MATCH (i:Industry) RETURN i.code, i.name", CaptureStore._industries),
]
_READS += [(f"MATCH (x:{label}) WHERE x.name_norm IS NULL", CaptureStore._no_norm)
           for label in ("Region", "Industry")]
