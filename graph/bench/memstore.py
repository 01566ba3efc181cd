"""An in-memory GraphStore that records what the loaders would write, without a database.

`kg export` and the benchmark's raw baselines need the exact nodes and relationships a
`kg load` writes, after validation. Running the real loaders against this recorder gives them:
`upsert_nodes` / `upsert_relationships` merge rows by key (provenance `source_ids`
accumulate, a relationship whose end is absent is reported missing, as on a real store), and
`read` answers the few lookups the load path makes (reference data present?, industries by
code, entities by normalised name, search keys to add); any other read returns no rows, so
every row is written as new (which it is, for an export).
"""
from __future__ import annotations

import re

from graph.settings import load_settings
from graph.store import GraphStore, QueryResult, UpsertResult

_ANY_OF = re.compile(r"^MATCH \((\w):(\w+)\) RETURN \1\.(\w+) LIMIT 1$")
_BY_NORM = re.compile(r"^MATCH \(n:(\w+)\) WHERE n\.name_norm IN \$names RETURN n\.name_norm, n\.id$")
_NO_KEYS = re.compile(r"^MATCH \(x:(\w+)\) WHERE x\.name_norm IS NULL RETURN x\.(\w+), x\.name$")
_INDUSTRIES = "MATCH (i:Industry) RETURN i.code, i.name"


def _merge(into: dict, props: dict) -> None:
    for k, v in props.items():
        if v is None:
            continue
        if k == "source_ids":
            into[k] = list(dict.fromkeys((into.get(k) or []) + list(v or [])))
        else:
            into[k] = v


class RecordingStore(GraphStore):
    kind = "memory"

    def __init__(self):
        super().__init__(load_settings("embedded:/nonexistent"))
        self.nodes: dict[str, dict] = {}                  # label -> key -> props
        self.rels: dict[tuple, dict] = {}                 # (type, sl, el) -> (s, e) -> props
        self._norm: dict[str, dict] = {}                  # label -> name_norm -> id

    @property
    def description(self) -> str:
        return "memory:recording"

    def close(self) -> None:
        pass

    def setup_schema(self) -> list[str]:
        return []

    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        return self._run(cypher, params, write=False, timeout=timeout)

    def _run(self, cypher, params, *, write, timeout) -> QueryResult:
        cypher = " ".join(cypher.split())
        params = params or {}
        if cypher == _INDUSTRIES:
            return QueryResult(["code", "name"], [[k, p.get("name")] for k, p in
                                                  self.nodes.get("Industry", {}).items()])
        if m := _ANY_OF.match(cypher):
            keys = list(self.nodes.get(m.group(2), {}))[:1]
            return QueryResult(["k"], [[k] for k in keys])
        if m := _BY_NORM.match(cypher):
            index = self._norm.get(m.group(1), {})
            return QueryResult(["norm", "id"], [[n, index[n]] for n in params["names"]
                                                if n in index])
        if m := _NO_KEYS.match(cypher):
            return QueryResult(["k", "name"], [[k, p.get("name")] for k, p in
                                               self.nodes.get(m.group(1), {}).items()
                                               if p.get("name_norm") is None])
        return QueryResult([], [])

    # --- the writes the loaders make ------------------------------------------------------
    def upsert_nodes(self, label, rows, *, batch_size=None, progress=None) -> UpsertResult:
        key = self.schema.node(label).key
        table = self.nodes.setdefault(label, {})
        res = UpsertResult()
        for r in rows:
            props = table.setdefault(r[key], {})
            _merge(props, r)
            if props.get("name_norm"):
                self._norm.setdefault(label, {})[props["name_norm"]] = r[key]
            res.rows += 1
            res.written += 1
        return res

    def upsert_relationships(self, rel_type, start_label, end_label, rows, *,
                             batch_size=None, progress=None) -> UpsertResult:
        self.schema.rel(rel_type)
        starts, ends = self.nodes.get(start_label, {}), self.nodes.get(end_label, {})
        table = self.rels.setdefault((rel_type, start_label, end_label), {})
        res = UpsertResult()
        for r in rows:
            res.rows += 1
            if r["start"] not in starts or r["end"] not in ends:
                res.missing.append(r)
                continue
            _merge(table.setdefault((r["start"], r["end"]), {}),
                   {k: v for k, v in r.items() if k not in ("start", "end")})
            res.written += 1
        return res

    def counts(self) -> dict[str, dict[str, int]]:
        rels: dict[str, int] = {}
        for (t, _, _), table in self.rels.items():
            rels[t] = rels.get(t, 0) + len(table)
        return {"nodes": {k: len(v) for k, v in sorted(self.nodes.items()) if v},
                "relationships": dict(sorted((k, v) for k, v in rels.items() if v))}
