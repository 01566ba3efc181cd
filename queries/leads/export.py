"""Lead lists as JSON, CSV and Excel.

Excel sheets: 推荐线索 (names, location, industry, stock code, score, evidence grade, reasons,
risk flags; no internal ids), 关联集团线索 (group-tie companies outside the focus), 证据与来源
(one row per reason: grade, date, source, its address and the evidence path by name; internal
ids only in `--format json`), 参数. Each sheet's
header row has filters and stays frozen; pages print landscape, one page wide. Every cell value
goes through `cell()`, the one place that decides how a value is written.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from graph.cells import spreadsheet_text, xlsx_append
from queries.leads import present
from queries.leads.engine import SIGNAL_ZH

EVIDENCE_HEADERS = ["排名", "企业名称", "理由序号", "信号", "证据等级", "理由", "日期", "来源", "来源地址",
                    "证据路径"]
PARAM_HEADERS = ["参数", "值"]
SHEETS = ["推荐线索", "关联集团线索", "证据与来源", "参数"]


def cell(value):
    """The one place every exported value passes (CSV and Excel alike)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "、".join(str(v) for v in value)
    return value


def signal_keys(res: dict) -> list[str]:
    keys = [k for lead in res.get("leads") or [] for k in (lead.get("contributions") or {})]
    return list(dict.fromkeys(keys))


def lead_headers(res: dict) -> list[str]:
    cols = present.LEAD_COLUMNS
    i = cols.index("总分") + 1
    return cols[:i] + [f"{SIGNAL_ZH.get(k, k)}得分" for k in signal_keys(res)] + cols[i:]


def lead_rows(res: dict, leads_key: str = "leads") -> list[list]:
    keys, out = signal_keys(res), []
    i = present.LEAD_COLUMNS.index("总分") + 1
    for lead in res.get(leads_key) or []:
        row = present.lead_row(lead)
        contrib = lead.get("contributions") or {}
        out.append(row[:i] + [round(float(contrib.get(k, 0.0)), 4) for k in keys] + row[i:])
    return out


def evidence_rows(res: dict) -> list[list]:
    rows = []
    for kind, key in (("", "leads"), ("关联集团：", "group_leads")):
        for lead in res.get(key) or []:
            for i, r in enumerate(present.reasons(lead)):
                rows.append([lead.get("rank"), kind + str(lead.get("name")), i + 1,
                             SIGNAL_ZH.get(r.get("signal"), r.get("signal") or ""),
                             r.get("grade") or "", r.get("text"), r.get("date") or "",
                             r.get("source") or present.NO_SOURCE, r.get("source_uri") or "",
                             " → ".join(map(str, r.get("path_names") or []))])
    return rows


def param_rows(res: dict) -> list[list]:
    p = res.get("params") or {}
    rows = [["目标地区", present.region_name(res)],
            ["关注产业", present.names(res.get("industries") or p.get("industries"))],
            ["线索数量", len(res.get("leads") or [])],
            ["关联集团线索数量", len(res.get("group_leads") or [])],
            ["已排除风险企业", present.excluded_text(res) or "0"],
            ["截止日期（只用此日及以前的事实）", res.get("asof") or p.get("asof") or "-"],
            ["用时（毫秒）", res.get("elapsed_ms", "-")],
            ["生成时间", res.get("created") or "-"]]
    rows += [["来源地区", present.names(p.get("source_regions"))]] if p.get("source_regions") \
        else []
    return rows + [[f"权重：{SIGNAL_ZH.get(k, k)}（{k}）", v]
                   for k, v in (res.get("weights") or p.get("weights") or {}).items()]


def to_json(result) -> str:
    return json.dumps(present.as_dict(result), ensure_ascii=False, indent=2, default=str)


def to_csv(result) -> str:
    res = present.as_dict(result)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([spreadsheet_text(cell(v)) for v in lead_headers(res)])
    w.writerows([spreadsheet_text(cell(v)) for v in row] for row in lead_rows(res))
    return buf.getvalue()


def write_csv(result, path: str | Path) -> Path:
    """UTF-8 with a BOM, so that Excel and WPS detect the encoding."""
    Path(path).write_text(to_csv(result), encoding="utf-8-sig")
    return Path(path)


def write_xlsx(result, path: str | Path) -> Path:
    res = present.as_dict(result)
    headers = lead_headers(res)
    sheets = [(headers, lead_rows(res)), (headers, lead_rows(res, "group_leads")),
              (EVIDENCE_HEADERS, evidence_rows(res)), (PARAM_HEADERS, param_rows(res))]
    wb = Workbook()
    for i, (title, (head, rows)) in enumerate(zip(SHEETS, sheets)):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        _fill(ws, head, rows)
    wb.save(path)
    return Path(path)


def _fill(ws, headers, rows) -> None:
    xlsx_append(ws, [cell(v) for v in headers])
    for row in rows:
        xlsx_append(ws, [cell(v) for v in row])  # text cells, never formulas
    for c in ws[1]:
        c.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for col in ws.columns:
        width = max(_width(c.value) for c in col)
        ws.column_dimensions[col[0].column_letter].width = min(60, max(8, width + 2))
        for c in col[1:]:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def _width(value) -> int:
    lines = str(value if value is not None else "").split("\n")
    return max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in lines)
