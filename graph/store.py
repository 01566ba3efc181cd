"""The store interface shared by both backends (`graph.stores.open_store` picks one).

Backends implement a handful of primitives (`_run`, `_run_readonly`, schema statements);
everything else here (batched upserts, counts, clear) is written once, in Cypher that runs
unchanged on FalkorDB and on Neo4j 5.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from graph.errors import InputError
from graph.schema import Schema, load_schema
from graph.settings import Settings
from graph.text_guard import control_in, reason


# A company written, or a relationship of these types written at a company, marks it
# `derived_stale`: its precomputed values (graph/derived.py) are refreshed before it is ranked.
DERIVED_FROM = ("OWNS", "IN_INDUSTRY", "LOCATED_IN", "PARTY_TO", "INVESTS_IN")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def scalar(self, default: Any = None) -> Any:
        return self.rows[0][0] if self.rows and self.rows[0] else default


@dataclass
class UpsertResult:
    rows: int = 0          # rows sent
    written: int = 0       # rows whose MERGE ran (relationships: both ends found)
    missing: list[dict] = field(default_factory=list)  # relationship rows with an absent end


def batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class GraphStore(ABC):
    """A property graph that speaks the Cypher subset both backends share."""

    kind: str = "?"
    overlap_writes: bool = False  # may loaders write one batch while converting the next?
    derive_after_load: bool = True  # refresh the precomputed values at the end of a load?

    def __init__(self, settings: Settings, schema: Schema | None = None):
        self.settings = settings
        self.schema = schema or load_schema()

    # --- primitives each backend provides -------------------------------------------------
    @abstractmethod
    def _run(self, cypher: str, params: dict | None, *, write: bool,
             timeout: float | None) -> QueryResult: ...

    @abstractmethod
    def run_readonly(self, cypher: str, params: dict | None = None, *,
                     timeout: float | None = None, row_cap: int | None = None) -> QueryResult:
        """Run untrusted Cypher: read-only, time limit and row cap enforced by the database."""

    @abstractmethod
    def setup_schema(self) -> list[str]:
        """Create constraints and indexes from the schema (idempotent). Returns what was made."""

    @abstractmethod
    def exclusive(self, name: str):
        """A context manager holding a lock named `name` across every process using this
        store: set-up that must happen once (schema, reference data) runs under it."""

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def description(self) -> str: ...

    # --- shared operations ---------------------------------------------------------------
    def read(self, cypher: str, params: dict | None = None, *,
             timeout: float | None = None) -> QueryResult:
        """Trusted, parameterised read (the project's own queries)."""
        return self._run(cypher, params, write=False, timeout=timeout)

    def write(self, cypher: str, params: dict | None = None) -> QueryResult:
        """Trusted, parameterised write (loaders)."""
        res = self._run(cypher, params, write=True, timeout=None)
        self.note_written()
        return res

    # --- the write token: what a cache of reads is valid for ------------------------------
    def write_token(self) -> str | None:
        """A value that changes after every write to the graph, by any process using the
        store: a cache of reads (queries/leads/region_facts.py) is valid while it stays the
        same. None: this store keeps no token, so nothing is cached (Neo4j, for now)."""
        return None

    def note_written(self) -> None:
        """Change the write token (after `write`, and after a bulk import, which writes
        around `write`). The base class keeps no token."""

    @contextmanager
    def tracking(self):
        """Collect the keys every upsert writes while the block runs, as {label: set(keys)}:
        what an incremental refresh of derived values (loaders/derived.py) needs to look at.
        A node upsert counts for its label; a relationship counts for its Company ends only
        (a new LOCATED_IN changes the company's values, not those of every other company in
        the region: counting the region made a 16k-row load at 1M refresh all 1M companies)."""
        seen: dict[str, set] = {}
        self.__dict__.setdefault("_trackers", []).append(seen)
        try:
            yield seen
        finally:
            self._trackers.remove(seen)

    def _track(self, label: str, keys) -> None:
        for seen in self.__dict__.get("_trackers", ()):
            seen.setdefault(label, set()).update(keys)

    def upsert_nodes(self, label: str, rows: Iterable[dict], *,
                     batch_size: int | None = None, progress=None) -> UpsertResult:
        """MERGE nodes on their schema key and SET the other properties (idempotent).

        Each row is a dict of property values holding at least the label's key.
        """
        node = self.schema.node(label)  # validates the label: it is interpolated below
        key = node.key
        stale = ", n.derived_stale = true" if label == "Company" else ""
        cypher = (f"UNWIND $rows AS row MERGE (n:{label} {{{key}: row.{key}}}) "
                  f"SET n += row.props{stale}, {_UNION_SOURCES.format(v='n')} RETURN count(n)")
        res = UpsertResult()
        for batch in batches(rows, batch_size or self.settings.batch_size):
            payload = []
            for r in batch:
                if r.get(key) in (None, ""):
                    raise InputError(f"{label} row without its key {key!r}: {r}")
                _refuse_control(label, r, key)
                payload.append({key: r[key], "sids": r.get("source_ids"),
                                "props": {k: v for k, v in r.items()
                                          if k not in (key, "source_ids") and v is not None}})
            res.rows += len(batch)
            res.written += int(self.write(cypher, {"rows": payload}).scalar(0) or 0)
            self._track(label, (r[key] for r in payload))
            if progress:
                progress(len(batch))
        return res

    def upsert_relationships(self, rel_type: str, start_label: str, end_label: str,
                             rows: Iterable[dict], *, batch_size: int | None = None,
                             progress=None) -> UpsertResult:
        """MERGE relationships between existing nodes found by key (idempotent).

        Rows: {"start": key value, "end": key value, **properties}.
        """
        rel = self.schema.rel(rel_type)
        if start_label not in rel.sources or end_label not in rel.targets:
            raise InputError(f"{rel_type} cannot go from {start_label} to {end_label}; "
                             f"the schema allows {rel.sources} -> {rel.targets}")
        sk, ek = self.schema.key_of(start_label), self.schema.key_of(end_label)
        stale = "".join(_MARK_STALE.format(v=v) for v, lab in (("a", start_label),
                                                               ("b", end_label))
                        if lab == "Company" and rel_type in DERIVED_FROM)
        ends = (f"UNWIND $rows AS row MATCH (a:{start_label} {{{sk}: row.start}}) "
                f"MATCH (b:{end_label} {{{ek}: row.end}}) ")
        cypher = (ends + f"MERGE (a)-[r:{rel_type}]->(b) SET r += row.props, "
                  f"{_UNION_SOURCES.format(v='r')}{stale} RETURN count(*)")
        # Only when a row did not merge (an end is absent): which rows. Returning every row's
        # index instead cost a result of 5,000 rows to parse per batch.
        found_cypher = ends + "RETURN row.i"
        res = UpsertResult()
        for batch in batches(rows, batch_size or self.settings.batch_size):
            for r in batch:
                _refuse_control(rel_type, r, "start", "end")
            payload = [{"i": i, "start": r["start"], "end": r["end"], "sids": r.get("source_ids"),
                        "props": {k: v for k, v in r.items()
                                  if k not in ("start", "end", "source_ids") and v is not None}}
                       for i, r in enumerate(batch)]
            merged = int(self.write(cypher, {"rows": payload}).scalar(0) or 0)
            res.rows += len(batch)
            res.written += merged
            done = batch
            if merged < len(batch):
                keys = [{"i": p["i"], "start": p["start"], "end": p["end"]} for p in payload]
                found = {row[0] for row in self.read(found_cypher, {"rows": keys}).rows}
                res.missing += [r for i, r in enumerate(batch) if i not in found]
                done = [r for i, r in enumerate(batch) if i in found]
            for label, end in ((start_label, "start"), (end_label, "end")):
                if label == "Company":
                    self._track(label, (r[end] for r in done))
            if progress:
                progress(len(batch))
        return res

    def counts(self) -> dict[str, dict[str, int]]:
        labels = [r[0] for r in self.read("CALL db.labels() YIELD label RETURN label").rows]
        types = [r[0] for r in self.read(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType").rows]
        nodes, rels = {}, {}
        for label in sorted(labels):
            n = self.read(f"MATCH (n:`{_tick(label)}`) RETURN count(n)").scalar(0)
            if n:
                nodes[label] = n
        for t in sorted(types):
            n = self.read(f"MATCH ()-[r:`{_tick(t)}`]->() RETURN count(r)").scalar(0)
            if n:
                rels[t] = n
        return {"nodes": nodes, "relationships": rels}

    def clear(self, batch_size: int = 10_000) -> None:
        """Delete every relationship, then every node, in batches: a graph of any size is
        cleared within the server's transaction memory (deleting 50,000 nodes with their
        relationships at once exceeded Neo4j's 2.8 GiB limit at one million companies)."""
        for stmt in ("MATCH ()-[r]->() WITH r LIMIT $k DELETE r RETURN count(*)",
                     "MATCH (n) WITH n LIMIT $k DETACH DELETE n RETURN count(*)"):
            while self.write(stmt, {"k": batch_size}).scalar(0):
                pass

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# Provenance accumulates: a fact seen in two sources keeps both source ids. It is an item of
# the upsert's one SET clause: FalkorDB re-indexes a node for every SET clause that touches it,
# whatever the property (a second `WITH n, row SET n.source_ids = ...` cost as much again:
# docs/benchmarks.md, "sixth session").
_UNION_SOURCES = ("{v}.source_ids = CASE WHEN {v}.source_ids IS NULL "
                  "THEN row.sids WHEN row.sids IS NULL THEN {v}.source_ids "
                  "ELSE {v}.source_ids + [x IN row.sids WHERE NOT x IN {v}.source_ids] END")
# A relationship marks its Company end stale only when it is not marked yet: any SET on a
# company re-indexes it in FalkorDB (0.1 ms at 100k companies, the same value or not), and the
# companies a load links are mostly the ones it has just written, marked already.
_MARK_STALE = (" FOREACH (_ IN CASE WHEN {v}.derived_stale = true THEN [] ELSE [1] END | "
               "SET {v}.derived_stale = true)")


def _refuse_control(what: str, row: dict, *keys: str) -> None:
    """Refuse a row holding a control character before it reaches the database (FalkorDB
    segfaults on U+0001 in a unique key; see graph/text_guard.py)."""
    found = control_in(row, keys)
    if found:
        k, char = found
        raise InputError(f"{what} {k}={row[k]!r} {reason(char)}")


def _tick(name: str) -> str:
    return name.replace("`", "``")
