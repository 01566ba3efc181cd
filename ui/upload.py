"""Data page helpers: keep an upload on disk (the loaders read paths), load it as `kg load` does."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from graph.users import require
from loaders.load import load_path
from loaders.tabular import pipeline
from loaders.tabular.kinds import KINDS
from loaders.tabular.pipeline import REJECT_COLUMNS
from loaders.tabular.read import read_rows
from queries import audit

UPLOAD_DIR = Path(tempfile.gettempdir()) / "kg-uploads"


def save_upload(name: str, content: bytes) -> Path:
    """The upload under its own name (source ids and reject files name it)."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    path = UPLOAD_DIR / Path(name).name
    path.write_bytes(content)
    return path


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
