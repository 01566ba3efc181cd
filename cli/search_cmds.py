"""`kg resolve` and `kg search`."""
from __future__ import annotations

import click

from cli.common import dumps, store_from, table
from loaders.resolve.search import LABELS, search


def _show(cands: list[dict], as_json: bool) -> None:
    if as_json:
        click.echo(dumps(cands))
    elif not cands:
        click.echo("没有找到 / nothing found")
    else:
        click.echo(table(["score", "label", "id", "name", "why"],
                         [[c["score"], c["label"], c["id"], c["name"], c["why"]] for c in cands]))


@click.command("resolve")
@click.argument("name")
@click.option("--label", type=click.Choice(["Company", "Organization", "Region", "Industry"]))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def resolve_cmd(ctx, name, label, as_json):
    """The entities NAME may refer to, with scores and why (merges only at >= 0.92).

    Example: kg resolve 深圳宝能集团 --json
    """
    with store_from(ctx) as st:
        _show(search(st, name, limit=10, labels=(label,) if label else LABELS), as_json)


@click.command("search")
@click.argument("text")
@click.option("--limit", type=int, default=10)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def search_cmd(ctx, text, limit, as_json):
    """Search by name, alias, short name, pinyin (zhaoshangju) or initials (zsjt).

    Example: kg search zsjt
    """
    with store_from(ctx) as st:
        _show(search(st, text, limit=limit), as_json)
