"""Reading CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and XLSX into (row number, dict) pairs."""
from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import Iterator

from graph.errors import InputError

ENCODINGS = ("utf-8-sig", "gb18030")
# An XLSX file is a zip: a small file can inflate to gigabytes (an 878 KB file to 567 MB in
# memory). Its worksheets and shared strings together may hold at most this many bytes
# uncompressed (docs/security.md).
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
EXTRA = "__extra__"  # cells beyond the header: the row is rejected (pipeline)


def detect_encoding(path: Path, chunk: int = 1 << 20) -> str:
    """The first of ENCODINGS that decodes the whole file, checked chunk by chunk (a 1M-row
    file is never held in memory whole)."""
    last = None
    for enc in ENCODINGS:
        decoder = codecs.getincrementaldecoder(enc)()
        try:
            with open(path, "rb") as fh:
                while block := fh.read(chunk):
                    decoder.decode(block)
            decoder.decode(b"", final=True)
            return enc
        except UnicodeDecodeError as exc:
            last = exc
    raise InputError(f"{path}: cannot decode as UTF-8 or GB18030 ({last}); "
                     "save the file as UTF-8 (Excel: 另存为 CSV UTF-8)")


def read_text(path: Path) -> tuple[str, str]:
    enc = detect_encoding(path)
    return path.read_text(encoding=enc), enc


def read_rows(path: str | Path, *, cells: bool = False) -> tuple[list[str], Iterator]:
    """Header and rows; row numbers are as a spreadsheet shows them (header is row 1).
    `cells`: a CSV file's rows as their lists of cells, not as dicts (checking a file)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if path.suffix.lower() == ".xls":
        raise InputError(f"{path}: old .xls is not supported; save it as .xlsx or CSV")
    return _read_csv(path, cells=cells)


def _read_csv(path: Path, cells: bool = False):
    fh = open(path, encoding=detect_encoding(path), newline="")  # streamed, row by row
    try:
        dialect = csv.Sniffer().sniff(fh.read(4096), delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    fh.seek(0)
    reader = csv.reader(fh, dialect)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(f"{path}: the file is empty (expected a header row)")
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file: {exc}")
    if not any(header):
        raise InputError(f"{path}: the first row is empty (expected a header row)")
    _refuse_duplicates(path, header)
    pair = _csv_pair if all(header) else _pair  # no column without a name: zip at once

    def rows():
        line = 1
        try:
            for values in reader:
                line += 1
                if not any(v.strip() for v in values):
                    continue
                yield line, values if cells else pair(header, values)
        except csv.Error as exc:
            raise InputError(f"{path}: row {line + 1}: broken CSV ({exc})",
                             hint="fix that row (a field over 128 KB usually means a quote "
                                  "is not closed) and load the file again")
        finally:
            fh.close()
    return header, rows()


def _refuse_duplicates(path: Path, header: list[str]) -> None:
    """Two columns with one name: which one holds the data is a guess; refuse the file."""
    seen: dict[str, list[int]] = {}
    for i, h in enumerate(header, start=1):
        if h:
            seen.setdefault(h, []).append(i)
    dups = {h: cols for h, cols in seen.items() if len(cols) > 1}
    if dups:
        where = "; ".join(f"“{h}” in columns {', '.join(map(str, cols))}"
                          for h, cols in dups.items())
        raise InputError(f"{path}: the header repeats a column name: {where}",
                         hint="rename or delete the repeated column so each column has its own "
                              "name, then load again")


def validate_file(path: str | Path) -> int:
    """Parse the whole file without converting or writing anything; raise InputError naming
    the file and row for what would stop a load half-way (a broken CSV, a field over the CSV
    size limit, a NUL byte). Returns the number of data rows. Loads call it first, so a file
    that cannot be read to its end writes nothing."""
    path = Path(path)
    _, rows = read_rows(path, cells=True)
    n = 0
    for line, row in rows:
        n += 1
        if any(isinstance(v, str) and "\x00" in v
               for v in (row.values() if isinstance(row, dict) else row)):
            raise InputError(f"{path}: row {line}: a NUL byte (U+0000); this is not a text "
                             "table: save it again as CSV UTF-8 or XLSX", hint="fix the file "
                             "and load it again: nothing of it was written")
    return n


def _pair(header: list[str], values: list) -> dict:
    row = {h: (v.strip() if isinstance(v, str) else v) for h, v in zip(header, values) if h}
    extra = [v for v in values[len(header):] if str(v).strip()]
    if extra:
        row[EXTRA] = extra
    return row


def _csv_pair(header: list[str], values: list[str]) -> dict:
    """`_pair` for a CSV row (strings only) under a header whose columns all have a name."""
    row = dict(zip(header, map(str.strip, values)))
    if len(values) > len(header):
        extra = [v for v in values[len(header):] if v.strip()]
        if extra:
            row[EXTRA] = extra
    return row


def _check_xlsx_size(path: Path) -> None:
    import zipfile
    try:
        with zipfile.ZipFile(path) as zf:
            size = sum(i.file_size for i in zf.infolist()
                       if i.filename.startswith("xl/worksheets/") or
                       i.filename == "xl/sharedStrings.xml")
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: not a readable Excel file ({exc})")
    if size > XLSX_MAX_UNCOMPRESSED:
        raise InputError(f"{path}: the sheets inflate to {size / 2**20:,.0f} MB uncompressed, "
                         f"over the limit of {XLSX_MAX_UNCOMPRESSED / 2**20:,.0f} MB "
                         f"(解压后过大)",
                         hint="split the workbook, or save the sheet as CSV (streamed, no limit)")


def _read_xlsx(path: Path):
    from openpyxl import load_workbook
    _check_xlsx_size(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(f"{path}: not a readable Excel file ({exc})")
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(it)]
    except StopIteration:
        raise InputError(f"{path}: the first sheet is empty (expected a header row)")
    _refuse_duplicates(path, header)

    def rows():
        for n, values in enumerate(it, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            yield n, _pair(header, ["" if v is None else v for v in values])
        wb.close()
    return header, rows()
