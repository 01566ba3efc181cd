"""`load_path`: the one route from a file (or folder) into the graph, shared by `kg load` and
the app's data page: which loader for this path, the schema set up first, the steps after a
load (a listed-company table's vendor industries linked to GB/T divisions), the rejects.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from graph.store import GraphStore
from loaders.derived import refresh_derived, touched_companies
from loaders.news.folder import ARTICLE_SUFFIXES, load_news_folder
from loaders.news.load import load_news
from loaders.reference.industries import load_chain
from loaders.reference.load import load_reference
from loaders.reference.vendor_industries import link_vendor_industries
from loaders.tabular.neo4j_import import load_neo4j_import
from loaders.tabular.pipeline import LoadReport, load_table, write_rejects

TABLE_KINDS = ["companies", "ownership", "organizations", "agreements", "projects", "events",
               "visits", "listed", "investments", "branches"]
KINDS = ["auto", *TABLE_KINDS, "regions", "industries", "chain", "neo4j-import", "news"]
NEWS_SUFFIXES = ARTICLE_SUFFIXES


def loader_for(path: Path, kind: str | None = None) -> str:
    """The loader for `path`: `kind` when given; a folder is a Neo4j import folder (`:ID`
    headers) or a chain folder; .txt/.md is news; any other file is a table (`auto`: the
    tabular loader recognises its kind by its columns)."""
    kind = kind or "auto"
    if kind != "auto":
        return kind
    if path.is_dir():
        return "neo4j-import" if any(":ID" in f.read_text(encoding="utf-8-sig")[:300]
                                     for f in path.glob("*.csv")) else "chain"
    return "news" if path.suffix.lower() in NEWS_SUFFIXES else "auto"


def load_path(store: GraphStore, path: str | Path, kind: str | None = None, *,
              dry_run: bool = False, setup: bool = True, progress: Callable | None = None,
              log: Callable[[str], None] | None = None) -> list[LoadReport]:
    """Load one file or folder; returns one report per file loaded (reference data: none).

    `setup` creates the schema's constraints and indexes first (idempotent; skipped on a dry
    run); `progress(n)` is called as table rows are done; `log` receives one-line notes.
    """
    path = Path(path)
    kind = loader_for(path, kind)
    if setup and not dry_run:
        store.setup_schema()
    with derive_once(store, enabled=not dry_run, log=log):
        return _load(store, path, kind, dry_run=dry_run, progress=progress, log=log)


@contextmanager
def derive_once(store: GraphStore, *, enabled: bool = True, log: Callable | None = None):
    """Refresh the lead engine's precomputed values (loaders/derived.py) for what the loads
    inside the block wrote, once, at the end of the outermost block: `kg load a.csv b.csv`
    refreshes once, not once per file."""
    if getattr(store, "_deriving", False):  # an outer block refreshes
        yield
        return
    store._deriving = True
    try:
        with store.tracking() as written:
            yield
    finally:
        store._deriving = False
    if enabled and store.derive_after_load:
        counts = refresh_derived(store, touched=touched_companies(store, written))
        if log and counts["companies"]:
            log(f"derived values refreshed: {counts}")


def _load(store, path: Path, kind: str, *, dry_run, progress, log) -> list:
    if kind == "neo4j-import":
        return load_neo4j_import(store, path, dry_run=dry_run)
    if kind == "chain":
        return [load_chain(store, path)]
    if kind in ("regions", "industries"):
        counts = load_reference(store, gbt_tree=path if kind == "industries" else None)
        if log:
            log(f"reference data: {counts}")
        return []
    if kind == "news" and path.is_dir():  # every article below it, reposts linked
        return load_news_folder(store, path, dry_run=dry_run, progress=progress)
    if kind == "news":
        return load_news_folder(store, path, dry_run=dry_run) if path.suffix.lower() in (
            ".html", ".htm") else [load_news(store, path, dry_run=dry_run)]
    reports = [load_table(store, path, kind, dry_run=dry_run, progress=progress)]
    if reports[0].kind == "listed" and not dry_run:
        link_vendor_industries(store)  # vendor industry names -> GB/T divisions
    return reports


def rejected(reports: list) -> int:
    return sum(getattr(r, "rejected", 0) for r in reports)


def save_rejects(reports: list, out: str | Path) -> int:
    """Write every report's rejected rows to `out` (file, row, field, value, reason)."""
    return write_rejects([r for r in reports if hasattr(r, "rejects")], out)
