"""Tabular loaders on both stores: encodings, header aliases, rejects, idempotence, dry runs."""
from __future__ import annotations

import csv

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st_

from graph.errors import InputError
from loaders.tabular.pipeline import load_table, write_rejects
from conftest import shared_file

COMPANIES = [
    ["企业名称", "统一社会信用代码", "成立日期", "注册资本", "所属行业", "省份", "城市", "区县"],
    ["徐工集团工程机械有限公司", "", "1989年3月1日", "50亿元", "C35", "江苏省", "徐州市", ""],
    ["坏日期公司", "", "2020-13-45", "100万元", "", "江苏", "", ""],
    ["招商银行股份有限公司", "9144030010001686XA", "1987/3/31", "252.2亿元", "J66", "广东省",
     "深圳市", "福田区"],
    ["坏地区公司", "", "2020-01-01", "", "", "火星省", "", ""],
    ["坏信用代码公司", "91440300100016860X", "2020.5.11", "", "", "", "", ""],
]


def _write_csv(path, rows, encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)
    return path


def _write_xlsx(path, rows):
    from openpyxl import Workbook
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


@pytest.mark.parametrize("fmt", ["utf-8-sig", "gb18030", "xlsx"])
def test_companies_load_with_rejects_and_idempotence(store, tmp_path, fmt):
    path = (_write_xlsx(tmp_path / "c.xlsx", COMPANIES) if fmt == "xlsx"
            else _write_csv(tmp_path / "c.csv", COMPANIES, fmt))
    rep = load_table(store, path)
    assert rep.kind == "companies"
    assert (rep.read, rep.loaded, rep.rejected) == (5, 2, 3)
    assert {(r.row, r.field) for r in rep.rejects} == {(3, "founded"), (5, "province"),
                                                        (6, "uscc")}
    rec = store.read("MATCH (c:Company {uscc: '9144030010001686XA'})-[:LOCATED_IN]->(r:Region) "
                     "RETURN c.name, c.founded, c.reg_capital_cny, r.code").rows
    assert rec == [["招商银行股份有限公司", "1987-03-31", pytest.approx(2.522e10), "440304"]]
    counts = store.counts()
    again = load_table(store, path)
    assert (again.loaded, again.unchanged, again.rejected) == (2, 2, 3)
    assert store.counts() == counts
    out = tmp_path / "rejects.csv"
    assert write_rejects([rep], out) == 3
    lines = list(csv.reader(open(out, encoding="utf-8-sig")))
    assert lines[0] == COMPANIES[0] + ["_file", "_row", "_reasons"] and len(lines) == 4


def test_dry_run_writes_nothing(store, tmp_path):
    path = _write_csv(tmp_path / "c.csv", COMPANIES)
    before = store.counts()
    rep = load_table(store, path, dry_run=True)
    assert (rep.read, rep.loaded + rep.rejected) == (5, 5)
    assert store.counts() == before


def test_ownership_agreements_and_visits_in_english_headers(store, tmp_path):
    own = _write_csv(tmp_path / "own.csv", [["shareholder", "company", "share"],
                                            ["招商局集团", "招商银行", "29.97%"],
                                            ["招商局集团", "招商证券", "0.45"],
                                            ["招商局集团", "招商局集团", "10"]])
    rep = load_table(store, own)
    assert (rep.kind, rep.loaded, rep.rejected) == ("ownership", 2, 1)
    shares = dict(store.read("MATCH (:Company {name: '招商局集团'})-[r:OWNS]->(c) "
                             "RETURN c.name, r.share").rows)
    assert shares == {"招商银行": pytest.approx(0.2997), "招商证券": pytest.approx(0.45)}
    agr = _write_csv(tmp_path / "agr.csv", [
        ["签约方", "协议类型", "签约日期", "投资金额", "签约地", "项目名称"],
        ["云龙区人民政府;招商银行", "合作意向书", "2020年5月11日", "64亿元", "深圳", "产城融合项目"],
        ["只有一方", "协议", "2020-05-11", "", "", ""]])
    rep = load_table(store, agr)
    assert (rep.kind, rep.loaded, rep.rejected) == ("agreements", 1, 1)
    rec = store.read("MATCH (o:Organization)-[:PARTY_TO]->(a:Agreement)-[:SIGNED_IN]->(r) "
                     "MATCH (a)-[:CONCERNS]->(p:Project) "
                     "RETURN o.name, a.date, a.amount_cny, r.code, p.name").rows
    assert rec == [["云龙区人民政府", "2020-05-11", pytest.approx(6.4e9), "440300", "产城融合项目"]]
    vis = _write_csv(tmp_path / "v.csv", [["visitor", "host", "date"],
                                          ["徐州代表团", "招商局集团、华润电力", "2020-05-11"]])
    rep = load_table(store, vis)
    assert (rep.kind, rep.loaded) == ("visits", 1)
    assert store.read("MATCH (:Organization {name: '徐州代表团'})-[v:VISITED]->(c) "
                      "RETURN count(c)").scalar() == 2


def test_unparseable_file_fails_clearly_and_writes_nothing(store, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"this is not a zip file")
    before = store.counts()
    with pytest.raises(InputError, match="bad.xlsx"):
        load_table(store, bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        load_table(store, empty)
    assert store.counts() == before


def test_listed_company_table_accounts_for_every_row(store):
    rep = load_table(store, shared_file("enterprises/a-share-listed.csv"))
    assert rep.kind == "listed" and rep.read == 5448
    assert rep.loaded + rep.rejected == 5448
    assert rep.rejected == 0, rep.rejects[:5]
    assert store.read("MATCH (c:Company {name: '平安银行'})-[:LOCATED_IN]->(r) "
                      "RETURN r.code").scalar() == "440300"


def test_neo4j_import_format(store):
    from loaders.tabular.neo4j_import import load_neo4j_import
    reps = load_neo4j_import(store, shared_file("neo4j-import/stock-kg/stock.csv").parent)
    assert all(r.read == r.loaded + r.rejected for r in reps)
    by_file = {r.file.rsplit("/", 1)[1]: r for r in reps}
    assert by_file["stock.csv"].read == 3188 and by_file["industry.csv"].loaded == 49
    rec = store.read("MATCH (c:Company {stock_code: '000069'})-[:IN_INDUSTRY]->(i:Industry) "
                     "RETURN c.name, i.name, c.tags").rows
    assert rec[0][0] == "华侨城Ａ" and rec[0][1] == "酒店旅游" and "深圳本地" in rec[0][2]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st_.lists(st_.lists(st_.text(max_size=12), min_size=0, max_size=9), max_size=8))
def test_random_rows_never_traceback_and_are_all_accounted(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("h") / "random.csv"
    header = ["企业名称", "成立日期", "注册资本", "统一社会信用代码", "省份", "持股比例", "所属行业",
              "别名", "上市"]
    _write_csv(path, [header] + rows)
    try:
        rep = load_table(None, path, "companies", dry_run=True)
    except InputError:
        return  # a file-level problem, reported clearly
    assert rep.read == rep.loaded + rep.rejected


def test_batches_written_in_the_background_see_each_other(store, tmp_path):
    """Batch k+1 is converted while batch k is written: a chain of owners one row per batch
    must still resolve each company to the node the previous batch created."""
    names = [f"链式测试{i}有限公司" for i in range(6)]
    rows = ["shareholder,company,share"] + [f"{a},{b},60%" for a, b in zip(names, names[1:])]
    rows += [f"{names[0]},{names[2]},10%"]  # a relationship between two earlier batches' nodes
    f = tmp_path / "chain.csv"
    f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    rep = load_table(store, f, "ownership", batch_rows=1)
    assert (rep.read, rep.loaded, rep.rejected) == (6, 6, 0)
    assert store.read("MATCH (c:Company) WHERE c.name STARTS WITH '链式测试' RETURN count(c)"
                      ).scalar() == 6
    assert store.read("MATCH (:Company)-[r:OWNS]->(:Company) RETURN count(r)").scalar() == 6
    again = load_table(store, f, "ownership", batch_rows=2)
    assert (again.loaded, again.unchanged) == (6, 6)


def test_an_error_in_the_background_write_reaches_the_caller(store, tmp_path, monkeypatch):
    f = tmp_path / "c.csv"
    f.write_text("name,city\n" + "".join(f"后台错误{i}有限公司,徐州市\n" for i in range(5)),
                 encoding="utf-8")
    calls = []

    def fail_second(label, rows, **kw):
        calls.append(label)
        if len(calls) == 2:
            raise RuntimeError("disk full (test)")
        return type(store).upsert_nodes(store, label, rows, **kw)
    monkeypatch.setattr(store, "upsert_nodes", fail_second)
    with pytest.raises(RuntimeError, match="disk full"):
        load_table(store, f, "companies", batch_rows=2)
