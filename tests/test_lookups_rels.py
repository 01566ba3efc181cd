"""The loaders' relationship check (`StoreLookups.existing_rels`, loaders/tabular/lookups.py)
finds exactly the relationships that exist, on both stores, and on FalkorDB walks from the end
that is not a hub (an organisation can have hundreds of thousands of visits)."""
import pytest

from graph.stores import open_store
from loaders.tabular.lookups import StoreLookups, existing_rels_query


def _graph(st):
    st.upsert_nodes("Organization", [{"id": "o1", "name": "甲市招商局"}, {"id": "o2", "name": "乙县政府"}])
    st.upsert_nodes("Company", [{"id": f"c{i}", "name": f"丙{i}科技有限公司"} for i in range(4)])
    st.upsert_nodes("Agreement", [{"id": "a1", "title": "合作协议"}])
    st.upsert_relationships("VISITED", "Organization", "Company",
                            [{"start": "o1", "end": "c0", "date": "2024-05-01"},
                             {"start": "o1", "end": "c1"}, {"start": "o2", "end": "c2"}])
    st.upsert_relationships("PARTY_TO", "Organization", "Agreement", [{"start": "o2", "end": "a1"}])
    st.upsert_relationships("PARTY_TO", "Company", "Agreement", [{"start": "c3", "end": "a1"}])


def test_existing_relationships_are_found_and_only_they(store):
    _graph(store)
    look = StoreLookups(store)
    got = look.existing_rels("VISITED", "Organization", "Company",
                             [("o1", "c0"), ("o1", "c2"), ("o2", "c2"), ("o2", "c0"), ("o9", "c0")])
    assert set(got) == {("o1", "c0"), ("o2", "c2")}
    assert got[("o1", "c0")].get("date") == "2024-05-01"
    assert set(look.existing_rels("PARTY_TO", "Organization", "Agreement",
                                  [("o2", "a1"), ("o1", "a1")])) == {("o2", "a1")}
    assert set(look.existing_rels("PARTY_TO", "Company", "Agreement",
                                  [("c3", "a1"), ("c0", "a1")])) == {("c3", "a1")}


@pytest.fixture()
def falkor(tmp_path):
    st = open_store(f"embedded:{tmp_path / 'kg'}")
    st.setup_schema()
    yield st
    st.close()


@pytest.mark.parametrize("rtype, sl, el, start", [
    ("VISITED", "Organization", "Company", "(b)"),
    ("PARTY_TO", "Organization", "Agreement", "(b)"),
    ("PARTY_TO", "Company", "Agreement", "(a)"),
    ("LOCATED_IN", "Company", "Region", "(a)"),
])
def test_the_check_walks_from_the_end_that_is_not_a_hub(falkor, rtype, sl, el, start):
    plan = str(falkor.graph.explain(existing_rels_query(falkor.schema, rtype, sl, el),
                                    {"rows": [{"s": "x", "e": "y"}]}))
    traverse = [line.strip() for line in plan.splitlines() if "Conditional Traverse" in line]
    assert traverse and traverse[0].split("| ")[1].startswith(start), plan
    assert "All Node Scan" not in plan and "Label Scan" not in plan, plan


def test_company_lookups_give_each_company_its_industries_and_their_two_ancestors(store):
    """`companies_by_identity` / `companies_by_prefix` read a company's own industries and add
    their parents and grandparents from the industry tree (no `SUBCLASS_OF*0..2` walk per
    company): the codes a `(:Industry)-[:SUBCLASS_OF*0..2]->(i:Industry)` walk gives, written
    out here by hand, on both stores. Made-up codes and companies."""
    store.upsert_nodes("Industry", [{"code": c, "name": c} for c in ("T:A", "T:A1", "T:A11",
                                                                     "T:A111", "V:X")])
    store.upsert_relationships("SUBCLASS_OF", "Industry", "Industry", [
        {"start": "T:A1", "end": "T:A"}, {"start": "T:A11", "end": "T:A1"},
        {"start": "T:A111", "end": "T:A11"}, {"start": "V:X", "end": "T:A1"}])
    store.upsert_nodes("Region", [{"code": "990001", "name": "甲市"}])
    names = {"deep": "甲乙示例精工有限公司", "two": "甲乙示例材料有限公司", "bare": "丙丁示例有限公司"}
    store.upsert_nodes("Company", [{"id": k, "name": n, "name_norm": n} for k, n in names.items()])
    store.upsert_relationships("IN_INDUSTRY", "Company", "Industry", [
        {"start": "deep", "end": "T:A111"}, {"start": "two", "end": "V:X"},
        {"start": "two", "end": "T:A"}])
    store.upsert_relationships("LOCATED_IN", "Company", "Region", [{"start": "deep", "end": "990001"}])
    expected = {"deep": (["990001"], ["T:A1", "T:A11", "T:A111"]),   # not T:A: three up
                "two": ([], ["T:A", "T:A1", "V:X"]), "bare": ([], [])}
    look = StoreLookups(store)
    rows = look.companies_by_identity(list(names.values()), [], [])
    assert {r[1]: (r[5], sorted(r[6])) for r in rows} == expected
    rows = look.companies_by_prefix(["甲乙示例"])
    assert {r[1]: (r[5], sorted(r[6]), r[8]) for r in rows} == {
        k: (*v, "甲乙示例") for k, v in expected.items() if k != "bare"}
