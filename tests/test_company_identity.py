"""One company, whether named short or in full; group membership proposed, never merged
silently (loaders/resolve/companies.py, loaders/resolve/review.py)."""
from __future__ import annotations

import csv
import getpass

from click.testing import CliRunner

from conftest import shared_file
from loaders.load import load_path
from loaders.resolve import review as R


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        csv.writer(fh).writerows(rows)
    return path


def _listed_rows(*names):
    with open(shared_file("enterprises/a-share-listed.csv"), encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return [header] + [r for r in reader if r[header.index("name")] in names]


def _companies(store, like):
    return store.read("MATCH (c:Company) WHERE c.name CONTAINS $n RETURN c.id, c.name, "
                      "c.aliases ORDER BY c.name", {"n": like}).rows


def test_an_agreement_party_in_full_joins_the_listed_short_name(store, tmp_path):
    load_path(store, _write(tmp_path / "listed.csv", _listed_rows("宁德时代")))
    agr = _write(tmp_path / "agr.csv", [["签约方", "协议类型", "签约日期"],
                                        ["宁德时代新能源科技股份有限公司、徐州市人民政府",
                                         "投资协议", "2023-05-10"]])
    (rep,) = load_path(store, agr)
    assert rep.rejected == 0
    rows = _companies(store, "宁德时代")
    assert len(rows) == 1, rows  # no second company
    assert rows[0][1] == "宁德时代" and "宁德时代新能源科技股份有限公司" in rows[0][2]
    party = store.read("MATCH (c:Company)-[:PARTY_TO]->(:Agreement) RETURN c.id").rows
    assert party == [[rows[0][0]]]


def test_a_table_with_both_names_gives_one_company_with_an_alias(store, tmp_path):
    path = _write(tmp_path / "c.csv", [["企业名称", "证券简称", "城市"],
                                       ["虚构星河能源股份有限公司", "星河能源", "徐州市"]])
    load_path(store, path)
    agr = _write(tmp_path / "a.csv", [["甲方", "乙方", "签约日期"],
                                      ["星河能源", "徐州市人民政府", "2024-01-02"]])
    load_path(store, agr)
    rows = _companies(store, "星河")
    assert len(rows) == 1 and rows[0][1] == "虚构星河能源股份有限公司" and rows[0][2] == ["星河能源"]


def test_weak_evidence_is_proposed_for_review_and_accepting_merges(store, tmp_path):
    # the graph knows a short name only (no region, no industry): not enough to link
    load_path(store, _write(tmp_path / "o.csv", [["name"], ["虚构远帆"]]), "companies")
    agr = _write(tmp_path / "a.csv", [["签约方", "签约日期"],
                                      ["虚构远帆科技有限公司、徐州市人民政府", "2024-03-01"]])
    load_path(store, agr)
    assert len(_companies(store, "虚构远帆")) == 2  # kept apart, but not silently:
    (p,) = R.proposals(store)
    assert p["kind"] == "same_company" and p["end_name"] == "虚构远帆" and p["confidence"] < 0.9
    assert "简称规则" in p["rule"]
    R.review(store, p["id"], accept=True, who="tester")
    rows = _companies(store, "虚构远帆")
    assert len(rows) == 1 and "虚构远帆科技有限公司" in rows[0][2]
    assert store.read("MATCH (c:Company {name: '虚构远帆'})-[:PARTY_TO]->() RETURN count(*)"
                      ).scalar() == 1
    assert R.proposals(store) == []


def test_a_region_that_disagrees_is_not_linked(store, tmp_path):
    load_path(store, _write(tmp_path / "o.csv", [["name", "城市"], ["虚构北辰", "广州市"]]))
    load_path(store, _write(tmp_path / "c.csv", [["企业名称", "城市"],
                                                 ["虚构北辰材料有限公司", "徐州市"]]))
    assert len(_companies(store, "虚构北辰")) == 2
    (p,) = R.proposals(store)
    assert "地区不一致" in p["rule"] and p["confidence"] == 0.5


def test_group_membership_from_names_is_proposed_then_confirmed(store, tmp_path):
    load_path(store, _write(tmp_path / "c.csv", [["企业名称"], ["虚构电投集团有限公司"],
                                                 ["虚构电投江苏新能源有限公司"],
                                                 ["虚构电投综合服务有限公司"],
                                                 ["另一虚构能源有限公司"]]))
    assert R.propose_groups(store) == 2
    props = {p["end_name"]: p for p in R.proposals(store)}
    assert set(props) == {"虚构电投江苏新能源有限公司", "虚构电投综合服务有限公司"}
    assert props["虚构电投江苏新能源有限公司"]["confidence"] == 0.8
    assert props["虚构电投综合服务有限公司"]["confidence"] == 0.6
    assert not store.read("MATCH ()-[r:OWNS]->() RETURN count(r)").scalar()  # nothing merged
    from cli import main
    target = f"embedded:{store.server.dir}" if store.kind == "embedded" else store.uri
    out = CliRunner().invoke(main, ["--store", target, "resolve", "--review"],
                             catch_exceptions=False)
    assert props["虚构电投江苏新能源有限公司"]["id"] in out.output
    R.review(store, props["虚构电投江苏新能源有限公司"]["id"], accept=True)
    R.review(store, props["虚构电投综合服务有限公司"]["id"], accept=False)
    owns = store.read("MATCH (g)-[r:OWNS]->(c) RETURN g.name, c.name, r.source_ids, "
                      "r.confirmed_by").rows
    assert owns == [["虚构电投集团有限公司", "虚构电投江苏新能源有限公司", ["manual:人工确认"],
                     getpass.getuser()]]
    assert store.read("MATCH (s:Source {id: 'manual:人工确认'}) RETURN s.title").scalar() == "人工确认"
    assert R.proposals(store) == [] and R.propose_groups(store) == 0

