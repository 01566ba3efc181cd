"""Store commands: init, stats, query, clear."""
from __future__ import annotations

import math

from pathlib import Path

import click

from cli.common import dumps, print_result, store_from
from graph.errors import BadParameters, InputError
from loaders.bulk.load import finish
from queries.hints import zero_row_hint
from queries.library import get_query, list_queries, param_value


@click.command("init")
@click.option("--after-bulk", "import_dir", default=None,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The import folder `kg load --bulk` wrote: also the steps after its "
                   "`neo4j-admin database import` (empty lists, derived facts); run once.")
@click.pass_context
def init_cmd(ctx, import_dir):
    """Create the store's constraints and indexes from the schema (idempotent).

    Example: kg --store embedded:.kg init   (after a Neo4j bulk import: kg init --after-bulk DIR)
    """
    with store_from(ctx) as st:
        made = st.setup_schema()
        if import_dir:
            finish(st, import_dir)
        click.echo(f"{st.description}: schema ready ({len(made)} new: {', '.join(made) or '-'})")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print {nodes: {label: n}, relationships: {type: n}}.")
@click.pass_context
def stats_cmd(ctx, as_json):
    """Count nodes per label and relationships per type.

    Example: kg stats --json
    """
    with store_from(ctx) as st:
        counts = st.counts()
    if as_json:
        click.echo(dumps(counts))
        return
    for part, title in (("nodes", "节点 nodes"), ("relationships", "关系 relationships")):
        click.echo(f"{title}: {sum(counts[part].values())}")
        for name, n in counts[part].items():
            click.echo(f"  {name:<14} {n}")


def positive(ctx, param, value):
    """--limit and --timeout: a finite number above 0 (the same on both stores), else a usage
    error naming the option."""
    if value is not None and not (math.isfinite(value) and value > 0):
        raise click.BadParameter(f"{value!r}: must be a positive number (大于 0 的有限数)",
                                 ctx=ctx, param=param)
    return value


def parse_params(pairs: tuple[str, ...]) -> dict:
    """k=v pairs; values that look like integers or floats become numbers."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise BadParameters(f"--param {pair!r} is not of the form name=value")
        k, v = pair.split("=", 1)
        out[k.strip().lstrip("$")] = param_value(v)
    return out


def _load_text(target: str | None, cypher: str | None):
    """Cypher text (or a file's), else the saved query NAME (a NamedQuery)."""
    if cypher:
        return cypher
    if not target:
        raise InputError("give a saved query NAME, a FILE.cypher, or --cypher TEXT",
                         hint="kg query --list shows the saved queries")
    path = Path(target)
    if path.suffix == ".cypher" and path.exists():
        return path.read_text(encoding="utf-8")
    return get_query(target)


@click.command("query")
@click.argument("target", required=False)
@click.option("--cypher", help="Cypher text to run instead of a saved query or file.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A $parameter, repeatable.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--limit", type=int, default=None, callback=positive,
              help="Row cap (default KG_ROW_CAP or 5000).")
@click.option("--timeout", type=float, default=None, callback=positive,
              help="Time limit in seconds (default 10).")
@click.option("--list", "list_", is_flag=True, help="List the saved queries.")
@click.pass_context
def query_cmd(ctx, target, cypher, params, fmt, limit, timeout, list_):
    """Run a read-only Cypher query: a saved query NAME, a FILE.cypher, or --cypher TEXT.

    Writes are refused by the database; a time limit and a row cap always apply.

    Example: kg query --cypher "MATCH (c:Company) RETURN c.name LIMIT 5"
    """
    if list_:
        for q in list_queries():
            click.echo(f"{q.name:<28} {q.title_zh} / {q.title_en}")
        return
    loaded, given = _load_text(target, cypher), parse_params(params)
    text, defaults = (loaded, {}) if isinstance(loaded, str) else (loaded.text, loaded.defaults())
    if not isinstance(loaded, str):
        loaded.check_params(given)
    with store_from(ctx) as st:
        res = st.run_readonly(text, {**defaults, **given}, timeout=timeout, row_cap=limit)
        hint = zero_row_hint(st, text) if not res.rows else None
    print_result(res, fmt)
    if hint:
        click.echo(hint, err=True)


@click.command("clear")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def clear_cmd(ctx, yes):
    """Delete every node and relationship in the store.

    Example: kg --store embedded:/tmp/scratch clear --yes
    """
    with store_from(ctx) as st:
        if not yes:
            click.confirm(f"Delete everything in {st.description}?", abort=True)
        st.clear()
        click.echo(f"{st.description}: cleared")
