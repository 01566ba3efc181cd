"""How a query result's values read as text: the CLI's tables and CSV, the app's tables."""
from __future__ import annotations

import csv
import io
import json


def cell_text(v) -> str:
    """A node as `(Label name)`, a relationship as `[:TYPE]`, other maps and lists as JSON."""
    if isinstance(v, dict):
        if v.get("_path"):  # (Company A) [:OWNS] (Company B)
            nodes, rels = v.get("nodes", []), v.get("relationships", [])
            parts = [cell_text(nodes[0])] if nodes else []
            for r, n in zip(rels, nodes[1:]):
                parts += [cell_text(r), cell_text(n)]
            return " ".join(parts)
        if "_labels" in v:
            return f"({':'.join(v['_labels'])} {v.get('name') or v.get('title') or v.get('_id')})"
        if "_type" in v:
            return f"[:{v['_type']}]"
        return json.dumps(v, ensure_ascii=False, default=str)
    if isinstance(v, list):
        return json.dumps(v, ensure_ascii=False, default=str)
    return "" if v is None else str(v)


# --- spreadsheets: text a spreadsheet would run is written as text ---------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """For a CSV cell: a string Excel, WPS or LibreOffice would run as a formula (it starts
    with = + - @, a tab or a carriage return) gets the usual leading apostrophe, so that it
    opens as text; numbers, None and other strings are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values) -> list:
    """One CSV row: each cell as `cell_text` shows it, then through `spreadsheet_text`."""
    return [spreadsheet_text(v if isinstance(v, (int, float)) and not isinstance(v, bool)
                             else cell_text(v)) for v in values]


def xlsx_append(ws, values) -> None:
    """Append a row to an openpyxl worksheet with every string as a string cell (data_type
    's', never a formula) and the characters XLSX cannot hold (ESC and other control
    characters) replaced by U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    clean = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v
             for v in values]
    ws.append(clean)
    if not clean:
        return
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl types "=..." as a formula otherwise
            if cell.value.startswith(FORMULA_START):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def csv_text(columns: list[str], rows: list[list]) -> str:
    """A query result as CSV (`kg query --format csv`, the console's download)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(csv_row(columns))
    w.writerows(csv_row(r) for r in rows)
    return buf.getvalue()
