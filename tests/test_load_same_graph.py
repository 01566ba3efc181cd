"""The graph a load writes, checked against expectations written by hand (not by the code under
test): counts, values, and the search keys of names whose pinyin depends on the word
(重庆 chong-, 长沙 chang-, 厦门 xia-, 银行 -hang, 重型 zhong-). The loader's speed work
(per-character pinyin table, cached keys, batched lookups) must leave all of this as it was.
The companies are made up for this test and flagged synthetic."""
from __future__ import annotations

import csv

import pytest

from loaders.resolve.search import search
from loaders.tabular.pipeline import load_table

ROWS = [
    ["企业名称", "成立日期", "注册资本", "所属行业", "省份", "城市", "母公司", "持股比例", "合成"],
    ["重庆长乐精工机械有限公司", "2015-06-01", "5000万元", "C34", "重庆市", "", "", "", "true"],
    ["长沙星城重型装备有限公司", "2018年3月9日", "1.2亿元", "C35", "湖南省", "长沙市",
     "重庆长乐精工机械有限公司", "60%", "true"],
    ["厦门鹭江银行软件有限公司", "2020/11/30", "800万元", "I65", "福建省", "厦门市", "", "",
     "true"],
]

# name (also its name_norm) -> (pinyin, initials, founded, reg_capital_cny, region, industry)
EXPECTED = {
    "重庆长乐精工机械有限公司": ("chongqingchanglejinggongjixieyouxiangongsi", "cqcljgjxyxgs",
                                 "2015-06-01", 5e7, "500000", "GB4754:C34"),
    "长沙星城重型装备有限公司": ("changshaxingchengzhongxingzhuangbeiyouxiangongsi",
                                 "csxczxzbyxgs", "2018-03-09", 1.2e8, "430100", "GB4754:C35"),
    "厦门鹭江银行软件有限公司": ("xiamenlujiangyinhangruanjianyouxiangongsi", "xmljyhrjyxgs",
                                 "2020-11-30", 8e6, "350200", "GB4754:I65"),
}


def _count(store, pattern: str) -> int:
    return store.read(f"MATCH {pattern} RETURN count(*)").scalar(0)


def test_load_writes_the_graph_expected_by_hand(store, tmp_path):
    path = tmp_path / "companies.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(ROWS)
    rep = load_table(store, path)
    assert (rep.read, rep.loaded, rep.rejected) == (3, 3, 0)
    assert _count(store, "(c:Company)") == 3
    assert _count(store, "(:Company)-[:LOCATED_IN]->(:Region)") == 3
    assert _count(store, "(:Company)-[:IN_INDUSTRY]->(:Industry)") == 3
    assert _count(store, "(:Company)-[:OWNS]->(:Company)") == 1
    for name, (pinyin, initials, founded, capital, region, industry) in EXPECTED.items():
        rows = store.read(
            "MATCH (c:Company {name: $n})-[:LOCATED_IN]->(r:Region), "
            "(c)-[:IN_INDUSTRY]->(i:Industry) RETURN c.name_norm, c.pinyin, c.initials, "
            "c.founded, c.reg_capital_cny, r.code, i.code, c.synthetic", {"n": name}).rows
        assert rows == [[name, pinyin, initials, founded, pytest.approx(capital), region,
                         industry, True]], name
    owns = store.read("MATCH (p:Company)-[o:OWNS]->(c:Company) RETURN p.name, c.name, o.share"
                      ).rows
    assert owns == [["重庆长乐精工机械有限公司", "长沙星城重型装备有限公司", pytest.approx(0.6)]]
    # the keys find the companies (pinyin, initials), and a second load changes nothing
    assert search(store, "chongqingchanglejinggong")[0]["name"] == "重庆长乐精工机械有限公司"
    assert search(store, "xmljyhrj")[0]["name"] == "厦门鹭江银行软件有限公司"
    counts = store.counts()
    again = load_table(store, path)
    assert (again.loaded, again.unchanged) == (3, 3)
    assert store.counts() == counts


# Traditional characters (OpenCC's t2s), ASCII letters (lower-cased) and a name given in
# simplified form elsewhere: the normal forms, ids and search keys written by hand.
TRADITIONAL = [
    ["企业名称", "成立日期", "注册资本", "所属行业", "省份", "城市", "合成"],
    ["陝西長安汽車有限公司", "2016-01-02", "3000万元", "C36", "陕西省", "西安市", "true"],
    ["ABC重型机械有限公司", "2019-05-06", "200万元", "C35", "江苏省", "徐州市", "true"],
]
OWNERS = [["股东", "企业名称", "持股比例", "合成"],
          ["陕西长安汽车有限公司", "ABC重型机械有限公司", "30%", "true"]]


def test_traditional_and_ascii_names_by_hand(store, tmp_path):
    companies, owners = tmp_path / "companies.csv", tmp_path / "ownership.csv"
    for path, rows in ((companies, TRADITIONAL), (owners, OWNERS)):
        with open(path, "w", newline="", encoding="utf-8") as fh:
            csv.writer(fh).writerows(rows)
    rep = load_table(store, companies)
    own = load_table(store, owners)
    assert (rep.loaded, rep.rejected, own.loaded, own.rejected) == (2, 0, 1, 0)
    rows = store.read("MATCH (c:Company)-[:LOCATED_IN]->(r:Region) RETURN c.id, c.name, "
                      "c.name_norm, c.pinyin, c.initials, r.code ORDER BY c.id").rows
    assert rows == [
        ["name:abc重型机械有限公司", "ABC重型机械有限公司", "abc重型机械有限公司",
         "abczhongxingjixieyouxiangongsi", "azxjxyxgs", "320300"],
        ["name:陕西长安汽车有限公司", "陝西長安汽車有限公司", "陕西长安汽车有限公司",
         "shanxichanganqicheyouxiangongsi", "sxcaqcyxgs", "610100"]]
    assert store.read("MATCH (a:Company)-[o:OWNS]->(b:Company) RETURN a.id, b.id, o.share"
                      ).rows == [["name:陕西长安汽车有限公司", "name:abc重型机械有限公司",
                                  pytest.approx(0.3)]]
    assert _count(store, "(c:Company)") == 2
    again = [load_table(store, p) for p in (companies, owners)]
    assert [(r.loaded, r.unchanged) for r in again] == [(2, 2), (1, 1)]
