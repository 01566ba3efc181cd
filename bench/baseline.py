"""What users would otherwise do, on the same records: plain batched `UNWIND ... CREATE`
through the store's own driver (no validation, no MERGE, no unchanged check), and one write
call per row (what many published enterprise-graph projects do)."""
from __future__ import annotations

import time

from bench.records import node_rows, rel_rows

BATCH = 5000


def _raw_writer(store):
    """A function (cypher, params) that sends one statement with the backend's own driver."""
    if store.kind == "embedded":
        return lambda cypher, params: store.graph.query(cypher, params)
    db = store.settings.neo4j_database
    return lambda cypher, params: store.driver.execute_query(cypher, params, database_=db)


def _flat(props: dict) -> dict:
    return {k: v for k, v in props.items() if v is not None}


def statements(store, rec, skip_nodes: set, skip_rels: set):
    """(cypher, rows) for every batch: nodes first, then relationships."""
    schema = store.schema
    for label, rows in node_rows(rec):
        rows = [_flat(r) for r in rows if (label, r[schema.key_of(label)]) not in skip_nodes]
        cypher = f"UNWIND $rows AS r CREATE (n:{label}) SET n = r"
        for i in range(0, len(rows), BATCH):
            yield cypher, rows[i:i + BATCH]
    for (rtype, sl, el), rows in rel_rows(rec):
        sk, ek = schema.key_of(sl), schema.key_of(el)
        rows = [{"s": r["start"], "e": r["end"],
                 "p": _flat({k: v for k, v in r.items() if k not in ("start", "end")})}
                for r in rows if (rtype, r["start"], r["end"]) not in skip_rels]
        cypher = (f"UNWIND $rows AS r MATCH (a:{sl} {{{sk}: r.s}}) MATCH (b:{el} {{{ek}: r.e}}) "
                  f"CREATE (a)-[x:{rtype}]->(b) SET x = r.p")
        for i in range(0, len(rows), BATCH):
            yield cypher, rows[i:i + BATCH]


def raw_create(store, rec, skip_nodes: set, skip_rels: set) -> dict:
    """Seconds to send every record as batched UNWIND ... CREATE; and how many records."""
    send = _raw_writer(store)
    n, t0 = 0, time.perf_counter()
    for cypher, rows in statements(store, rec, skip_nodes, skip_rels):
        send(cypher, {"rows": rows})
        n += len(rows)
    return {"seconds": time.perf_counter() - t0, "records": n}


def per_row(store, rec, skip_nodes: set, skip_rels: set, limit: int = 10_000) -> dict:
    """One MERGE call per record for the first `limit` records (nodes, then relationships);
    returns the measured seconds, records sent, and the records there are in all."""
    send = _raw_writer(store)
    total = sum(len(rows) for _, rows in statements(store, rec, skip_nodes, skip_rels))
    n, t0 = 0, time.perf_counter()
    for cypher, rows in statements(store, rec, skip_nodes, skip_rels):
        one = cypher.replace("UNWIND $rows AS r CREATE", "UNWIND $rows AS r MERGE", 1)
        for row in rows:
            if n >= limit:
                break
            send(one, {"rows": [row]})
            n += 1
        if n >= limit:
            break
    return {"seconds": time.perf_counter() - t0, "records": n, "total_records": total}
