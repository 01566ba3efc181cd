"""`kg generate`, `kg bench`, `kg export`: synthetic data at scale, benchmarks, bulk export."""
from __future__ import annotations

import json
from pathlib import Path

import click

from bench.export import import_command, write_neo4j_admin
from bench.generate import generate, write
from bench.records import collect, ordered
from bench.report import markdown
from bench.runner import run
from graph.errors import InputError
from loaders.tabular.pipeline import write_rejects


def _size(text: str) -> int:
    t = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(t[-1:], 1)
    try:
        return int(float(t.rstrip("km")) * mult)
    except ValueError:
        raise InputError(f"not a size: {text!r} (write 10k, 100k, 1m or a number)")


@click.command("generate")
@click.option("--companies", "n", required=True, type=str, help="How many companies (10k, 1m, 5000).")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
def generate_cmd(n, seed, out):
    """Write a synthetic economy (companies, ownership, organizations, agreements, visits) as
    CSV files in the loaders' formats; every row is flagged synthetic. Same seed, same files.

    Example: kg generate --companies 100k --seed 1 --out gen/ && kg load gen/*.csv
    """
    paths = write(generate(_size(n), seed), out)
    shape = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for p in ordered(list(paths.values())):
        click.echo(f"{p}: {shape.get(p.stem, '?')} rows")
    click.echo(f"groups {shape['groups']} (largest {shape['largest_groups']}), standalone "
               f"{shape['standalone_share']:.0%}; shape in {out / 'manifest.json'}")
    click.echo(f"load in order: kg load {' '.join(str(p) for p in ordered(list(paths.values())))}")


@click.command("bench")
@click.option("--quick", is_flag=True, help="10k companies, both stores, one run (CI).")
@click.option("--sizes", default="10k,100k,1m", show_default=True)
@click.option("--stores", default="embedded,neo4j", show_default=True)
@click.option("--runs", default=3, show_default=True, type=int, help="Median of this many loads.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the Markdown table here (e.g. docs/benchmarks-results.md).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the raw results as JSON.")
@click.option("--neo4j-heap", default="2g", show_default=True,
              help="Heap of the Neo4j test server (4g or more at 1m).")
@click.option("--neo4j-pagecache", default="1g", show_default=True,
              help="Page cache of the Neo4j test server (4g or more at 1m).")
def bench_cmd(quick, sizes, stores, runs, seed, out, json_out, neo4j_heap, neo4j_pagecache):
    """Load throughput (vs raw UNWIND CREATE and one-write-per-row), query latency p50/p95 and
    peak memory, on fresh stores (Neo4j: the test server from tests/neo4j_server).

    Example: kg bench --quick
    """
    kinds = [s.strip() for s in stores.split(",") if s.strip()]
    for k in kinds:
        if k not in ("embedded", "neo4j"):
            raise InputError(f"unknown store kind {k!r}", hint="use embedded,neo4j")
    if quick:
        sz, runs, opts = [10_000], 1, {"per_row_limit": 2_000, "lead_runs": 2, "samples": 10}
    else:
        sz, opts = [_size(s) for s in sizes.split(",") if s.strip()], {}
    results = run(sz, kinds, runs, seed, log=lambda m: click.echo(m, err=True),
                  neo4j_memory=(neo4j_heap, neo4j_pagecache), **opts)
    table = markdown(results)
    click.echo(table)
    if out:
        out.write_text(table, encoding="utf-8")
    if json_out:
        json_out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str),
                            encoding="utf-8")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["neo4j-admin"]), default="neo4j-admin",
              show_default=True)
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                  path_type=Path))
def export_cmd(fmt, out, files):
    """Validate tables exactly as `kg load` does and write Neo4j bulk-import CSVs (reference
    regions and industries included), for initial loads of tens of millions of rows.

    Example: kg export --format neo4j-admin import/ gen/*.csv  (docs/scale.md)
    """
    with collect(ordered(list(files))) as (rec, reports):
        for rep in reports:
            click.echo(rep.summary())
        if any(r.rejected for r in reports):
            rj = out / "rejects.csv"
            out.mkdir(parents=True, exist_ok=True)
            click.echo(f"{write_rejects(reports, rj)} rejected rows written to {rj}")
        written = write_neo4j_admin(rec, out)
        counts = rec.counts()
    click.echo(f"{sum(counts['nodes'].values())} nodes in {len(written['nodes'])} files, "
               f"{sum(counts['relationships'].values())} relationships in "
               f"{len(written['relationships'])} files under {out}")
    click.echo("import with: neo4j-admin " + " ".join(import_command(written)))
