"""Lead lists as JSON, CSV and Excel (three sheets: leads, evidence and sources, parameters).

The Excel file is what a strategist takes into a meeting: Chinese headers, reasons readable
(one per line, wrapped), opens in Excel and WPS (plain openpyxl workbook, no macros).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from graph.cells import spreadsheet_text, xlsx_append
from queries.leads.engine import SIGNAL_ZH

LEAD_HEADERS = ["排名", "企业名称", "企业标识", "总分"] + \
    [f"{zh}得分" for zh in SIGNAL_ZH.values()] + ["推荐理由"]
EVIDENCE_HEADERS = ["排名", "企业名称", "理由序号", "理由", "证据路径（节点标识）", "来源"]
PARAM_HEADERS = ["参数", "值"]
SHEETS = ["推荐线索", "证据与来源", "参数"]


def lead_rows(report) -> list[list]:
    return [[l.rank, l.name, l.id, round(l.score, 4)] +
            [round(l.contributions.get(k, 0.0), 4) for k in SIGNAL_ZH] +
            ["\n".join(f"{i + 1}. {r}" for i, r in enumerate(l.reasons))]
            for l in report.leads]


def evidence_rows(report) -> list[list]:
    return [[l.rank, l.name, e["reason"] + 1, e["sentence"], " → ".join(map(str, e["path"])),
             "、".join(e["sources"])] for l in report.leads for e in l.evidence]


def param_rows(report) -> list[list]:
    p = report.params
    rows = [["目标地区", f"{p['region']}（{p['region_code']}）"],
            ["重点产业", "、".join(p["industries"]) or "-"],
            ["来源地区", "、".join(p["source_regions"]) or "-"],
            ["线索数量", p["top"]], ["候选企业数", report.candidates],
            ["协议截止日期", p["asof"] or "-"], ["生成时间", report.created]]
    return rows + [[f"权重：{SIGNAL_ZH[k]}（{k}）", v] for k, v in p["weights"].items()]


def to_json(report) -> str:
    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2, default=str)


def to_csv(report) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(LEAD_HEADERS)
    w.writerows([spreadsheet_text(v) for v in row] for row in lead_rows(report))
    return buf.getvalue()


def write_csv(report, path: str | Path) -> Path:
    """UTF-8 with a BOM, so that Excel and WPS detect the encoding."""
    Path(path).write_text(to_csv(report), encoding="utf-8-sig")
    return Path(path)


def write_xlsx(report, path: str | Path) -> Path:
    wb = Workbook()
    sheets = [(LEAD_HEADERS, lead_rows(report)), (EVIDENCE_HEADERS, evidence_rows(report)),
              (PARAM_HEADERS, param_rows(report))]
    for i, (title, (headers, rows)) in enumerate(zip(SHEETS, sheets)):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        _fill(ws, headers, rows)
    wb.save(path)
    return Path(path)


def _fill(ws, headers, rows) -> None:
    xlsx_append(ws, headers)
    for row in rows:
        xlsx_append(ws, row)  # names are text cells, never formulas
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col in ws.columns:
        width = max(_width(c.value) for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(80, max(8, width + 2))
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def _width(value) -> int:
    lines = str(value if value is not None else "").split("\n")
    return max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in lines)
