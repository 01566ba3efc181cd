"""The region's facts kept between rankings (queries/leads/region_facts.py): valid only while
the store's write token stays the same, so a ranking after any write reads afresh and ranks
as a process that never ranked before; a second ranking of the same region, with another
question, does not read the region again (both stores)."""
from __future__ import annotations

import csv
import shutil
from collections import Counter

import pytest

from graph.settings import load_settings
from graph.stores import open_store
from queries.leads import bounds, fetch, rank_leads, region_facts


def _report(rep) -> list:
    """Everything a strategist reads of a report: both lists with scores and reasons."""
    return [[(x.id, x.score, [r.to_dict() for r in x.reasons]) for x in lst]
            for lst in (rep.leads, rep.group_leads)]


@pytest.fixture
def counted(monkeypatch):
    """How often each lead statement ran (fetch.read_all wrapped; the store is real)."""
    seen: dict[str, int] = {}
    real = fetch.read_all

    def read_all(store, query, **params):
        seen[query] = seen.get(query, 0) + 1
        return real(store, query, **params)
    monkeypatch.setattr(fetch, "read_all", read_all)
    region_facts.forget()
    yield seen
    region_facts.forget()


def _another(store, tmp_path, request):
    """A second store object on the same data: another connection, as another process has."""
    if store.kind == "embedded":
        return open_store(f"embedded:{tmp_path / 'kg'}")
    uri = request.getfixturevalue("neo4j_uri")
    return open_store(uri, load_settings(uri))


def test_the_write_token_changes_after_every_write_seen_from_every_connection(store, tmp_path,
                                                                            request):
    store.write("CREATE (:Region {code: 'T1', name: '甲'})")
    t1 = store.write_token()
    assert t1 is not None
    store.read("MATCH (r:Region) RETURN count(r)")
    assert store.write_token() == t1, "a read changed the token"
    other = _another(store, tmp_path, request)
    try:
        assert other.write_token() == t1
        other.upsert_nodes("Region", [{"code": "T2", "name": "乙"}])
        assert store.write_token() not in (None, t1), "another connection's write was not seen"
    finally:
        other.close()


def test_a_store_made_again_at_the_same_path_has_another_token(tmp_path):
    """The count restarts with the graph; the epoch beside it does not repeat."""
    tokens = []
    for _ in range(2):
        st = open_store(f"embedded:{tmp_path / 'kg'}")
        try:
            st.write("CREATE (:Region {code: 'T1', name: '甲'})")
            tokens.append(st.write_token())
            st.clear()
        finally:
            st.close()
        shutil.rmtree(tmp_path / "kg")
    assert tokens[0] != tokens[1]


def test_a_second_ranking_of_the_region_reads_it_once_and_ranks_the_same(store, tmp_path,
                                                                        counted, load_generated):
    paths, city = load_generated(store, tmp_path / "gen", 600, 3)
    first = rank_leads(store, city)
    members = counted.get(bounds.MEMBERS, 0)
    assert members, "the group members' properties were never read"
    assert _report(rank_leads(store, city)) == _report(first)
    assert counted.get(bounds.MEMBERS, 0) == members, "the same members were read again"
    with paths["agreements"].open(encoding="utf-8") as fh:  # the city's most signed industry:
        rows = [r for r in csv.DictReader(fh) if r["place"] == city and r["industry"]]
    focus = [Counter(r["industry"] for r in rows).most_common(1)[0][0]]  # a lead list too
    kept = rank_leads(store, city, focus)
    reads = counted.get(fetch.AGREEMENTS, 0)
    region_facts.forget()
    fresh = rank_leads(store, city, focus)
    assert kept.leads, "no lead list: the proximity part was not exercised"
    assert _report(kept) == _report(fresh)
    assert first.group_leads
    assert reads == 1, "the second ranking read the region's agreements again"


def test_a_load_between_rankings_is_ranked_as_a_fresh_process_would(store, tmp_path, counted,
                                                                   load_generated):
    """A group lead signs with the region: it is engaged now, so never a candidate again,
    and its group's ties change. The kept facts must not survive the load."""
    _, city = load_generated(store, tmp_path / "gen", 600, 3)
    before = rank_leads(store, city)
    cid, code = before.group_leads[0].id, before.region["code"]
    token = store.write_token()
    store.upsert_nodes("Agreement", [{"id": "test-new-agreement", "title": "新签投资协议",
                                      "type": "投资协议", "date": "2026-11-01"}])
    store.upsert_relationships("PARTY_TO", "Company", "Agreement",
                               [{"start": cid, "end": "test-new-agreement"}])
    store.upsert_relationships("SIGNED_IN", "Agreement", "Region",
                               [{"start": "test-new-agreement", "end": code}])
    assert store.write_token() != token
    after = rank_leads(store, city)
    assert cid not in [x.id for x in after.group_leads + after.leads]
    region_facts.forget()
    assert _report(after) == _report(rank_leads(store, city))


def test_ownership_kept_per_company_gives_what_a_read_for_the_ids_gives(store, tmp_path,
                                                                        load_generated):
    """queries/leads/owners.py: after reading the owners above many companies, the rows for
    fewer of them (and for more again) are exactly those the statement returns for them."""
    from queries.leads import pool
    from queries.leads.owners import Owners
    load_generated(store, tmp_path / "gen", 600, 3)
    owned = sorted({r["b"] for r in store.read(
        "MATCH (:Company)-[:OWNS]->(c:Company) RETURN c.id AS b").records()})
    assert len(owned) > 40

    def key(rows):
        return sorted((r["a"], r["b"], r["share"], tuple(r["sources"])) for r in rows)
    for query, hops in ((fetch.OWNERS, 3), (pool.OWNERS_UP, 4)):
        kept = Owners(query, hops)
        for ids in (owned[::2], owned[::5], owned[1::3], owned[::2]):
            want = fetch.read_all(store, query, ids=ids)
            got = kept.read(store, ids)
            assert key(got) == key(want), (query[:30], len(ids))
        assert len(kept.rows) > len(kept.read(store, owned[::5]))
