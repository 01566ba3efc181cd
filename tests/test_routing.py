"""Beyond one machine: the `neo4j://` routing scheme against the single Neo4j test server
(a cluster and Aura were not available here: docs/deployment.md says what that leaves)."""
from __future__ import annotations

import pytest

from graph.errors import WriteRefused
from graph.settings import load_settings
from graph.stores import open_store
from queries import audit, pipeline
from queries.audit import Actor


@pytest.fixture
def routed(neo4j_uri):
    uri = "neo4j://" + neo4j_uri.split("://", 1)[1]
    st = open_store(uri, load_settings(uri))
    st.clear()
    st.setup_schema()
    yield st
    st.clear()
    st.close()


def test_routing_scheme_reads_writes_and_read_mode(routed):
    assert routed.description.startswith("neo4j:neo4j://")
    routed.upsert_nodes("Region", [{"code": "320300", "name": "徐州市"}])
    routed.upsert_nodes("Company", [{"id": "C1", "name": "甲科技有限公司"}])
    assert routed.read("MATCH (r:Region {code: $c}) RETURN r.name", {"c": "320300"}).scalar() \
        == "徐州市"
    # the project's own reads go out as READ transactions: the server refuses a write in them
    # (so a cluster may route them to a secondary)
    with pytest.raises(WriteRefused):
        routed.read("CREATE (:Region {code: 'x', name: 'x'})")
    assert routed.read("MATCH (r:Region) RETURN count(r)").scalar() == 1
    # writes (a follow-up step and its audit entry) go to the leader
    pipeline.add(routed, Actor("wang", "editor", "app"), "C1", "徐州市")
    assert [e["action"] for e in audit.entries(routed)] == ["pipeline.add"]
