"""`kg resolve` and `kg search`."""
from __future__ import annotations

import click

from cli.common import dumps, store_from, table
from loaders.resolve import review as R
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
@click.argument("name", required=False)
@click.option("--label", type=click.Choice(["Company", "Organization", "Region", "Industry"]))
@click.option("--json", "as_json", is_flag=True)
@click.option("--review", is_flag=True, help="List the links proposed for review.")
@click.option("--propose-groups", is_flag=True,
              help="Propose group membership from names (a group's trade name in a name).")
@click.option("--accept", "accept", metavar="ID", help="Accept proposal ID.")
@click.option("--reject", "reject", metavar="ID", help="Reject proposal ID.")
@click.pass_context
def resolve_cmd(ctx, name, label, as_json, review, propose_groups, accept, reject):
    """The entities NAME may refer to, with scores and why (merges only at >= 0.92); or the
    links proposed for review (same company under a short name, group membership), to accept
    (a group link becomes OWNS with the source 人工确认 and your user name) or reject.

    Example: kg resolve 深圳宝能集团 --json; kg resolve --propose-groups --review; kg resolve --accept 3f2a9c01d4
    """
    with store_from(ctx) as st:
        if propose_groups:
            click.echo(f"{R.propose_groups(st)} group links proposed")
        for pid, ok in ((accept, True), (reject, False)):
            if pid:
                try:
                    p = R.review(st, pid, ok)
                except KeyError as exc:
                    raise click.ClickException(str(exc.args[0]))
                click.echo(f"{p['id']} {p['status']} by {p['reviewed_by']}: "
                           f"{p['start_name']} -> {p['end_name']}")
        if review:
            rows = R.proposals(st)
            if as_json:
                click.echo(dumps(rows))
            else:
                click.echo(table(["id", "kind", "from", "to", "confidence", "rule"],
                                 [[p["id"], p["kind"], p["start_name"], p["end_name"],
                                   p["confidence"], p["rule"]] for p in rows])
                           if rows else "没有待确认的关联 / nothing to review")
        if name:
            _show(search(st, name, limit=10, labels=(label,) if label else LABELS), as_json)
        elif not (review or propose_groups or accept or reject):
            raise click.UsageError("give a NAME, or --review / --propose-groups / --accept / "
                                   "--reject")


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
