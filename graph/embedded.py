"""The embedded store: FalkorDB (falkordblite), data in one directory, zero set-up."""
from __future__ import annotations

import datetime as dt
import time

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as FPath

from graph import falkor_params
from graph.embedded_server import EmbeddedServer
from graph.errors import (BadParameters, CypherError, KGError, QueryTimeout, StoreUnavailable,
                          WriteRefused)
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
        except (redis.ConnectionError, OSError) as exc:
            self.server.release()
            raise StoreUnavailable(f"cannot connect to the embedded server: {exc}",
                                   store=self.description)

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

    # --- queries -------------------------------------------------------------------------
    def _run(self, cypher, params, *, write, timeout):
        t0 = time.perf_counter()
        ms = int(timeout * 1000) if timeout else None
        try:
            text = falkor_params.header(params) + cypher
            if write:
                res = self.graph.query(text, None, timeout=ms)
            else:
                res = self.graph.ro_query(text, None, timeout=ms)
        except Exception as exc:  # falkordb-py raises redis errors
            raise self._translate(exc, cypher) from None
        cols = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
        rows = [[_value(v) for v in row] for row in (res.result_set or [])]
        return QueryResult(cols, rows, elapsed_ms=(time.perf_counter() - t0) * 1000)

    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        # GRAPH.RO_QUERY: the server refuses any write; the timeout is the server's own.
        timeout = timeout or self.settings.query_timeout_s
        cap = row_cap or self.settings.row_cap
        res = self._run(cypher, params, write=False, timeout=timeout)
        if len(res.rows) > cap:
            res.rows, res.truncated = res.rows[:cap], True
        return res

    # --- schema --------------------------------------------------------------------------
    def setup_schema(self) -> list[str]:
        made = []
        existing = self._existing_indexes()
        for node in self.schema.nodes.values():
            for prop in [node.key] + [p for (lbl, p) in self.schema.indexed() if lbl == node.label]:
                if (node.label, prop, "RANGE") not in existing:
                    self._run(f"CREATE INDEX FOR (n:{node.label}) ON (n.{prop})", None,
                              write=True, timeout=None)
                    made.append(f"index {node.label}.{prop}")
            made += self._unique_constraint(node.label, node.key)
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
        if "timed out" in low:
            return QueryTimeout(f"the query ran past its time limit: {msg}", store=where)
        if "read-only" in low or "ro_query" in low:
            return WriteRefused(f"write refused in read-only mode: {cypher[:200]}", store=where)
        if "missing parameters" in low:
            return BadParameters(f"{msg} in: {cypher[:200]}", store=where)
        return CypherError(f"{msg} in: {cypher[:200]}", store=where)


def _value(v):
    """FalkorDB values to plain Python: nodes, relationships and paths become dicts."""
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
