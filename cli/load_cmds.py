"""`kg load` and `kg demo`: thin wrappers over the loaders."""
from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from graph.cli.common import store_from

TABLE_KINDS = ["companies", "ownership", "organizations", "agreements", "projects", "events",
               "visits", "listed"]
KINDS = ["auto", *TABLE_KINDS, "regions", "industries", "chain", "neo4j-import", "news"]


def _bar(desc: str):
    return tqdm(desc=desc, unit=" rows", leave=False, disable=None, dynamic_ncols=True)


def load_path(st, path: Path, kind: str, dry_run: bool):
    """Reports for one path; directories are chain or neo4j-import folders."""
    from loaders.pipeline import load_table
    if kind == "auto" and path.is_dir():
        kind = "neo4j-import" if any(":ID" in f.read_text(encoding="utf-8-sig")[:300]
                                     for f in path.glob("*.csv")) else "chain"
    if kind == "neo4j-import":
        from loaders.neo4j_import import load_neo4j_import
        return load_neo4j_import(st, path, dry_run=dry_run)
    if kind == "chain":
        from loaders.industries import load_chain
        return [load_chain(st, path)]
    if kind in ("regions", "industries"):
        from loaders.reference import load_reference
        counts = load_reference(st, gbt_tree=path if kind == "industries" else None)
        click.echo(f"reference data: {counts}")
        return []
    if kind == "news" or (kind == "auto" and path.suffix.lower() in (".txt", ".md")):
        from loaders.news_load import load_news
        return [load_news(st, path, dry_run=dry_run)]
    with _bar(path.name) as bar:
        reports = [load_table(st, path, kind, dry_run=dry_run, progress=bar.update)]
    if reports[0].kind == "listed" and not dry_run:
        from loaders.vendor_industries import link_vendor_industries
        link_vendor_industries(st)  # vendor industry names -> GB/T divisions
    return reports


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True)
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write rejected rows (default: rejects.csv beside the first file).")
@click.pass_context
def load_cmd(ctx, paths, kind, dry_run, rejects):
    """Load CSV / XLSX tables, chain folders, Neo4j import folders or news articles.

    Every row is loaded or written to the rejects file with its reason.

    Example: kg load companies.xlsx agreements.csv --rejects rejects.csv
    """
    from loaders.pipeline import write_rejects
    reports = []
    with store_from(ctx) as st:
        if not dry_run:
            st.setup_schema()
        for path in paths:
            reports += load_path(st, path, kind, dry_run)
    for rep in reports:
        click.echo(rep.summary() if hasattr(rep, "summary") else str(rep))
    total_rejected = sum(getattr(r, "rejected", 0) for r in reports)
    if total_rejected:
        out = rejects or Path(paths[0]).with_suffix(".rejects.csv")
        write_rejects([r for r in reports if hasattr(r, "rejects")], out)
        click.echo(f"{total_rejected} rejected rows written to {out} (file, row, field, value, "
                   f"reason): fix them and load again; loaded rows are not duplicated")


@click.command("demo")
@click.option("--listed", type=click.Path(path_type=Path), default=None,
              help="The A-share listed-company table to add for volume "
                   "(default: ../shared/data/enterprises/a-share-listed.csv when present).")
@click.option("--no-listed", is_flag=True, help="Only the article and the public facts.")
@click.pass_context
def demo_cmd(ctx, listed, no_listed):
    """Load the demo graph: the Xuzhou promotion-week article, fact by fact, with sources.

    Example: kg demo && kg stats
    """
    from loaders.demo import load_demo
    with store_from(ctx) as st:
        st.setup_schema()
        counts = load_demo(st, listed=None if no_listed else (listed or "default"),
                           progress=lambda msg: click.echo(f"  {msg}", err=True))
    click.echo(f"demo graph loaded: {counts}")

