"""`kg load` and `kg demo`: thin wrappers over the loaders."""
from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from cli.common import store_from
from loaders.bulk.load import (convert, deployment_steps, import_embedded, neo4j_files,
                               refuse_non_empty)
from loaders.demo import load_demo
from loaders.derived import refresh_derived
from loaders.load import KINDS, derive_once, load_path, rejected, save_rejects
from loaders.news.folder import status_counts
from queries import audit


def _bar(desc: str):
    return tqdm(desc=desc, unit=" rows", leave=False, disable=None, dynamic_ncols=True)


@click.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--kind", type=click.Choice(KINDS), default="auto", show_default=True)
@click.option("--dry-run", is_flag=True, help="Validate and report; write nothing.")
@click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write rejected rows (default: rejects.csv beside the first file).")
@click.option("--bulk", is_flag=True,
              help="First load into an EMPTY store at bulk-import speed (GRAPH.BULK embedded; "
                   "neo4j-admin import files on Neo4j); refused if the store holds anything.")
@click.option("--import-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="With --bulk on Neo4j: where to write the import files (default: "
                   "neo4j-import/ beside the first file).")
@click.pass_context
def load_cmd(ctx, paths, kind, dry_run, rejects, bulk, import_dir):
    """Load CSV / XLSX tables, chain folders, Neo4j import folders or news articles
    (a folder with --kind news: every .txt/.md/.html below it, reposts linked).

    Every row is loaded or written to the rejects file with its reason.

    Example: kg load companies.xlsx agreements.csv --rejects rejects.csv
    Example: kg load articles/ --kind news
    Example: kg --store embedded:.kg load --bulk organizations.csv companies.csv ownership.csv
    """
    reports = []
    if bulk:
        if dry_run:
            raise click.UsageError("--bulk writes; validate with `kg load --dry-run` instead")
        with store_from(ctx) as st:
            reports = _bulk(st, paths, kind, import_dir)
        _report(reports, paths, rejects)
        return
    with store_from(ctx) as st, derive_once(st, enabled=not dry_run, log=click.echo):
        for i, path in enumerate(paths):
            with _bar(path.name) as bar:
                reports += load_path(st, path, kind, dry_run=dry_run, setup=i == 0,
                                     progress=bar.update, log=click.echo)
            if not dry_run:  # the audit trail: who loaded what, when, with the counts
                audit.record(st, audit.cli_actor(), "load", str(path.resolve()),
                             audit.load_counts(reports[-1:] if reports else []))
    _report(reports, paths, rejects)


def _bulk(st, paths, kind, import_dir) -> list:
    """Convert every file in memory (kg load's own route), then create the graph in one go:
    GRAPH.BULK on the embedded store; on Neo4j, the import files and the steps to run."""
    refuse_non_empty(st)  # before minutes of conversion
    with _bar("bulk: converting") as bar:
        conv = convert(paths, kind, schema=st.schema, progress=bar.update, log=click.echo)
    if st.kind != "embedded":
        out = import_dir or Path(paths[0]).resolve().parent / "neo4j-import"
        click.echo(deployment_steps(neo4j_files(conv, out), out,
                                    st.settings.neo4j_database))
        click.echo("nothing is in the graph yet: the counts below are what the import creates")
        return conv.reports
    counts = conv.counts()
    click.echo(f"creating the graph (GRAPH.BULK): {sum(counts['nodes'].values())} nodes, "
               f"{sum(counts['relationships'].values())} relationships, then the indexes",
               err=True)
    nodes, rels = import_embedded(st, conv)
    click.echo(f"GRAPH.BULK: {nodes} nodes, {rels} relationships created; indexes made")
    for path, rep in zip(paths, conv.reports):  # the audit trail, as kg load writes it
        audit.record(st, audit.cli_actor(), "load --bulk", str(Path(path).resolve()),
                     audit.load_counts([rep]))
    return conv.reports


def _report(reports, paths, rejects) -> None:
    for rep in reports:
        click.echo(rep.summary() if hasattr(rep, "summary") else str(rep))
    if any(getattr(r, "status", "") for r in reports):  # a news folder: articles by outcome
        click.echo("articles: " + ", ".join(f"{k} {v}" for k, v in status_counts(reports).items()))
    total_rejected = rejected(reports)
    if total_rejected:
        out = rejects or Path(paths[0]).with_suffix(".rejects.csv")
        save_rejects(reports, out)
        click.echo(f"{total_rejected} rejected rows written to {out} (file, row, field, value, "
                   f"reason): fix them and load again; loaded rows are not duplicated")


@click.command("demo")
@click.option("--with", "volume", type=click.Path(exists=True, path_type=Path), default=None,
              help="A table to add for volume (e.g. an A-share listed-company table); the demo "
                   "itself reads nothing outside the repository.")
@click.pass_context
def demo_cmd(ctx, volume):
    """Load the demo graph: the Xuzhou promotion-week article, fact by fact, and the project's
    curated companies (loaders/data/companies/), each citing its public document.

    Example: kg demo && kg stats   (or: kg demo --with a-share-listed.csv)
    """
    with store_from(ctx) as st:
        st.setup_schema()
        counts = load_demo(st, volume=volume,
                           progress=lambda msg: click.echo(f"  {msg}", err=True))
    click.echo(f"demo graph loaded: {counts}")


@click.command("derive")
@click.pass_context
def derive_cmd(ctx):
    """Recompute the lead engine's precomputed company values (group root and depth,
    industries, regions, dated-activity counts) for every company. Loads keep them up to date
    themselves; run this after writing to the store by other means (a bulk import).

    Example: kg --store embedded:.kg derive
    """
    with store_from(ctx) as st:
        st.setup_schema()
        with _bar("companies") as bar:
            counts = refresh_derived(st, progress=bar.update)
    click.echo(f"derived values refreshed: {counts}")
