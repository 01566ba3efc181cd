"""The demo graph tells the sample article's story, each fact citing its sentence."""
from __future__ import annotations

from conftest import shared_file
from loaders.demo import ARTICLE_ID, load_demo

SIGNERS = {"招商银行", "招商创投", "招商租赁", "仁和人寿", "招商启航"}


def test_demo_holds_the_articles_facts_on_both_stores(store):
    load_demo(store, companies=False)
    rows = store.read(
        "MATCH (p)-[r:PARTY_TO]->(a:Agreement) RETURN a.id, a.date, a.type, "
        "collect(p.name) AS parties, collect(r.evidence)[0] AS ev").rows
    assert len(rows) == 5
    assert {r[1] for r in rows} == {"2020-05-11"} and {r[2] for r in rows} == {"合作意向书"}
    for _, _, _, parties, ev in rows:
        assert {"云龙区人民政府", "淮海经济区金融服务中心"} < set(parties) and len(parties) == 3
        assert "分别签署合作意向书" in ev
    assert {r[0] for r in rows} and {p for r in rows for p in r[3]} & SIGNERS == SIGNERS
    hosts = dict(store.read("MATCH (:Organization {name: '徐州代表团'})-[v:VISITED]->(c) "
                            "RETURN c.name, v.date").rows)
    assert hosts == {"招商局集团": "2020-05-11", "宝能集团": "2020-05-12", "华侨城集团": "2020-05-12",
                     "中亚置业集团": "2020-05-12", "华润电力": "2020-05-12"}
    owned = {r[0] for r in store.read("MATCH (:Company {name: '招商局集团'})-[:OWNS]->(c) "
                                      "RETURN c.name").rows}
    assert SIGNERS | {"招商蛇口", "招商证券"} <= owned
    stats = dict(store.read("MATCH (:Region {code: '320300'})-[:HAS_STATISTIC]->(s) "
                            "RETURN s.value, s.name").rows)
    assert set(stats) == {208.0, 105.0}
    assert store.read("MATCH (:Company {name: '宝能集团'})-[:LOCATED_IN]->(r) "
                      "RETURN r.code").scalar() == "440300"
    mentioned = store.read("MATCH (s:Source {id: $id})-[:MENTIONS]->(n) RETURN count(n)",
                           {"id": ARTICLE_ID}).scalar()
    assert mentioned >= 20
    counts = store.counts()
    load_demo(store, companies=False)
    assert store.counts() == counts


def test_demo_with_the_listed_table_gives_volume(store):
    load_demo(store, volume=shared_file("enterprises/a-share-listed.csv"))
    n = store.read("MATCH (c:Company) RETURN count(c)").scalar()
    assert n > 5000
    # the listed 宁德时代 (stock code 300750) is the curated 宁德时代新能源科技股份有限公司
    catl = store.read("MATCH (c:Company) WHERE c.stock_code = '300750' "
                      "RETURN c.name, c.aliases").rows
    assert len(catl) == 1 and "宁德时代" in catl[0][1]
    linked = store.read("MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBCLASS_OF*1..3]->"
                        "(:Industry {code: 'XZ:2'}) RETURN count(DISTINCT c)").scalar()
    assert linked > 300  # companies in Xuzhou's 集成电路与ICT through the GB/T tree
