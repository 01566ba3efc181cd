"""Platform exports (企查查/天眼查/启信宝/爱企查) and a bureau's project ledger load as they come:
recognised by their headers, statuses normalised, capital with its currency, dated edges.
The fixtures in tests/fixtures/platform/ and the 1,000-row export below are SYNTHETIC."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from stdnum.cn import uscc

from loaders.load import load_path

FIX = Path(__file__).parent / "fixtures" / "platform"
XZ_COUNTIES = ["云龙区", "鼓楼区", "泉山区", "铜山区", "贾汪区", "丰县", "沛县", "睢宁县"]
DIVISIONS = [("制造业", "电气机械和器材制造业", "C38"), ("制造业", "专用设备制造业", "C35"),
             ("信息传输、软件和信息技术服务业", "软件和信息技术服务业", "I65"),
             ("制造业", "计算机、通信和其他电子设备制造业", "C39")]


def _load(store, name):
    (rep,) = load_path(store, FIX / name)
    assert rep.rejected == 0, rep.rejects
    return rep


def test_platform_exports_become_companies_and_dated_edges(store):
    assert _load(store, "企查查-企业列表-synthetic.csv").kind == "companies"
    rows = {r[0]: r[1:] for r in store.read(
        "MATCH (c:Company) WHERE c.name STARTS WITH '虚构' RETURN c.name, c.status, "
        "c.reg_capital_cny, c.reg_capital_amount, c.reg_capital_currency, c.insured, "
        "c.synthetic, c.former_names").rows}
    assert rows["虚构甲乙新能源科技有限公司"][:6] == ["存续", pytest.approx(5e7),
                                                  pytest.approx(5e7), "CNY", 86, True]
    assert rows["虚构甲乙新能源科技有限公司"][6] == ["徐州甲乙光伏科技有限公司"]
    assert rows["虚构丙丁半导体有限公司"][:4] == ["存续", None, pytest.approx(8e6), "USD"]
    assert {k: v[0] for k, v in rows.items()} == {
        "虚构甲乙新能源科技有限公司": "存续", "虚构丙丁半导体有限公司": "存续",
        "虚构戊己软件有限公司": "注销", "虚构庚辛机械有限公司": "吊销", "虚构壬癸物流有限公司": "迁出"}
    where = dict(store.read("MATCH (c:Company)-[:LOCATED_IN]->(r:Region) WHERE c.name "
                            "STARTS WITH '虚构' RETURN c.name, r.code").rows)
    assert where["虚构甲乙新能源科技有限公司"] == "320312"
    assert where["虚构戊己软件有限公司"] == "320100"  # filled from the credit code's digits
    inds = dict(store.read("MATCH (c:Company)-[:IN_INDUSTRY]->(i) WHERE c.name STARTS WITH "
                           "'虚构' RETURN c.name, i.code").rows)
    assert inds["虚构甲乙新能源科技有限公司"] == "GB4754:C3825"  # the finest class the graph knows
    assert "虚构壬癸物流有限公司" not in inds

    assert _load(store, "虚构甲乙新能源科技有限公司-股东信息-synthetic.csv").kind == "ownership"
    assert _load(store, "虚构甲乙新能源科技有限公司-对外投资-synthetic.csv").kind == "investments"
    assert _load(store, "虚构甲乙新能源科技有限公司-分支机构-synthetic.csv").kind == "branches"
    owns = {(a, b): (s, d) for a, b, s, d in store.read(
        "MATCH (a)-[r:OWNS]->(b) WHERE a.name STARTS WITH '虚构' RETURN a.name, b.name, "
        "r.share, r.date").rows}
    assert owns[("虚构控股集团有限公司", "虚构甲乙新能源科技有限公司")] == (pytest.approx(0.6),
                                                                "2016-04-01")
    assert owns[("虚构丙丁半导体有限公司", "虚构甲乙新能源科技有限公司")][1] == "2018-07-20"
    assert owns[("虚构甲乙新能源科技有限公司", "虚构子二材料有限公司")] == (pytest.approx(0.51),
                                                                "2021-08-02")
    branches = dict(store.read("MATCH (b)-[r:BRANCH_OF]->(:Company {name: '虚构甲乙新能源科技有限公司'}) "
                               "RETURN b.name, r.date").rows)
    assert branches == {"虚构甲乙新能源科技有限公司南京分公司": "2019-05-06",
                        "虚构甲乙新能源科技有限公司上海分公司": "2017-02-14"}
    n = store.read("MATCH (c:Company) WHERE c.name = '虚构丙丁半导体有限公司' RETURN count(c)").scalar()
    assert n == 1  # the shareholder is the company of the list, not a second one


def test_the_project_ledger_gives_projects_like_agreements_do(store):
    _load(store, "企查查-企业列表-synthetic.csv")
    rep = _load(store, "招商项目台账-synthetic.csv")
    assert rep.kind == "projects"
    rows = {r[0]: r[1:] for r in store.read(
        "MATCH (c:Company)-[i:INVESTS_IN]->(p:Project)-[:LOCATED_IN]->(r:Region) "
        "RETURN p.name, c.name, p.status, p.date, p.start_date, p.operation_date, "
        "p.amount_cny, r.code, p.park, i.date").rows}
    assert rows["虚构年产2GW光伏组件项目"] == ["虚构甲乙新能源科技有限公司", "投产", "2023-03-15",
                                        "2023-06-01", "2024-05-20", pytest.approx(2e9),
                                        "320300", "徐州经济技术开发区", "2023-03-15"]
    assert rows["虚构功率半导体封测项目"][1:3] == ["在建", "2024-01-10"]
    assert rows["虚构功率半导体封测项目"][6] == "320312"
    assert rows["虚构智能装备产业园项目"][1] == "在谈"


def _code(i: int, county: str) -> str:
    body = f"913203{'00'}{i:08d}A"[:17]
    return body + uscc.calc_check_digit(body)


def test_a_1000_row_company_list_export(store, tmp_path):
    """A generated (synthetic, fictional) 1,000-row company-list export."""
    header = ["企业名称", "统一社会信用代码", "登记状态", "法定代表人", "注册资本", "成立日期",
              "所属省份", "所属城市", "所属区县", "国标行业门类", "国标行业大类", "synthetic"]
    rows, expect = [], {}
    for i in range(1000):
        county = XZ_COUNTIES[i % len(XZ_COUNTIES)] if i % 10 else ""
        sec, div, code = DIVISIONS[i % len(DIVISIONS)] if i % 7 else ("", "", None)
        name = f"虚构样本{i:04d}号企业有限公司"
        rows.append([name, _code(i, county), ["存续", "在业", "注销", "吊销，未注销"][i % 4],
                     f"测{i}", f"{100 + i}万元人民币", f"20{10 + i % 14}-0{1 + i % 9}-1{i % 9}",
                     "江苏省", "徐州市", county, sec, div, "是"])
        expect[name] = code
    path = tmp_path / "企查查-企业列表-1000-synthetic.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header] + rows)
    (rep,) = load_path(store, path)
    assert (rep.kind, rep.read, rep.loaded, rep.rejected) == ("companies", 1000, 1000, 0)
    located = dict(store.read("MATCH (c:Company)-[:LOCATED_IN]->(r:Region) WHERE c.name "
                              "STARTS WITH '虚构样本' RETURN c.name, r.code").rows)
    assert len(located) == 1000 and all(code.startswith("3203") for code in located.values())
    inds = dict(store.read("MATCH (c:Company)-[:IN_INDUSTRY]->(i:Industry) WHERE c.name "
                           "STARTS WITH '虚构样本' RETURN c.name, i.code").rows)
    assert inds == {n: f"GB4754:{c}" for n, c in expect.items() if c}
    assert store.read("MATCH (c:Company) WHERE c.name STARTS WITH '虚构样本' AND "
                      "c.synthetic = true RETURN count(c)").scalar() == 1000
