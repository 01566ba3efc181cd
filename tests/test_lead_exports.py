"""Lead lists that read like a briefing (issue 15, item 9): the Excel file read back, the CSV,
the CLI table, the file name; on a hand-written result (no engine involved) and on the engine's
result for the story graph."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from queries.leads import export, present

DAY = dt.date(2026, 11, 30)
GROUP_REASON = {"signal": "group", "text": "同属招商局集团：招商银行已于2020-05-11与云龙区人民政府签署合作意向书",
                "grade": "强", "date": "2020-05-11", "source": "徐州日报",
                "source_uri": "https://example.org/xz", "path": ["cms", "cmg", "cmb", "ag-cmb"],
                "path_names": ["招商轮船", "招商局集团", "招商银行", "合作意向书"]}
FIT_REASON = {"signal": "industry", "text": "行业匹配：从事锂离子电池制造，属关注产业“新能源”",
              "grade": "中", "date": None, "source": None, "source_uri": None, "path": ["cms", "C38"],
              "path_names": ["招商轮船", "电气机械和器材制造业"]}


def lead(rank, id_, name, reasons, **kw):
    return {"rank": rank, "id": id_, "name": name, "full_name": kw.get("full_name"),
            "location": kw.get("location"), "industries": kw.get("industries", []),
            "stock_code": kw.get("stock_code"), "group": kw.get("group"), "score": kw["score"],
            "contributions": kw.get("contributions", {"group": 0.35, "industry": 0.25}),
            "reasons": reasons, "risk": kw.get("risk", [])}


RESULT = {
    "region": {"code": "320300", "name": "徐州市"}, "industries": ["新能源"],
    "leads": [lead(1, "name:宁德时代", "宁德时代", [FIT_REASON, dict(FIT_REASON)],
                   full_name="宁德时代新能源科技股份有限公司", location="宁德市",
                   industries=["电气机械和器材制造业"], stock_code="300750.SZ", score=0.6),
              lead(2, "name:通威股份", "通威股份", [GROUP_REASON, FIT_REASON], location="四川省",
                   score=0.5, risk=["数据标记：经营异常"])],
    "group_leads": [lead(1, "name:招商银行", "招商银行", [GROUP_REASON], score=0.35)],
    "excluded": {"count": 3, "by_reason": {"ST": 2, "注销": 1}}, "elapsed_ms": 420}


@pytest.fixture
def book(tmp_path):
    path = export.write_xlsx(RESULT, tmp_path / present.file_name(RESULT, "xlsx", DAY))
    return path, openpyxl.load_workbook(path)


def test_file_name_names_region_industry_and_day(book):
    path, _ = book
    assert path.name == "徐州市_新能源_招商线索_2026-11-30.xlsx"
    assert present.file_name({"region": {"name": "徐州市"}}, "csv", DAY) == \
        "徐州市_重点产业_招商线索_2026-11-30.csv"
    many = {"region": "徐州市", "industries": ["新能源", "集成电路/ICT", "医药", "装备"]}
    assert present.file_name(many, "xlsx", DAY) == \
        "徐州市_新能源、集成电路-ICT、医药等_招商线索_2026-11-30.xlsx"


def test_sheets_columns_and_no_internal_ids_on_any(book):
    _, wb = book
    assert wb.sheetnames == ["推荐线索", "关联集团线索", "证据与来源", "参数"]
    rows = list(wb["推荐线索"].values)
    assert rows[0] == ("排名", "企业名称", "企业全称", "所在地", "行业", "股票代码", "总分",
                       "集团关联得分", "行业匹配得分", "证据等级", "推荐理由", "风险提示")
    first = rows[1]
    assert first[:7] == (1, "宁德时代", "宁德时代新能源科技股份有限公司", "宁德市",
                         "电气机械和器材制造业", "300750.SZ", 0.6)
    assert first[9] == "中（中1）"
    assert rows[2][9] == "强（强1·中1）" and rows[2][11] == "数据标记：经营异常"
    text = "\n".join(str(v) for row in rows for v in row if v is not None)
    assert "name:" not in text and "cms" not in text and "C38" not in text
    evidence = list(wb["证据与来源"].values)
    assert evidence[0] == tuple(export.EVIDENCE_HEADERS)
    assert any(r[9] == "招商轮船 → 招商局集团 → 招商银行 → 合作意向书" for r in evidence)
    text = "\n".join(str(v) for ws in wb.worksheets for row in ws.values for v in row)
    assert "name:" not in text and "cms" not in text and "C38" not in text
    assert [r[1] for r in list(wb["关联集团线索"].values)[1:]] == ["招商银行"]
    assert any(r[1] == "关联集团：招商银行" for r in evidence)


def test_each_reason_once_with_grade_date_and_source(book):
    _, wb = book
    reasons = list(wb["推荐线索"].values)[1][10].split("\n")
    assert reasons == ["1. [中] 行业匹配：从事锂离子电池制造，属关注产业“新能源”（来源未记录）"]
    both = list(wb["推荐线索"].values)[2][10].split("\n")
    assert both[0] == ("1. [强] 同属招商局集团：招商银行已于2020-05-11与云龙区人民政府签署合作意向书"
                       "（来源：徐州日报）")  # the text gives the date already
    evidence = list(wb["证据与来源"].values)
    assert [r[7] for r in evidence if r[1] == "宁德时代"] == ["来源未记录"]
    assert any(r[8] == "https://example.org/xz" for r in evidence)


def test_a_text_that_cites_its_source_is_not_cited_twice():
    r = {"text": "同属招商局集团：招商银行于2020-05-11签署合作意向书（来源：徐州日报）", "grade": "强",
         "date": "2020-05-11", "source": "徐州日报"}
    assert present.reason_line(r) == "[强] " + r["text"]
    r = {"text": "补链：没有已知本地企业（由行业记录推算，无单独来源）", "grade": "中", "date": None,
         "source": None}
    assert present.reason_line(r) == "[中] " + r["text"]


def test_filters_frozen_header_and_landscape_print(book):
    _, wb = book
    for ws in wb.worksheets:
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.freeze_panes == "A2"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["推荐线索"].auto_filter.ref == "A1:L3"
    params = dict(list(wb["参数"].values)[1:])
    assert params["已排除风险企业"] == "已排除 3 家风险企业（ST 2、注销 1）"
    assert params["关注产业"] == "新能源" and params["目标地区"] == "徐州市"


def test_every_cell_goes_through_one_function(monkeypatch, tmp_path):
    seen = []
    real = export.cell
    monkeypatch.setattr(export, "cell", lambda v: seen.append(v) or real(v))
    export.write_xlsx(RESULT, tmp_path / "x.xlsx")
    n = sum(ws.max_row * ws.max_column for ws in openpyxl.load_workbook(tmp_path / "x.xlsx"))
    assert len(seen) == n
    seen.clear()
    export.to_csv(RESULT)
    assert len(seen) == 3 * 12  # header and two leads, twelve columns


def test_summary_labels_every_number():
    s = present.summary({**RESULT, "candidates": 212})
    assert s == ("目标地区：徐州市 · 关注产业：新能源 · 线索 2 条 · 关联集团线索 1 条 · 候选企业 212 家 · "
                 "已排除 3 家风险企业（ST 2、注销 1） · 用时 0.42 秒")
    assert "320300" not in s


def test_cli_table_lists_leads_group_leads_and_exclusions():
    from cli.leads_cmds import _table
    out = _table(RESULT)
    assert "已排除 3 家风险企业" in out and "【关联集团线索" in out
    assert out.count("行业匹配：从事锂离子电池制造") == 2  # once for each of the two leads
    assert "name:" not in out and "300750.SZ" in out


def test_csv_first_sheet(tmp_path):
    path = export.write_csv(RESULT, tmp_path / "l.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("排名,企业名称,企业全称,所在地,行业,股票代码,总分")
    assert "宁德时代新能源科技股份有限公司" in text and "name:" not in text


def test_engine_result_exports(store, tmp_path):
    """The engine's own result on the story graph goes through the same writers."""
    from queries.leads import rank_leads
    from test_query_library import build_story
    rep = rank_leads(build_story(store), "徐州市", source_regions=["粤港澳大湾区"], top=5)
    path = export.write_xlsx(rep, tmp_path / present.file_name(present.as_dict(rep), "xlsx"))
    wb = openpyxl.load_workbook(path)
    rows = list(wb["推荐线索"].values)
    assert len(rows) == len(rep.leads) + 1 and rows[1][1] == rep.leads[0].name
    assert not {l.id for l in rep.leads} & {v for row in rows for v in row}
    assert path.name.startswith("徐州市_") and path.name.endswith("_招商线索_" +
                                                               dt.date.today().isoformat() + ".xlsx")
    assert '"name": "%s"' % rep.leads[0].name in export.to_json(rep)
