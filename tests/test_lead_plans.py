"""The lead engine's reads start from an index, never from a scan of every node or of a whole
label (at 1M companies a scan made the dated-facts read 1.2 s and the visits read 0.7 s).

FalkorDB plans by rule, not by cost, so the plan of an empty store is the plan of a large one;
Neo4j's cost-based planner may pick a scan on a small graph, so this runs on the embedded store.
"""
import pytest

from graph.stores import open_store
from queries.leads import fetch, pool

PARAMS = dict(ids=["x"], orgs=["x"], asof="2026-01-01", hidden=[], scope=["x"], roots=["x"],
              codes=["x"], q="x", code="x")
# every read of one ranking that starts from keys the engine already holds
KEYED = {
    "fetch.ACTIVITY": fetch.ACTIVITY, "fetch.VISITS": fetch.VISITS,
    "fetch.AGREEMENTS": fetch.AGREEMENTS, "fetch.AGREEMENT_IDS": fetch.AGREEMENT_IDS,
    "fetch.AGREEMENT_SOURCES": fetch.AGREEMENT_SOURCES,
    "fetch.FACTS": fetch.FACTS, "fetch.DETAILS": fetch.DETAILS, "fetch.OWNERS": fetch.OWNERS,
    "fetch.GROUP_LINKS": fetch.GROUP_LINKS, "fetch.GROUP_EDGES": fetch.GROUP_EDGES,
    "fetch.SOURCES": fetch.SOURCES, "pool.ENGAGED_ROOTS": pool.ENGAGED_ROOTS,
    "pool.NOT_TREES": pool.NOT_TREES, "pool.OWNERS_UP": pool.OWNERS_UP,
}
SCANS = ("All Node Scan", "Node By Label Scan")


@pytest.fixture(scope="module")
def falkor(tmp_path_factory):
    st = open_store(f"embedded:{tmp_path_factory.mktemp('plans') / 'kg'}")
    st.setup_schema()
    yield st
    st.close()


@pytest.mark.parametrize("name", sorted(KEYED))
def test_a_keyed_read_starts_from_an_index(falkor, name):
    plan = str(falkor.graph.explain(KEYED[name], PARAMS))
    assert "Index Scan" in plan, f"{name} uses no index:\n{plan}"
    assert not any(s in plan for s in SCANS), f"{name} scans:\n{plan}"


def test_the_local_organisations_are_read_from_the_organisations(falkor):
    """The one read that starts from a label: the organisations are few (government bodies,
    associations), while the region's LOCATED_IN holds every company located there."""
    plan = str(falkor.graph.explain(fetch.LOCAL_ORGS, PARAMS))
    assert "Node By Label Scan | (x:Organization)" in plan, plan
    assert "(s)->(x" not in plan and "All Node Scan" not in plan, plan


def test_the_check_sees_a_scan(falkor):
    # the old form of the visits read (an unlabelled start) is caught
    plan = str(falkor.graph.explain(
        "MATCH (o)-[v:VISITED]->(c:Company) WHERE o.id IN $orgs RETURN c.id", PARAMS))
    assert any(s in plan for s in SCANS)


def test_opening_waits_until_the_indexes_are_built(tmp_path):
    """An index being built is planned as a label scan: the store waits for it (here an
    index made on 300k nodes; a server that reads a large graph from disk does the same)."""
    st = open_store(f"embedded:{tmp_path / 'kg'}")
    try:
        st.write("UNWIND range(1, 300000) AS x CREATE (:Probe {k: toString(x % 1000), v: x})")
        st.write("CREATE INDEX FOR (p:Probe) ON (p.k)")
        waited = st.wait_for_indexes()
        status = [r[1] for r in st.graph.query(
            "CALL db.indexes() YIELD label, status RETURN label, status").result_set]
        assert status and all(s == "OPERATIONAL" for s in status), (waited, status)
        plan = str(st.graph.explain("MATCH (p:Probe) WHERE p.k IN $ks RETURN p.v", {"ks": ["1"]}))
        assert "Index Scan" in plan, plan
    finally:
        st.close()
