"""Data page helpers: keep an upload on disk (the loaders read paths), load it as `kg load` does."""
from __future__ import annotations

import csv
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from graph.users import require
from loaders.load import load_path
from loaders.tabular import pipeline
from loaders.tabular.kinds import KINDS
from loaders.tabular.pipeline import REJECT_COLUMNS
from loaders.tabular.read import detect_encoding, read_rows
from queries import audit

PREVIEW_ROWS = 1000  # the data page's dry run covers the first rows of a large CSV


def save_upload(name: str, content: bytes) -> Path:
    """The upload under its own bare name (source ids and reject files name it), in a new
    private directory (tempfile.mkdtemp: mode 0700, a name nobody can plant beforehand); the
    file is created, never opened through an existing name or a symlink (O_EXCL|O_NOFOLLOW),
    mode 0600. `remove_upload` deletes it; `saved` does both."""
    folder = Path(tempfile.mkdtemp(prefix="kg-upload-"))
    path = folder / (Path(name).name or "upload")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    return path


def remove_upload(path: Path) -> None:
    shutil.rmtree(Path(path).parent, ignore_errors=True)


@contextmanager
def saved(name: str, content: bytes):
    """The upload on disk for one run of the data page; removed afterwards, however the run
    ends (st.stop included)."""
    path = save_upload(name, content)
    try:
        yield path
    finally:
        remove_upload(path)


def load_upload(store, path: Path, kind: str = "auto", *, actor=None, dry_run: bool = False):
    """The data page's load (and, with `dry_run`, its preview): the one route `kg load` takes
    (`loaders.load.load_path`: schema, loader, steps after the load); one report.

    A load needs the editor role, checked here, where the write happens (a request that skips
    the page's hidden button still ends here), and is recorded in the audit trail."""
    if not dry_run:
        require(getattr(actor, "role", None), "editor", f"loading {path.name}")
    (report,) = load_path(store, path, kind, dry_run=dry_run)
    if not dry_run:
        audit.record(store, actor, "upload", path.name, audit.load_counts([report]))
    return report


def preview_copy(path: Path, rows: int = PREVIEW_ROWS) -> tuple[Path, bool]:
    """(file to dry-run, whether it was cut): a CSV with more than `rows` data rows is copied
    up to that row (whole records, the same name, encoding and row numbers) into a `preview`
    folder beside it, so that the preview of a 50 MB file reads its head, not all of it."""
    if path.suffix.lower() not in (".csv", ".tsv"):
        return path, False
    enc = detect_encoding(path)
    taken: list[str] = []

    def lines(fh):
        for line in fh:
            taken.append(line)
            yield line
    with open(path, encoding=enc, newline="") as fh:
        reader = csv.reader(lines(fh))
        cut = False
        for i, _ in enumerate(reader):
            if i == rows + 1:  # header + `rows` records read; this one is the first left out
                cut = True
                taken.pop()
                break
    if not cut:
        return path, False
    out = path.parent / "preview" / path.name
    out.parent.mkdir(mode=0o700, exist_ok=True)
    out.write_text("".join(taken), encoding=enc, newline="")
    return out, True


def kinds() -> list[str]:
    return ["auto"] + sorted(KINDS)


def head(path: Path, n: int = 20) -> pd.DataFrame:
    header, rows = read_rows(path)
    out = []
    for _, row in rows:
        out.append(row)
        if len(out) >= n:
            break
    return pd.DataFrame(out, columns=header)


def rejects_frame(report) -> pd.DataFrame:
    return pd.DataFrame([r.cells() for r in report.rejects], columns=REJECT_COLUMNS)


def rejects_csv(report) -> bytes:
    return pipeline.rejects_csv([report])


# What a news article yields, as the data page shows it before loading: each part under its
# Chinese name, the columns a reader needs, lists written out, no internal keys.
NEWS_PARTS = (("agreements", "签约", "Agreements"),
              ("dropped", "未计为签约（意向、未签、出席者）", "Not counted as signed (intent, not signed, attendees)"),
              ("visits", "考察与拜访", "Visits"), ("companies", "企业", "Companies"),
              ("organizations", "政府与机构", "Government bodies and organisations"),
              ("regions", "地区", "Regions"))
NEWS_COLUMNS = {"parties": ("签约方", "Parties"), "type": ("类型", "Type"), "date": ("日期", "Date"),
                "project": ("项目", "Project"), "amount_cny": ("金额（元）", "Amount (CNY)"),
                "reason": ("原因", "Reason"), "visitor": ("来访方", "Visitor"),
                "host_name": ("接待方", "Host"), "verb": ("动作", "Verb"), "name": ("名称", "Name"),
                "mentions": ("文中写法", "Written as"), "region": ("地区", "Region"),
                "kind": ("类别", "Kind"), "level": ("级别", "Level"),
                "evidence": ("原文句子", "Sentence")}
_PART_COLUMNS = {"agreements": ("parties", "type", "date", "project", "amount_cny", "evidence"),
                 "dropped": ("parties", "type", "reason", "evidence"),
                 "visits": ("visitor", "host_name", "verb", "date", "evidence"),
                 "companies": ("name", "mentions", "region"),
                 "organizations": ("name", "kind", "mentions"),
                 "regions": ("name", "level")}


def news_parts(found: dict, lang: str = "zh") -> list[tuple[str, pd.DataFrame]]:
    """(heading, table) for each part of `kg extract`'s output that holds anything, in reading
    order, headed and labelled in `lang` ("zh" or "en")."""
    pick = 1 if lang == "en" else 0
    out = []
    for part, zh, en in NEWS_PARTS:
        rows = found.get(part) or []
        if not rows:
            continue
        cols = _PART_COLUMNS[part]
        table = [{NEWS_COLUMNS[c][pick]: _cell(r.get("host") if c == "host_name" and not
                                               r.get("host_name") else r.get(c)) for c in cols}
                 for r in rows]
        out.append((f"{(en if pick else zh)} · {len(rows)}", pd.DataFrame(table)))
    return out


def _cell(v):
    """Text for the preview: lists written out, nothing as an empty cell (not "None"); one
    type per column, so the table converts for display as it is."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return "、".join(map(str, v)) if isinstance(v, list) else str(v)
