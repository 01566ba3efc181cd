"""Data page helpers: keep an upload on disk (the loaders read paths), run the loaders."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd

UPLOAD_DIR = Path(tempfile.gettempdir()) / "kg-uploads"


def save_upload(name: str, content: bytes) -> Path:
    """The upload under its own name (source ids and reject files name it)."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    path = UPLOAD_DIR / Path(name).name
    path.write_bytes(content)
    return path


def kinds() -> list[str]:
    try:
        from loaders.kinds import KINDS
        return ["auto"] + sorted(KINDS)
    except ImportError:
        return ["auto"]


def head(path: Path, n: int = 20) -> pd.DataFrame:
    from loaders.tabular import read_rows
    header, rows = read_rows(path)
    out = []
    for _, row in rows:
        out.append(row)
        if len(out) >= n:
            break
    return pd.DataFrame(out, columns=header)


def rejects_frame(report) -> pd.DataFrame:
    return pd.DataFrame([r.__dict__ for r in report.rejects],
                        columns=["file", "row", "field", "value", "reason"])


def rejects_csv(report) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["file", "row", "field", "value", "reason"])
    w.writerows([[r.file, r.row, r.field, r.value, r.reason] for r in report.rejects])
    return buf.getvalue().encode("utf-8-sig")

