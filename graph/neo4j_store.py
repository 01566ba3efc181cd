"""The Neo4j 5 store through the official `neo4j` driver (py2neo is end-of-life)."""
from __future__ import annotations

import concurrent.futures as cf
from contextlib import contextmanager
import threading
import time

import neo4j
from neo4j import GraphDatabase, Query
from neo4j import exceptions as nx
from neo4j.graph import Node, Path, Relationship
from neo4j.time import Date, DateTime

from graph.errors import (BadParameters, CypherError, KGError, QueryRefused, QueryTimeout,
                          QueryTooLarge, StoreBusy, StoreUnavailable, WriteRefused)
from graph.neo4j_console import ConsolePool
from graph.settings import Settings
from graph.store import GraphStore, QueryResult


class Neo4jStore(GraphStore):
    kind = "neo4j"

    def __init__(self, uri: str, settings: Settings, *, in_worker: bool = False):
        super().__init__(settings)
        self.uri = uri
        # User Cypher runs in a worker process with a memory limit (graph/neo4j_console.py);
        # inside that worker it runs here.
        self._console = None if in_worker else ConsolePool(uri, settings, self.description)
        auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
        try:
            self.driver = GraphDatabase.driver(
                uri, auth=auth, connection_timeout=settings.connect_timeout_s,
                connection_acquisition_timeout=settings.connect_timeout_s,
                # transient errors (a deadlock between two loads) are retried this long
                max_transaction_retry_time=max(30.0, settings.connect_timeout_s),
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
        if getattr(self, "_console", None) is not None:
            self._console.close()
        if getattr(self, "driver", None) is not None:
            self.driver.close()
            self.driver = None

    def _session(self, write: bool):
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self.driver.session(database=self.settings.neo4j_database,
                                   default_access_mode=mode, fetch_size=1000)

    def write_token(self) -> str | None:
        """The bookmark a read transaction ends with. Neo4j names in it the database and its
        last committed transaction, so it changes after any write by any client and differs
        for a database made again (seen on 5.26; docs/stores.md, "The write token"). A cluster
        secondary names what it has applied: the token is the state the reads will see there."""
        try:
            with self._session(False) as session:
                session.execute_read(lambda tx: tx.run("RETURN 1").consume())
                marks = session.last_bookmarks()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._driver_error(exc, "RETURN 1") from None
        return "|".join(sorted(marks.raw_values)) or None

    def _run(self, cypher, params, *, write, timeout):
        if write:
            return self._guarded(self._execute_write, cypher, params, timeout)
        return self._execute(cypher, params, write=False, timeout=timeout, cap=None)

    def run_readonly(self, cypher, params=None, *, timeout=None, row_cap=None):
        timeout = timeout or self.settings.query_timeout_s
        cap = row_cap or self.settings.row_cap
        if self._console is not None:
            return self._console.run(cypher, params, timeout, cap)
        return self._run_readonly_here(cypher, params, timeout, cap)

    def _run_readonly_here(self, cypher, params, timeout, cap):
        # A READ-mode transaction whose plan the database has shown to be a read of the graph
        # (`_refuse_non_reads`); the timeout is the server's transaction timeout; records are
        # pulled lazily and past the cap the transaction is dropped, so the server stops there.
        t0 = time.perf_counter()
        try:
            with self._session(False) as session:
                self._refuse_non_reads(session, cypher, params, timeout)
                tx = session.begin_transaction(timeout=timeout)
                result = tx.run(cypher, params or {})
                cols, rows, truncated = list(result.keys()), [], False
                for record in result:
                    if len(rows) >= cap:
                        truncated = True
                        break
                    rows.append([_value(v) for v in record.values()])
                if truncated:
                    # Not DISCARD (the server would run the query to its end): drop the
                    # connection, which ends the transaction on the server at once.
                    # (the driver's own clean-up for a cancelled transaction: it kills the
                    # connection and forgets the transaction; no public sync API does this)
                    session._handle_cancellation("row cap reached")
                else:
                    result.consume()
                    tx.rollback()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._driver_error(exc, cypher) from None
        return QueryResult(cols, rows, truncated, (time.perf_counter() - t0) * 1000)

    def _refuse_non_reads(self, session, cypher, params, timeout) -> None:
        """Ask the database what the query does (EXPLAIN: its plan and the query type it
        reports) and refuse anything but a read of the graph: READ access mode alone lets
        LOAD CSV read files and fetch URLs, and SHOW / TERMINATE TRANSACTIONS through."""
        summary = session.run(Query("EXPLAIN " + cypher, timeout=timeout),
                              params or {}).consume()
        if summary.query_type != "r":
            raise QueryRefused(f"not a read-only query (the database reports query type "
                               f"{summary.query_type!r}): {cypher[:200]}",
                               store=self.description)
        for op, detail in _operators(summary.plan):
            if op in _ALLOWED_OPERATORS or (op == "ProcedureCall" and
                                            detail.split("(")[0].strip() in _READ_PROCEDURES):
                continue
            if op == "ProcedureCall" or op in _REFUSED_OPERATORS or op.startswith(
                    ("Show", "Terminate", "Administration", "System", "Create", "Drop",
                     "Alter", "Grant", "Deny", "Revoke", "Enable", "Start", "Stop")):
                raise QueryRefused(f"the console does not run {op} ({detail[:80]}): "
                                   f"{cypher[:200]}", store=self.description)

    def _guarded(self, fn, *args):
        """Run a write with a deadline on the client side too: a server that is stopped
        (SIGSTOP, a frozen VM) never answers, and the driver alone would wait for ever."""
        limit = self.settings.write_timeout_s
        pool = cf.ThreadPoolExecutor(1, thread_name_prefix="kg-neo4j-write")
        future = pool.submit(fn, *args)
        pool.shutdown(wait=False)
        try:
            return future.result(timeout=limit + self.settings.connect_timeout_s)
        except cf.TimeoutError:
            threading.Thread(target=self.close, daemon=True).start()  # drops the connections
            raise StoreBusy(f"Neo4j did not answer a write within {limit:.0f} s "
                            f"(KG_WRITE_TIMEOUT); nothing more was written",
                            store=self.description) from None

    def _execute_write(self, cypher, params, timeout):
        """A managed write transaction: the driver retries transient errors (a deadlock
        between concurrent loads, a leader switch) until max_transaction_retry_time."""
        t0 = time.perf_counter()

        @neo4j.unit_of_work(timeout=timeout or self.settings.write_timeout_s)
        def work(tx):
            result = tx.run(cypher, params or {})
            return list(result.keys()), [[_value(v) for v in r.values()] for r in result]
        try:
            with self._session(True) as session:
                cols, rows = session.execute_write(work)
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._driver_error(exc, cypher) from None
        return QueryResult(cols, rows, False, (time.perf_counter() - t0) * 1000)

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
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise self._driver_error(exc, cypher) from None
        return QueryResult(cols, rows, truncated, (time.perf_counter() - t0) * 1000)

    @contextmanager
    def exclusive(self, name: str):
        """A lock across processes: an open transaction holding MERGE's lock on a `_KgLock`
        node (unique on name, so a second MERGE waits for it). The transaction is rolled back
        at the end: the lock node is never committed and never counted."""
        self._lock_constraint()
        with self.driver.session(database=self.settings.neo4j_database) as session:
            tx = session.begin_transaction()
            try:
                tx.run("MERGE (l:_KgLock {name: $name}) SET l.held = true",
                       name=name).consume()
                yield
            finally:
                tx.rollback()

    def _lock_constraint(self) -> None:
        for attempt in range(5):
            try:
                self.write("CREATE CONSTRAINT _kglock_name IF NOT EXISTS "
                           "FOR (l:_KgLock) REQUIRE l.name IS UNIQUE")
                return
            except KGError:  # two processes creating it at the same moment
                if attempt == 4:
                    raise
                time.sleep(0.2 * (attempt + 1))

    def setup_schema(self) -> list[str]:
        with self.exclusive("schema"):
            return self._setup_schema()

    def _setup_schema(self) -> list[str]:
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
                    try:
                        self.write(stmt)
                    except CypherError as exc:  # made meanwhile by a client outside the lock
                        if "EquivalentSchemaRuleAlreadyExists" not in str(exc):
                            raise
                        continue
                    made.append(name)
        self.write("CALL db.awaitIndexes(300)")
        return made

    def _driver_error(self, exc: Exception, cypher: str) -> KGError:
        if isinstance(exc, nx.Neo4jError):
            return self._translate(exc, cypher)
        if isinstance(exc, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
            return StoreUnavailable(f"lost the connection to Neo4j: {exc}",
                                    store=self.description)
        return CypherError(f"{exc} in: {cypher[:200]}", store=self.description)

    def _translate(self, exc: "nx.Neo4jError", cypher: str) -> KGError:
        code = exc.code or ""
        msg = f"{exc.message} in: {cypher[:200]}"
        where = self.description
        if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
            return QueryTimeout(f"the query ran past its time limit ({code})", store=where)
        if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code \
                or "WriteOnReadOnlyAccessDbException" in code:
            return WriteRefused(f"write refused in read-only mode: {cypher[:200]}", store=where)
        if "MemoryPoolOutOfMemoryError" in code or "MemoryLimitExceeded" in code:
            return QueryTooLarge(f"查询结果太大：超过了单个事务的内存上限，已停止并回滚。 / The "
                                 f"query needed more memory than one transaction may use "
                                 f"(db.memory.transaction.max): {exc.message[:200]}", store=where)
        if code == "Neo.TransientError.General.OutOfMemoryError":  # the server's heap
            return QueryTooLarge(f"查询结果太大：Neo4j 服务器内存不足，已停止并回滚。 / Neo4j ran "
                                 f"out of memory for this query: {exc.message[:200]}", store=where)
        if "Deadlock" in code or code.startswith("Neo.TransientError"):
            return StoreBusy(f"{code}: {exc.message[:300]} (retried, still failing)",
                             store=where, hint="run the command again when the other loads "
                                               "have finished")
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


# Plan operators a read of the graph uses are not listed: everything not refused is allowed,
# and ProcedureCall only for the procedures that read the graph.
_ALLOWED_OPERATORS: frozenset[str] = frozenset()
_REFUSED_OPERATORS = frozenset({"LoadCSV", "ProcedureCall", "CommandLogicalPlan"})
_READ_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys",
                              "db.index.fulltext.queryNodes",
                              "db.index.fulltext.queryRelationships", "db.schema.visualization",
                              "db.schema.nodeTypeProperties", "db.schema.relTypeProperties"})


def _operators(plan):
    """(operator, details) for every operator of an EXPLAIN plan ('LoadCSV@neo4j' -> 'LoadCSV')."""
    stack = [plan] if plan else []
    while stack:
        op = stack.pop()
        args = op.get("args", {}) if isinstance(op, dict) else {}
        yield (str(op.get("operatorType", "")).split("@")[0],
               str(args.get("Details") or args.get("Signature") or ""))
        stack.extend(op.get("children", []))


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
