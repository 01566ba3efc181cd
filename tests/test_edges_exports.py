"""Issue 12, items 4 and 10: every export writes hostile text as text.

A name a spreadsheet would run (=, +, -, @, tab, CR first) is a formula in no file: the CSV cell
starts with an apostrophe, the XLSX cell is a string cell (never data_type 'f'); characters
openpyxl refuses (ESC and other control characters) are replaced, not fatal. The files are read
back with csv and openpyxl, as a spreadsheet would open them."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from queries.leads import export
from queries.leads.engine import SIGNAL_ZH
from queries.leads.result import Lead, LeadReport, Reason

HOSTILE = ['=HYPERLINK("http://127.0.0.1:9/x","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A2)",
           "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
CONTROL = "控制\x1b[31m字符\x01公司"


def _report(names: list[str]) -> LeadReport:
    leads = [Lead(rank=i + 1, id=f"name:{i}", name=n, score=1.0 - i / 100,
                  contributions={k: 0.1 for k in SIGNAL_ZH}, signals={},
                  reasons=[Reason(signal="group", text=f"{n} 与目标地区签约", grade="强",
                                  source=n, path=[f"name:{i}", "r"])],
                  full_name=n, location=n, industries=[n])
             for i, n in enumerate(names)]
    params = {"region": HOSTILE[0], "region_code": "320300", "industries": [HOSTILE[2]],
              "source_regions": [], "top": len(names), "asof": None,
              "weights": {k: 0.1 for k in SIGNAL_ZH}}
    return LeadReport(region={"name": "徐州市", "code": "320300"}, params=params, leads=leads,
                      candidates=len(names))


def _csv_cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def assert_csv_safe(text: str, expected: list[str]) -> None:
    cells = _csv_cells(text)
    for value in expected:
        hits = [c for c in cells if c.lstrip("'") == value or value in c]
        assert hits, f"{value!r} missing from the CSV"
        for c in hits:
            assert c.startswith("'") or c[:1] not in "=+-@\t\r", f"live formula in CSV: {c!r}"


def assert_xlsx_safe(wb, expected: list[str]) -> None:
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"formula cell {ws.title}!{c.coordinate}: {c.value!r}"
                values.append(str(c.value))
    for value in expected:
        assert any(value in v for v in values), f"{value!r} missing from the workbook"


def test_spreadsheet_text_prefixes_what_a_spreadsheet_would_run():
    from graph.cells import spreadsheet_text
    for v in HOSTILE:
        assert spreadsheet_text(v) == "'" + v
    assert spreadsheet_text("招商局集团") == "招商局集团"
    assert spreadsheet_text(-2) == -2 and spreadsheet_text(1.5) == 1.5  # numbers stay numbers
    assert spreadsheet_text(None) is None


def test_leads_csv_and_xlsx_write_hostile_names_as_text(tmp_path):
    report = _report(HOSTILE + [CONTROL])
    with open(export.write_csv(report, tmp_path / "l.csv"), encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    assert_csv_safe(text, HOSTILE)
    export.write_xlsx(report, tmp_path / "l.xlsx")  # ESC: no IllegalCharacterError
    wb = load_workbook(tmp_path / "l.xlsx")
    assert_xlsx_safe(wb, HOSTILE + ["控制", "字符"])
    names = [c.value for c in wb.worksheets[0]["B"][1:]]
    assert names[:len(HOSTILE)] == HOSTILE  # the text is kept as it was, only typed as text
    assert "\x1b" not in names[-1] and names[-1].startswith("控制")


def test_cli_leads_xlsx_with_an_escape_character_in_a_name(tmp_path, monkeypatch):
    """`kg leads --format xlsx` ended in IllegalCharacterError (item 10)."""
    import cli.leads_cmds as leads_cmds
    report = _report([CONTROL, HOSTILE[0]])
    monkeypatch.setattr(leads_cmds, "rank_leads", lambda *a, **k: report)
    out = tmp_path / "leads.xlsx"
    res = CliRunner().invoke(main, ["--store", f"embedded:{tmp_path / 'kg'}", "leads",
                                    "--region", "徐州市", "--format", "xlsx", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert_xlsx_safe(load_workbook(out), [HOSTILE[0], "字符"])


def test_rejects_csv_writes_hostile_values_as_text(store, tmp_path):
    from loaders.tabular.pipeline import load_table, rejects_csv
    path = tmp_path / "companies.csv"
    rows = [["企业名称", "统一社会信用代码", "省份"]] + \
        [[n, "=1+1" if i == 0 else "bad", "火星省"] for i, n in enumerate(HOSTILE[:4])]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    report = load_table(store, path, "companies", dry_run=True)
    assert report.rejects, "the hostile rows were expected to be rejected"
    text = rejects_csv([report]).decode("utf-8-sig")
    cells = _csv_cells(text)
    assert any(c.lstrip("'") == "=1+1" for c in cells)
    assert all(c.startswith("'") or c[:1] not in "=+-@\t\r" for c in cells), cells


def test_kg_query_csv_writes_hostile_values_as_text(store):
    target = f"embedded:{store.server.dir}" if store.kind == "embedded" else store.uri
    res = CliRunner().invoke(main, ["--store", target, "query", "--cypher",
                                    "RETURN '=HYPERLINK(\"http://x\",\"x\")' AS a, "
                                    "'@SUM(A1)' AS b, '+1' AS c, -2 AS num", "--format", "csv"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.output)))
    assert rows[1] == ["'=HYPERLINK(\"http://x\",\"x\")", "'@SUM(A1)", "'+1", "-2"]


def test_app_downloads_write_hostile_values_as_text():
    from graph.store import QueryResult
    from ui import leads as ui_leads
    from ui.results import csv_bytes
    report = _report(HOSTILE + [CONTROL])
    assert_csv_safe(ui_leads.csv_bytes(report).decode("utf-8-sig"), HOSTILE)
    assert_xlsx_safe(load_workbook(io.BytesIO(ui_leads.xlsx_bytes(report))), HOSTILE)
    res = QueryResult(columns=["name"], rows=[[v] for v in HOSTILE])
    assert_csv_safe(csv_bytes(res).decode("utf-8-sig"), HOSTILE)
