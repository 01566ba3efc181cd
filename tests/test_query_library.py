"""The named query library: every `.cypher` file parses, and every query runs on both stores
against a small graph mirroring the sample story, with expected values checked by hand.

The graph (`build_story`) is test data: every node is flagged synthetic. Facts follow the sample
article (徐州日报, May 2020): 云龙区人民政府 and 淮海经济区金融服务中心 sign five 合作意向书
with five China Merchants Group financial subsidiaries on 2020-05-11. Shares, industries,
locations and the other companies are invented for the test.
"""
from __future__ import annotations

import pytest

from graph.errors import InputError
from queries.library import get_query, list_queries, parse_query

SRC = "src-xzrb"
CMG = {"cmg": "招商局集团"}
SIGNED = {"cmb": "招商银行", "cmvc": "招商创投", "cmfl": "招商租赁", "renhe": "仁和人寿",
          "cmqh": "招商启航"}
UNSIGNED = {"cms": "招商证券", "cmsk": "招商蛇口", "cmport": "招商局港口", "cmfund": "招商基金"}
OTHERS = {"crp": "华润电力", "oct": "华侨城集团", "qhfin": "前海示例金融", "steel": "示例钢材",
          "xzmach": "徐州示例机械", "xzbank": "徐州示例银行"}
SHARES = {"cmb": 0.3, "cmvc": 1.0, "cmfl": 1.0, "renhe": 0.6, "cmqh": 0.5, "cms": 0.45,
          "cmsk": 0.6, "cmport": 0.7}
INDUSTRY = {"cmb": "GB4754:J66", "cmvc": "GB4754:J67", "cmfl": "GB4754:J66", "renhe": "GB4754:J68",
            "cmqh": "GB4754:J69", "cms": "GB4754:J67", "cmfund": "GB4754:J67", "cmsk": "GB4754:K70",
            "cmport": "GB4754:G55", "crp": "GB4754:D44", "oct": "GB4754:K70", "qhfin": "GB4754:J66",
            "steel": "CHAIN:equipment:U1", "xzmach": "CHAIN:equipment:M1", "xzbank": "GB4754:J66"}
LOCATION = {"cmg": "810000", "cmb": "440300", "cmvc": "440300", "cmfl": "440300", "renhe": "440300",
            "cmqh": "440300", "cms": "440300", "cmsk": "440300", "cmport": "810000", "cmfund": "440300",
            "crp": "810000", "oct": "440300", "qhfin": "440300", "steel": "310000",
            "xzmach": "320300", "xzbank": "320303"}


def _rel(store, rtype, a, b, rows):
    res = store.upsert_relationships(rtype, a, b, rows)
    assert not res.missing, res.missing


def _nodes(store):
    names = {**CMG, **SIGNED, **UNSIGNED, **OTHERS}
    caps = {"cmg": 1.6e10, "cmb": 2.5e10, "cms": 8.7e9, "crp": 4.8e9, "qhfin": 1e8}
    store.upsert_nodes("Company", [{"id": k, "name": v, "synthetic": True, "listed": k in
                                    ("cmb", "cms", "cmsk", "crp"), "reg_capital_cny": caps.get(k)}
                                   for k, v in names.items()])
    store.upsert_nodes("Region", [
        {"code": c, "name": n, "level": lv} for c, n, lv in [
            ("320000", "江苏省", "province"), ("320300", "徐州市", "prefecture"),
            ("320303", "云龙区", "county"), ("440000", "广东省", "province"),
            ("440300", "深圳市", "prefecture"), ("810000", "香港特别行政区", "province"),
            ("310000", "上海市", "province"), ("C-GBA", "粤港澳大湾区", "cluster")]])
    store.upsert_nodes("Organization", [
        {"id": "org-ylgov", "name": "云龙区人民政府", "kind": "government"},
        {"id": "org-hfsc", "name": "淮海经济区金融服务中心", "kind": "platform"},
        {"id": "org-xzgov", "name": "徐州市人民政府", "kind": "government"}])
    store.upsert_nodes("Industry", [
        {"code": c, "name": n, "scheme": s} for c, n, s in [
            ("GB4754:J", "金融业", "GB/T 4754-2017"), ("GB4754:J66", "货币金融服务", "GB/T 4754-2017"),
            ("GB4754:J67", "资本市场服务", "GB/T 4754-2017"), ("GB4754:J68", "保险业", "GB/T 4754-2017"),
            ("GB4754:J69", "其他金融业", "GB/T 4754-2017"), ("GB4754:K70", "房地产业", "GB/T 4754-2017"),
            ("GB4754:G55", "水上运输业", "GB/T 4754-2017"), ("GB4754:D44", "电力、热力生产和供应业", "GB/T 4754-2017"),
            ("XZ:1", "装备与智能制造", "徐州市重点产业"),
            ("CHAIN:equipment:upstream", "上游", "chain:equipment"),
            ("CHAIN:equipment:midstream", "中游", "chain:equipment"),
            ("CHAIN:equipment:U1", "钢材与有色金属材料", "chain:equipment"),
            ("CHAIN:equipment:M1", "工程机械整机", "chain:equipment")]])
    store.upsert_nodes("Source", [{"id": SRC, "title": "徐州日报", "publisher": "徐州日报社",
                                   "date": "2020-05-15", "kind": "news"},
                                  {"id": "src-annual", "title": "示例股权数据（测试）", "kind": "synthetic"}])


def _agreements(store):
    ags = [{"id": f"ag-{k}", "title": f"云龙区人民政府、淮海经济区金融服务中心与{v}合作意向书",
            "type": "合作意向书", "date": "2020-05-11", "synthetic": True} for k, v in SIGNED.items()]
    ags.append({"id": "ag-crp", "title": "徐州市人民政府与华润电力合作协议", "type": "合作协议",
                "date": "2019-08-01", "synthetic": True})
    store.upsert_nodes("Agreement", ags)
    prov = {"source_ids": [SRC], "evidence": "云龙区人民政府、淮海经济区金融服务中心与招商银行……分别签署合作意向书。"}
    _rel(store, "PARTY_TO", "Company", "Agreement",
         [{"start": k, "end": f"ag-{k}", **prov} for k in SIGNED] + [{"start": "crp", "end": "ag-crp"}])
    _rel(store, "PARTY_TO", "Organization", "Agreement",
         [{"start": o, "end": f"ag-{k}", **prov} for k in SIGNED for o in ("org-ylgov", "org-hfsc")]
         + [{"start": "org-xzgov", "end": "ag-crp"}])
    _rel(store, "SIGNED_IN", "Agreement", "Region",
         [{"start": f"ag-{k}", "end": "320303", **prov} for k in SIGNED] + [{"start": "ag-crp", "end": "320300"}])
    _rel(store, "MENTIONS", "Source", "Agreement", [{"start": SRC, "end": f"ag-{k}"} for k in SIGNED])
    _rel(store, "MENTIONS", "Source", "Company", [{"start": SRC, "end": "cmg"}])


def _structure(store):
    _rel(store, "OWNS", "Company", "Company",
         [{"start": "cmg", "end": k, "share": s, "source_ids": ["src-annual"]} for k, s in SHARES.items()]
         + [{"start": "cmb", "end": "cmfund", "share": 0.55}])
    _rel(store, "PART_OF", "Region", "Region", [{"start": a, "end": b} for a, b in [
        ("320300", "320000"), ("320303", "320300"), ("440300", "440000")]])
    _rel(store, "MEMBER_OF", "Region", "Region", [{"start": a, "end": "C-GBA"} for a in ("440300", "810000")])
    _rel(store, "LOCATED_IN", "Company", "Region", [{"start": k, "end": v} for k, v in LOCATION.items()])
    _rel(store, "LOCATED_IN", "Organization", "Region", [{"start": "org-ylgov", "end": "320303"},
         {"start": "org-hfsc", "end": "320303"}, {"start": "org-xzgov", "end": "320300"}])
    _rel(store, "IN_INDUSTRY", "Company", "Industry", [{"start": k, "end": v} for k, v in INDUSTRY.items()])
    sub = [(f"GB4754:J6{i}", "GB4754:J") for i in range(6, 10)] + [
        ("CHAIN:equipment:U1", "CHAIN:equipment:upstream"), ("CHAIN:equipment:M1", "CHAIN:equipment:midstream"),
        ("CHAIN:equipment:upstream", "XZ:1"), ("CHAIN:equipment:midstream", "XZ:1")]
    _rel(store, "SUBCLASS_OF", "Industry", "Industry", [{"start": a, "end": b} for a, b in sub])
    _rel(store, "UPSTREAM_OF", "Industry", "Industry", [{"start": "CHAIN:equipment:U1", "end": "CHAIN:equipment:M1"}])
    _rel(store, "PRIORITIZES", "Region", "Industry", [{"start": "320300", "end": "XZ:1"},
                                                       {"start": "320300", "end": "GB4754:J"}])
    _rel(store, "VISITED", "Organization", "Company", [{"start": "org-xzgov", "end": "cmg", "date": "2020-05-11",
                                                         "source_ids": [SRC]}])


def build_story(store):
    """Load the small story graph into `store` (both backends)."""
    _nodes(store)
    _agreements(store)
    _structure(store)
    return store


@pytest.fixture
def story(store):
    return build_story(store)


# ------------------------------------------------------------------------------ parsing

def test_every_query_parses_with_titles_and_examples():
    qs = list_queries()
    assert len(qs) >= 9
    for q in qs:
        assert q.title_zh and q.title_en and q.description and q.text
        assert all(p.example != "" for p in q.params), q.name


def test_header_parsing_and_defaults():
    q = parse_query("// title_zh: 甲\n// title_en: A\n// description: d\n"
                    "// param n: 数 number | example: 50\n// param s: 名 name | example: 徐州市\n"
                    "MATCH (x) RETURN x LIMIT $n // $s\n", "t")
    assert [p.name for p in q.params] == ["n", "s"]
    assert q.defaults() == {"n": 50, "s": "徐州市"}
    assert q.text.startswith("MATCH")


def test_undeclared_parameter_and_unknown_name_are_errors():
    with pytest.raises(InputError, match="undeclared"):
        parse_query("// title_zh: 甲\n// title_en: A\nRETURN $x", "t")
    with pytest.raises(InputError, match="company_profile"):
        get_query("company_profil")


# ------------------------------------------------------------------ every query, both stores

def run(store, name, **params):
    q = get_query(name)
    return store.run_readonly(q.text, {**q.defaults(), **params}).records()


def test_every_query_runs_with_its_examples(story):
    for q in list_queries():
        story.run_readonly(q.text, q.defaults())


def test_find_entity(story):
    rows = run(story, "find_entity", q="招商")
    assert rows[0]["name"] == "招商局集团" or rows[0]["name"].startswith("招商")
    assert {r["name"] for r in rows} >= {"招商银行", "招商局集团", "招商局港口"}
    assert run(story, "find_entity", q="徐州市")[0]["key"] == "320300"


def test_company_profile(story):
    [row] = run(story, "company_profile", id="招商基金")
    assert row["groups"] == ["招商局集团"]
    assert row["owners"] == [{"name": "招商银行", "id": "cmb", "share": pytest.approx(0.55)}]
    assert row["headquarters"] == ["深圳市"] and row["industries"] == ["资本市场服务"]
    [cmb] = run(story, "company_profile", id="cmb")
    assert [a["date"] for a in cmb["agreements"]] == ["2020-05-11"]
    assert cmb["agreements"][0]["region"] == "云龙区"
    [cmg] = run(story, "company_profile")
    assert len(cmg["subsidiaries"]) == 8 and cmg["sources"] == ["徐州日报"]
    assert cmg["visits"] == [{"visitor": "徐州市人民政府", "date": "2020-05-11"}]


def test_group_tree_shares(story):
    rows = {r["name"]: r for r in run(story, "group_tree", id="招商基金")}
    assert {r["controller"] for r in rows.values()} == {"招商局集团"}
    assert len(rows) == 10  # 招商局集团, 8 subsidiaries, 招商基金
    assert rows["招商局集团"]["depth"] == 0 and rows["招商局集团"]["cumulative_share"] == 1.0
    fund = rows["招商基金"]
    assert fund["depth"] == 2 and fund["direct_share"] == pytest.approx(0.55)
    assert fund["cumulative_share"] == pytest.approx(0.3 * 0.55)
    assert rows["招商银行"]["cumulative_share"] == pytest.approx(0.3)


def test_neighbourhood_depth_and_limit(story):
    one = run(story, "neighbourhood", key="cmfund", depth=1)
    assert {(r["source"], r["type"], r["target"]) for r in one} == {
        ("cmb", "OWNS", "cmfund"), ("cmfund", "LOCATED_IN", "440300"),
        ("cmfund", "IN_INDUSTRY", "GB4754:J67"), ("cmb", "LOCATED_IN", "440300")}
    two = run(story, "neighbourhood", key="cmfund", depth=2, limit=100)
    assert len(two) > len(one) and ("cmg", "OWNS", "cmb") in {
        (r["source"], r["type"], r["target"]) for r in two}
    small = run(story, "neighbourhood", key="320300", depth=3, limit=3)
    assert len({r["source"] for r in small} | {r["target"] for r in small}) <= 4


def test_paths_between(story):
    rows = run(story, "paths_between", a="徐州市", b="招商局集团")
    # 徐州市 <-LOCATED_IN- 徐州市人民政府 -VISITED-> 招商局集团
    assert rows[0]["hops"] == 2 and rows[0]["types"] == ["LOCATED_IN", "VISITED"]
    assert rows[0]["names"] == ["徐州市", "徐州市人民政府", "招商局集团"]
    assert all(r["ids"][0] == "320300" and r["ids"][-1] == "cmg" and r["hops"] == 2 for r in rows)
    # only the shortest connections come back (all paths up to 4 hops explode through hubs):
    # 云龙区 -> 徐州市 <- 徐州市人民政府 -> 招商局集团 (3) beats the 4 hops through the agreement
    rows = run(story, "paths_between", a="320303", b="cmg")
    assert {r["hops"] for r in rows} == {3}
    assert ["320303", "320300", "org-xzgov", "cmg"] in [r["ids"] for r in rows]


def test_companies_by_industry_and_region(story):
    rows = run(story, "companies_by_industry_region", industry="金融业", region="粤港澳大湾区")
    assert {r["name"] for r in rows} == {"招商银行", "招商创投", "招商租赁", "仁和人寿", "招商启航",
                                         "招商证券", "招商基金", "前海示例金融"}
    rows = run(story, "companies_by_industry_region", industry="GB4754:J", region="徐州市")
    assert [r["name"] for r in rows] == ["徐州示例银行"]


def test_region_profile(story):
    [row] = run(story, "region_profile", region="徐州市")
    assert row["parents"] == ["江苏省"] and row["sub_regions"] == 1
    assert set(row["priorities"]) == {"装备与智能制造", "金融业"}
    assert row["local_companies"] == 2
    assert sorted(row["agreements_by_year"], key=lambda x: x["year"]) == [
        {"year": "2019", "agreements": 1}, {"year": "2020", "agreements": 5}]
    assert set(row["engaged"]) == set(SIGNED.values()) | {"华润电力"}


def test_agreements_by_region_and_period(story):
    rows = run(story, "agreements_by_region", region="320300", **{"from": "2020-01-01", "to": "2020-12-31"})
    assert len(rows) == 5 and all(r["signed_in"] == ["云龙区"] for r in rows)
    assert all(r["sources"] == ["徐州日报"] for r in rows)
    assert all(set(r["parties"]) >= {"云龙区人民政府", "淮海经济区金融服务中心"} for r in rows)
    assert len(run(story, "agreements_by_region", region="徐州市", **{"from": "2019-01-01"})) == 6


def test_chain_coverage(story):
    rows = {r["code"]: r for r in run(story, "chain_coverage", region="徐州市")}
    assert len(rows) == 2 and rows["CHAIN:equipment:M1"]["priority"] == "装备与智能制造"
    assert rows["CHAIN:equipment:M1"]["companies"] == ["徐州示例机械"]
    assert rows["CHAIN:equipment:M1"]["gap"] is False
    # no company of U1 is known anywhere: missing data, never a gap claimed on it (issue 15)
    assert rows["CHAIN:equipment:U1"]["status"] == "数据不足"
    assert rows["CHAIN:equipment:U1"]["gap"] is False
    assert rows["CHAIN:equipment:U1"]["stage"] == "上游"


def test_chain_coverage_of_a_district_uses_the_city_priorities(story):
    rows = {r["code"]: r for r in run(story, "chain_coverage", region="云龙区")}
    assert rows["CHAIN:equipment:M1"]["gap"] is True  # the machine maker sits in 徐州市, not 云龙区


def test_agreements_with_a_local_party_count_even_when_signed_elsewhere(story):
    # the demo records the 2020-05-11 signing as SIGNED_IN 深圳市; the party 云龙区人民政府 is local
    story.write("MATCH (a:Agreement {id: 'ag-cmb'})-[s:SIGNED_IN]->() DELETE s")
    story.upsert_relationships("SIGNED_IN", "Agreement", "Region", [{"start": "ag-cmb", "end": "440300"}])
    rows = run(story, "agreements_by_region", region="云龙区", **{"from": "2020-01-01"})
    assert len(rows) == 5 and ["深圳市"] in [r["signed_in"] for r in rows]
    [profile] = run(story, "region_profile", region="徐州市")
    assert "招商银行" in profile["engaged"]


def test_numeric_looking_codes_work_as_numbers_too(story):
    # defaults() and `kg query -p` turn 320300 into an int; codes are strings in the graph
    assert get_query("neighbourhood").defaults()["key"] == 320300
    assert run(story, "neighbourhood")  # key=320300, depth=2, limit=50
    assert run(story, "region_profile", region=320300)[0]["name"] == "徐州市"
    assert run(story, "paths_between", a=320300, b="cmg")[0]["hops"] == 2


# ------------------------------------------------------------------- indexed key lookups

def test_key_lookups_cover_every_label():
    """neighbourhood/paths find their entities through one labelled branch per label (an
    unlabelled lookup scans every node); a label added to the schema must be added there."""
    from graph.schema import load_schema
    schema = load_schema()
    for name in ("neighbourhood", "paths_between"):
        text = get_query(name).text
        for label in schema.facts():  # follow-up and audit records are not explored
            if name == "paths_between" and label in ("Statistic", "Source"):
                continue  # not endpoints worth a path: no name index, MENTIONS excluded
            key = schema.key_of(label)
            assert f"(n:{label} {{{key}: k}})" in text, (name, label)
        assert "MATCH (n)\n" not in text and "MATCH (x)\n" not in text


def test_paths_between_by_name_of_any_indexed_label(story):
    rows = run(story, "paths_between", a="云龙区人民政府", b="GB4754:J")
    assert rows and rows[0]["ids"][0] == "org-ylgov" and rows[0]["ids"][-1] == "GB4754:J"
    assert run(story, "paths_between", a="没有这个实体", b="cmg") == []
    assert run(story, "neighbourhood", key="没有这个实体") == []


def test_ui_lookups_by_key(story):
    from graph import lookup
    one = story.read(lookup.node_by_key(), {"key": "320300"}).records()
    assert one[0]["label"] == "Region" and one[0]["n"]["name"] == "徐州市"
    assert story.read(lookup.node_by_key(), {"key": "nope"}).rows == []
    got = story.read(lookup.nodes_by_keys(),
                     {"keys": ["cmg", "320300", "GB4754:J66", "org-hfsc", "nope"]}).records()
    assert {r["key"]: (r["label"], r["name"]) for r in got} == {
        "cmg": ("Company", "招商局集团"), "320300": ("Region", "徐州市"),
        "GB4754:J66": ("Industry", "货币金融服务"), "org-hfsc": ("Organization", "淮海经济区金融服务中心")}
    links = story.read(lookup.links_between(),
                       {"pairs": [["cmg", "cmb"], ["cmb", "cmg"], ["cmb", "440300"]]}).records()
    assert sorted((r["a"], r["b"], r["type"]) for r in links) == [
        ("cmb", "440300", "LOCATED_IN"), ("cmg", "cmb", "OWNS")]
