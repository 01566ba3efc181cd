"""`kg audit`: the write log (queries/audit.py), newest first."""
from __future__ import annotations

import click

from cli.common import dumps, store_from, table
from queries import audit


@click.command("audit")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--user", default="", help="Only this user's writes.")
@click.option("--action", default="", help="Only this action, e.g. load, upload, pipeline.move.")
@click.pass_context
def audit_cmd(ctx, fmt, limit, user, action):
    """Who wrote what, when, with the counts: loads, uploads, follow-up and user changes.

    Example: kg audit --limit 20 --format json
    """
    with store_from(ctx) as st:
        rows = audit.entries(st, limit=limit, user=user, action=action)
    if fmt == "json":
        click.echo(dumps([{k: r[k] for k in audit.COLUMNS} for r in rows]))
    else:
        click.echo(table(audit.COLUMNS, [[r[k] for k in audit.COLUMNS] for r in rows]))
