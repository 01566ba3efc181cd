"""The embedded store's fast reading of plain values (graph/falkor_result.py) gives what
falkordb-py's own parsing gives, on a real FalkorDB server: every scalar type, lists nested
and empty, unicode, large and negative numbers; and values it does not read (nodes,
relationships, paths, maps, dates) still come back as before, through falkordb-py."""
from __future__ import annotations

import pytest

from graph import falkor_result
from graph.embedded import _value
from graph.stores import open_store

PLAIN = """RETURN '招商局集团' AS s, '' AS e, 42 AS i, -9007199254740993 AS big, 3.25 AS f,
       1.0e11 AS g, true AS t, false AS n, null AS z, [1, 'a', null, [2.5, ['深']], []] AS l,
       [] AS empty, toFloat(7) AS seven"""
OTHER = ["MATCH (c:Company {id: 'x1'}) RETURN c, 1 AS one",
         "MATCH (:Company {id: 'x1'})-[r:OWNS]->(:Company) RETURN r",
         "MATCH p = (:Company {id: 'x1'})-[:OWNS]->(:Company) RETURN p",
         "RETURN {a: 1, b: ['x']} AS m",
         "RETURN date('2024-05-01') AS d",
         "RETURN [date('2024-05-01')] AS ds"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(f"embedded:{tmp_path_factory.mktemp('fr') / 'kg'}") as st:
        st.upsert_nodes("Company", [{"id": "x1", "name": "甲"}, {"id": "x2", "name": "乙"}])
        st.upsert_relationships("OWNS", "Company", "Company", [{"start": "x1", "end": "x2"}])
        yield st


def _slow(store, cypher):
    """What the store returned before: falkordb-py's ro_query, then graph.embedded._value."""
    res = store.graph.ro_query(cypher)
    cols = [h[1] if isinstance(h, (list, tuple)) else h for h in (res.header or [])]
    return cols, [[_value(v) for v in row] for row in (res.result_set or [])]


def _raw(store, cypher):
    return store.graph.execute_command("GRAPH.RO_QUERY", store.graph.name, cypher, "--compact")


def test_plain_values_read_fast_equal_falkordb_py(store):
    fast = falkor_result.rows(_raw(store, PLAIN))
    assert fast is not None, "plain values went to the slow path"
    assert fast == _slow(store, PLAIN)
    cols, rows = fast
    row = dict(zip(cols, rows[0]))
    assert row["s"] == "招商局集团" and row["big"] == -9007199254740993
    assert row["t"] is True and row["n"] is False and row["z"] is None
    assert row["seven"] == 7.0 and isinstance(row["seven"], float) and isinstance(row["i"], int)
    assert row["l"] == [1, "a", None, [2.5, ["深"]], []]
    # and through the store's own read
    got = store.read(PLAIN)
    assert [got.columns, got.rows] == list(_slow(store, PLAIN))


def test_other_values_go_through_falkordb_py_unchanged(store):
    for cypher in OTHER:
        assert falkor_result.rows(_raw(store, cypher)) is None, cypher
        got = store.read(cypher)
        assert (got.columns, got.rows) == _slow(store, cypher), cypher
    node = store.read(OTHER[0]).rows[0][0]
    assert node["_labels"] == ["Company"] and node["id"] == "x1"


def test_empty_results_and_errors(store):
    got = store.read("MATCH (c:Company {id: 'nobody'}) RETURN c.id AS id")
    assert got.columns == ["id"] and got.rows == []
    from graph.errors import KGError
    with pytest.raises(KGError):
        store.read("RETURN 1 / 0 AS x, toInteger('a') + [] AS y")


def test_the_reading_benchmark_compares_the_two_ways(store, capsys):
    from bench.result_reading import compare
    got = compare(store, rows=10, repeat=2, rounds=1)
    assert [name for name, _ in got] == ["falkordb-py + _value", "falkor_result.rows"]
    assert all(ms >= 0 for _, ms in got)
