"""The Neo4j 5 store through the official `neo4j` driver (py2neo is end-of-life)."""
from __future__ import annotations

import time

import neo4j
from neo4j import GraphDatabase, Query
from neo4j import exceptions as nx
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from graph.errors import (BadParameters, CypherError, KGError, QueryTimeout, StoreUnavailable,
                          WriteRefused)
from graph.settings import Settings
from graph.store import GraphStore, QueryResult


class Neo4jStore(GraphStore):
    kind = "neo4j"

    def __init__(self, uri: str, settings: Settings):
        super().__init__(settings)
        self.uri = uri
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, connection_timeout=settings.connect_timeout_s,
                connection_acquisition_timeout=settings.connect_timeout_s,
                max_transaction_retry_time=settings.connect_timeout_s,
                notifications_min_severity="OFF")  # e.g. "type does not exist yet" on reads
            self.driver.verify_connectivity()
        except (nx.ServiceUnavailable, nx.AuthError, OSError, ValueError,
                nx.ConfigurationError) as exc:
            raise StoreUnavailable(f"cannot reach Neo4j: {exc}", store=self.description,
                                   hint="check NEO4J_URI / --store, NEO4J_USERNAME and "
                                        "NEO4J_PASSWORD, and that the server is running")

    @property
    def description(self) -> str:
        return f"neo4j:{self.uri}"

    def close(self) -> None:
        if getattr(self, "driver", None) is not None:
            self.driver.close()
            self.driver = None

    def _session(self, write: bool):
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self.driver.session(database=self.settings.neo4j_database,
                                   default_access_mode=mode, fetch_size=1000)

    def _run(self, cypher, params, *, write, timeout):
        return self._execute(cypher, params, write=write, timeout=timeout, cap=None)

    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        # A READ-mode transaction: the server refuses writes; the timeout is the server's
        # transaction timeout; records are pulled lazily, so past the cap the rest is discarded
        # on the server without being produced.
        return self._execute(cypher, params, write=False,
                             timeout=timeout or self.settings.query_timeout_s,
                             cap=row_cap or self.settings.row_cap)

    def _execute(self, cypher, params, *, write, timeout, cap):
        t0 = time.perf_counter()
        try:
            with self._session(write) as session:
                if write:
                    result = session.run(Query(cypher, timeout=timeout), params or {})
                    cols, rows, truncated = _pull(result, cap)
                else:
                    # A READ transaction function: on a cluster (neo4j:// routing) the driver
                    # sends it to a secondary and retries it on a transient error or a leader
                    # switch (docs/deployment.md).
                    work = neo4j.unit_of_work(timeout=timeout)(
                        lambda tx: _pull(tx.run(cypher, params or {}), cap))
                    cols, rows, truncated = session.execute_read(work)
        except nx.Neo4jError as exc:
            raise self._translate(exc, cypher) from None
        except (nx.ServiceUnavailable, nx.SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"lost the connection to Neo4j: {exc}",
                                   store=self.description) from None
        except nx.DriverError as exc:
            raise CypherError(f"{exc} in: {cypher[:200]}", store=self.description) from None
        return QueryResult(cols, rows, truncated, (time.perf_counter() - t0) * 1000)

    def setup_schema(self) -> list[str]:
        made = []
        existing = {r[0] for r in self.read("SHOW INDEXES YIELD name RETURN name").rows}
        existing |= {r[0] for r in self.read("SHOW CONSTRAINTS YIELD name RETURN name").rows}
        for node in self.schema.nodes.values():
            low = node.label.lower()
            stmts = [(f"{low}_{node.key}_unique",
                      f"CREATE CONSTRAINT {low}_{node.key}_unique IF NOT EXISTS "
                      f"FOR (n:{node.label}) REQUIRE n.{node.key} IS UNIQUE")]
            for lbl, prop in self.schema.indexed():
                if lbl == node.label:
                    stmts.append((f"{low}_{prop}", f"CREATE INDEX {low}_{prop} IF NOT EXISTS "
                                  f"FOR (n:{node.label}) ON (n.{prop})"))
            if node.fulltext:
                fields = ", ".join(f"n.{p}" for p in node.fulltext)
                stmts.append((f"{low}_fulltext",
                              f"CREATE FULLTEXT INDEX {low}_fulltext IF NOT EXISTS "
                              f"FOR (n:{node.label}) ON EACH [{fields}] "
                              "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}"))
            for name, stmt in stmts:
                if name not in existing:
                    self.write(stmt)
                    made.append(name)
        self.write("CALL db.awaitIndexes(300)")
        return made

    def _translate(self, exc: "nx.Neo4jError", cypher: str) -> KGError:
        code = exc.code or ""
        msg = f"{exc.message} in: {cypher[:200]}"
        where = self.description
        if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
            return QueryTimeout(f"the query ran past its time limit ({code})", store=where)
        if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code \
                or "WriteOnReadOnlyAccessDbException" in code:
            return WriteRefused(f"write refused in read-only mode: {cypher[:200]}", store=where)
        if "ParameterMissing" in code or "ParameterNotProvided" in code:
            return BadParameters(msg, store=where)
        if code.startswith("Neo.ClientError.Security"):
            return StoreUnavailable(f"Neo4j refused the credentials: {exc.message}", store=where,
                                    hint="set NEO4J_USERNAME / NEO4J_PASSWORD")
        return CypherError(f"{code}: {msg}", store=where)


def _pull(result, cap):
    """Columns, rows (plain values) and whether the row cap cut them; the rest is discarded
    on the server without being produced."""
    cols = list(result.keys())
    rows, truncated = [], False
    for record in result:
        if cap is not None and len(rows) >= cap:
            truncated = True
            break
        rows.append([_value(v) for v in record.values()])
    result.consume()
    return cols, rows, truncated


def _value(v):
    """Driver values to plain Python: nodes, relationships and paths become dicts."""
    if isinstance(v, Node):
        return {"_id": v.element_id, "_labels": sorted(v.labels), **dict(v)}
    if isinstance(v, Relationship):
        return {"_id": v.element_id, "_type": v.type, "_start": v.start_node.element_id,
                "_end": v.end_node.element_id, **dict(v)}
    if isinstance(v, Path):
        return {"_path": True, "nodes": [_value(n) for n in v.nodes],
                "relationships": [_value(r) for r in v.relationships]}
    if isinstance(v, (Date, DateTime)):
        return v.iso_format()
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    return v
