"""The store contract: one suite, run against the embedded store and a real Neo4j server."""
from __future__ import annotations

import pytest

from graph.errors import BadParameters, CypherError, QueryTimeout, WriteRefused


def _companies(n, tag=""):
    return [{"id": f"C{i:06d}", "name": f"测试企业{i}{tag}", "founded": "2020-05-11",
             "reg_capital_cny": float(i), "aliases": [f"企业{i}"]} for i in range(n)]


def test_schema_setup_is_idempotent(store):
    store.setup_schema()
    assert store.setup_schema() == []


def test_upsert_10k_rows_twice_gives_same_counts(store):
    rows = _companies(10_000)
    first = store.upsert_nodes("Company", rows, batch_size=2_000)
    assert first.written == 10_000
    store.upsert_nodes("Region", [{"code": "320300", "name": "徐州市"}])
    rels = [{"start": r["id"], "end": "320300", "source_ids": ["t"]} for r in rows]
    assert store.upsert_relationships("LOCATED_IN", "Company", "Region", rels).written == 10_000
    counts = store.counts()
    store.upsert_nodes("Company", rows, batch_size=3_000)
    store.upsert_relationships("LOCATED_IN", "Company", "Region", rels)
    assert store.counts() == counts
    assert counts["nodes"]["Company"] == 10_000
    assert counts["relationships"]["LOCATED_IN"] == 10_000


def test_relationship_with_missing_end_is_reported(store):
    store.upsert_nodes("Company", _companies(2))
    res = store.upsert_relationships("OWNS", "Company", "Company",
                                     [{"start": "C000000", "end": "C000001", "share": 0.51},
                                      {"start": "C000000", "end": "NOPE", "share": 1.0}])
    assert res.written == 1
    assert [m["end"] for m in res.missing] == ["NOPE"]
    share = store.read("MATCH (:Company {id: $a})-[r:OWNS]->(:Company {id: $b}) RETURN r.share",
                       {"a": "C000000", "b": "C000001"}).scalar()
    assert share == pytest.approx(0.51)


def test_chinese_text_and_iso_dates_round_trip(store):
    store.upsert_nodes("Agreement", [{"id": "A1", "title": "云龙区人民政府与招商银行合作意向书",
                                      "date": "2020-05-11", "amount_cny": 6.4e9}])
    rec = store.read("MATCH (a:Agreement {id: 'A1'}) RETURN a.title AS t, a.date AS d, "
                     "a.amount_cny AS m, a.date >= '2020-01-01' AS after, "
                     "date(a.date) = date('2020-05-11') AS same").records()[0]
    assert rec["t"] == "云龙区人民政府与招商银行合作意向书"
    assert rec["d"] == "2020-05-11"
    assert rec["m"] == pytest.approx(6.4e9)
    assert rec["after"] is True and rec["same"] is True


@pytest.mark.parametrize("text", [
    "O'Reilly \"quoted\"", "back\\slash\\\\double", "'}) MATCH (n) DETACH DELETE n //",
    "$param {rows} `tick`", "换行\n制表\t", "招商局集團（繁體）", ""])
def test_parameters_are_stored_verbatim(store, text):
    store.upsert_nodes("Company", [{"id": "X", "name": "x", "description": text}])
    got = store.read("MATCH (c:Company {id: $id}) RETURN c.description", {"id": "X"}).scalar()
    assert got == text
    assert store.counts()["nodes"] == {"Company": 1}


WRITES = [
    "CREATE (n:Company {id: 'evil', name: 'evil'})",
    "MERGE (n:Company {id: 'evil'})",
    "MATCH (n:Company) SET n.name = 'evil'",
    "MATCH (n:Company) DELETE n",
    "MATCH (n:Company) DETACH DELETE n",
    "MATCH (n:Company) REMOVE n.name",
    "MATCH (n:Company) CALL { WITH n SET n.name = 'evil' } RETURN n",
    "CALL { CREATE (x:Company {id: 'evil2'}) } RETURN 1",
    "CREATE INDEX FOR (n:Person) ON (n.role)",
]


@pytest.mark.parametrize("cypher", WRITES)
def test_every_write_form_is_refused_read_only(store, cypher):
    store.upsert_nodes("Company", _companies(3))
    before = store.read("MATCH (n:Company) RETURN n.id, n.name ORDER BY n.id").rows
    with pytest.raises((WriteRefused, CypherError)) as info:
        store.run_readonly(cypher)
    if "CALL" not in cypher or "CREATE (x" in cypher:
        # plain write forms must be named as a refused write, not a generic error
        assert isinstance(info.value, WriteRefused), info.value
    assert store.read("MATCH (n:Company) RETURN n.id, n.name ORDER BY n.id").rows == before
    assert store.counts()["nodes"] == {"Company": 3}


def test_slow_read_hits_the_time_limit(store):
    with pytest.raises(QueryTimeout):
        store.run_readonly("UNWIND range(1, 20000) AS a UNWIND range(1, 20000) AS b "
                           "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*)", timeout=1)


def test_row_cap_holds(store):
    res = store.run_readonly("UNWIND range(1, 10000) AS x RETURN x", row_cap=100)
    assert len(res.rows) == 100 and res.truncated
    res = store.run_readonly("UNWIND range(1, 50) AS x RETURN x", row_cap=100)
    assert len(res.rows) == 50 and not res.truncated


def test_missing_parameter_and_bad_syntax_are_specific(store):
    with pytest.raises(BadParameters):
        store.run_readonly("MATCH (n:Company {id: $id}) RETURN n")
    with pytest.raises(CypherError):
        store.run_readonly("MATCH (n:Company RETURN n")


def test_nodes_relationships_and_paths_come_back_as_dicts(store):
    store.upsert_nodes("Company", _companies(2))
    store.upsert_relationships("OWNS", "Company", "Company",
                               [{"start": "C000000", "end": "C000001", "share": 1.0}])
    res = store.run_readonly("MATCH p = (a:Company)-[r:OWNS]->(b:Company) RETURN a, r, p")
    a, r, p = res.rows[0]
    assert a["_labels"] == ["Company"] and a["id"] == "C000000"
    assert r["_type"] == "OWNS" and r["share"] == 1.0
    assert [n["id"] for n in p["nodes"]] == ["C000000", "C000001"]


def test_clear_empties_the_store(store):
    store.upsert_nodes("Company", _companies(50))
    store.clear(batch_size=7)
    assert store.counts() == {"nodes": {}, "relationships": {}}


def test_source_ids_accumulate_across_loads(store):
    store.upsert_nodes("Company", [{"id": "X", "name": "x", "source_ids": ["s1"]}])
    store.upsert_nodes("Company", [{"id": "X", "name": "x", "source_ids": ["s2", "s1"]}])
    store.upsert_nodes("Company", [{"id": "X", "name": "x2"}])
    rec = store.read("MATCH (c:Company {id: 'X'}) RETURN c.source_ids AS s, c.name AS n").records()
    assert rec == [{"s": ["s1", "s2"], "n": "x2"}]
    store.upsert_nodes("Region", [{"code": "1", "name": "r"}])
    for sids in (["a"], ["b"]):
        store.upsert_relationships("LOCATED_IN", "Company", "Region",
                                   [{"start": "X", "end": "1", "source_ids": sids}])
    assert store.read("MATCH ()-[r:LOCATED_IN]->() RETURN r.source_ids").scalar() == ["a", "b"]
