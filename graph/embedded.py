"""The embedded store: FalkorDB (falkordblite), data in one directory, zero set-up."""
from __future__ import annotations

import datetime as dt
import fcntl
import sys
from contextlib import contextmanager
import time
import uuid

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath
from falkordb.query_result import QueryResult as FalkorResult

from graph import falkor_params, falkor_result
from graph.embedded_server import EmbeddedServer
from graph.errors import (BadParameters, CypherError, KGError, QueryTimeout, QueryTooLarge,
                          StoreUnavailable, WriteRefused)
from graph.settings import Settings
from graph.store import GraphStore, QueryResult


class EmbeddedStore(GraphStore):
    kind = "embedded"
    overlap_writes = True  # loaders convert the next batch while the server writes this one

    def __init__(self, directory: str, settings: Settings):
        super().__init__(settings)
        self.server = EmbeddedServer(directory)
        socket = self.server.acquire()
        try:
            self.db = FalkorDB(unix_socket_path=socket)
            self.graph = self.db.select_graph(settings.graph_name)
            if not self.db.connection.exists(settings.graph_name):
                self.graph.query("RETURN 1")  # creates the (empty) graph key
            self.wait_for_indexes()
        except (redis.ConnectionError, OSError) as exc:
            self.server.release()
            raise StoreUnavailable(f"cannot connect to the embedded server: {exc}",
                                   store=self.description)

    INDEX_WAIT = 900.0  # seconds; a server that just read a 1M-company graph takes about 40 s

    def wait_for_indexes(self, timeout: float | None = None) -> float:
        """Wait until every index is built. A server that has just read its data from disk
        rebuilds its indexes in the background, and until they are built FalkorDB plans
        index look-ups as label scans (at 1M companies a 20 ms look-up took 20 s). Reports
        progress on stderr when the wait is long; returns the seconds waited."""
        start, told = time.monotonic(), 0.0
        while True:
            rows = self.graph.query("CALL db.indexes() YIELD label, status "
                                    "RETURN label, status").result_set
            building = [f"{label}: {status}" for label, status in rows
                        if str(status) != "OPERATIONAL"]
            waited = time.monotonic() - start
            if not building:
                return waited
            if waited > (timeout if timeout is not None else self.INDEX_WAIT):
                return waited  # still correct, only slower: go on rather than fail
            if waited - told >= 5.0:
                told = waited
                print(f"正在重建索引 building indexes ({waited:.0f} s): {'; '.join(building)}",
                      file=sys.stderr, flush=True)
            time.sleep(0.5)

    @property
    def description(self) -> str:
        return self.server.label

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            try:
                self.db.connection.close()
            except Exception:
                pass
            self.db = None
        self.server.release()

    # --- the write token (GraphStore.write_token) ----------------------------------------
    # Two keys beside the graph in the same server: an epoch, set once per graph (a store
    # made again at the same path starts another), and a count of writes. Every process
    # writing through this class counts its writes there; a read sees them all.
    def _token_keys(self) -> tuple[str, str]:
        g = self.settings.graph_name
        return f"kg-token:{g}:epoch", f"kg-token:{g}:writes"

    def write_token(self) -> str | None:
        epoch, count = self.db.connection.mget(*self._token_keys())
        if epoch is None:  # never written by code that counts: no token, nothing cached
            return None
        return f"{_text(epoch)}:{_text(count)}"

    def note_written(self) -> None:
        epoch, count = self._token_keys()
        pipe = self.db.connection.pipeline(transaction=False)
        pipe.set(epoch, uuid.uuid4().hex, nx=True)
        pipe.incr(count)
        pipe.execute()

    # --- queries -------------------------------------------------------------------------
    def _run(self, cypher, params, *, write, timeout):
        t0 = time.perf_counter()
        ms = int(timeout * 1000) if timeout else None
        try:
            text = falkor_params.header(params) + cypher
            if write:
                res = self.graph.query(text, None, timeout=ms)
            else:  # falkordb-py's ro_query, with the plain values read in one loop
                raw = self.graph.execute_command("GRAPH.RO_QUERY", self.graph.name, text,
                                                 "--compact", *(("timeout", ms) if ms else ()))
                fast = falkor_result.rows(raw)
                if fast is not None:
                    return QueryResult(*fast, elapsed_ms=(time.perf_counter() - t0) * 1000)
                res = FalkorResult(self.graph, raw)
        except Exception as exc:  # falkordb-py raises redis errors
            raise self._translate(exc, cypher) from None
        cols = [falkor_result.column(h) for h in (res.header or [])]
        rows = [[_value(v) for v in row] for row in (res.result_set or [])]
        return QueryResult(cols, rows, elapsed_ms=(time.perf_counter() - t0) * 1000)

    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        # GRAPH.RO_QUERY: the server refuses any write; the timeout is the server's own, and
        # QUERY_MEM_CAPACITY (graph/embedded_server.py) bounds its memory. The row cap is
        # applied in the server too: the query runs as `CALL { query } RETURN … LIMIT cap+1`,
        # so a cartesian product stops at the cap instead of sending millions of rows.
        timeout = timeout or self.settings.query_timeout_s
        cap = row_cap or self.settings.row_cap
        res = self._run_capped(cypher, params, timeout, cap)
        if len(res.rows) > cap:
            res.rows, res.truncated = res.rows[:cap], True
        return res

    def _run_capped(self, cypher, params, timeout, cap) -> QueryResult:
        body = cypher.strip().rstrip(";")
        try:  # the columns in the query's own order (`RETURN *` sorts them by name)
            cols = self._run(body + "\nLIMIT 0", params, write=False, timeout=timeout).columns
            res = self._run(f"CALL {{\n{body}\n}} RETURN * LIMIT {int(cap) + 1}", params,
                            write=False, timeout=timeout)
            order = [res.columns.index(c) for c in cols]
        except (CypherError, ValueError):
            # the query cannot be wrapped (it ends in LIMIT already, is a bare CALL …): it runs
            # as it is, bounded by the time limit and the server's query memory capacity
            return self._run(cypher, params, write=False, timeout=timeout)
        res.rows = [[r[i] for i in order] for r in res.rows]
        res.columns = cols
        return res

    @contextmanager
    def exclusive(self, name: str):
        # a file lock in the store directory: concurrent first loads set up once
        with open(self.server.dir / f"{name}.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # --- schema --------------------------------------------------------------------------
    def setup_schema(self) -> list[str]:
        with self.exclusive("schema"):
            return self._setup_schema()

    def _setup_schema(self) -> list[str]:
        made = []
        existing = self._existing_indexes()
        for node in self.schema.nodes.values():
            for prop in [node.key] + [p for (lbl, p) in self.schema.indexed() if lbl == node.label]:
                if (node.label, prop, "RANGE") not in existing:
                    self._run(f"CREATE INDEX FOR (n:{node.label}) ON (n.{prop})", None,
                              write=True, timeout=None)
                    made.append(f"index {node.label}.{prop}")
            made += self._unique_constraint(node.label, node.key)
        if made:  # an index added to a populated graph is built in the background
            self.wait_for_indexes()
        return made

    def _existing_indexes(self) -> set[tuple[str, str, str]]:
        out = set()
        res = self._run("CALL db.indexes() YIELD label, properties, types RETURN label, "
                        "properties, types", None, write=False, timeout=None)
        for label, props, types in res.rows:
            for prop in props:
                kinds = types.get(prop, []) if isinstance(types, dict) else []
                for kind in kinds or ["RANGE"]:
                    out.add((label, prop, kind))
        return out

    def _unique_constraint(self, label: str, key: str) -> list[str]:
        try:
            self.db.connection.execute_command("GRAPH.CONSTRAINT", "CREATE",
                                               self.settings.graph_name, "UNIQUE", "NODE",
                                               label, "PROPERTIES", 1, key)
            return [f"unique {label}.{key}"]
        except redis.ResponseError as exc:
            if "already exists" in str(exc).lower():
                return []
            raise CypherError(f"creating the unique constraint on {label}.{key}: {exc}",
                              store=self.description)

    # --- errors --------------------------------------------------------------------------
    def _translate(self, exc: Exception, cypher: str) -> KGError:
        msg = str(exc)
        low = msg.lower()
        where = self.description
        if isinstance(exc, (redis.ConnectionError, redis.TimeoutError, OSError)):
            return StoreUnavailable(f"lost the embedded server: {msg}", store=where,
                                    hint="run the command again; if it persists, see server.log "
                                         "in the store directory")
        if "mem consumption exceeded" in low:
            return QueryTooLarge(f"the query needed more memory than one query may use "
                                 f"(QUERY_MEM_CAPACITY): {cypher[:200]}", store=where)
        if "timed out" in low:
            return QueryTimeout(f"the query ran past its time limit: {msg}", store=where)
        if "read-only" in low or "ro_query" in low:
            return WriteRefused(f"write refused in read-only mode: {cypher[:200]}", store=where)
        if "missing parameters" in low:
            return BadParameters(f"{msg} in: {cypher[:200]}", store=where)
        return CypherError(f"{msg} in: {cypher[:200]}", store=where)


def _value(v):
    """FalkorDB values to plain Python: nodes, relationships and paths become dicts."""
    if v is None or v.__class__ in _PLAIN:  # most values (a load reads hundreds of thousands)
        return v
    if isinstance(v, Node):
        return {"_id": v.id, "_labels": list(v.labels or []), **(v.properties or {})}
    if isinstance(v, Edge):
        src = v.src_node.id if isinstance(v.src_node, Node) else v.src_node
        dst = v.dest_node.id if isinstance(v.dest_node, Node) else v.dest_node
        return {"_id": v.id, "_type": v.relation, "_start": src, "_end": dst,
                **(v.properties or {})}
    if isinstance(v, FPath):
        return {"_path": True, "nodes": [_value(n) for n in v.nodes()],
                "relationships": [_value(e) for e in v.edges()]}
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    return v


_PLAIN = (str, int, float, bool)


def _text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)
