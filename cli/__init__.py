"""`kg`: a thin command line over the library. Library errors become clean messages here only."""
from __future__ import annotations

import signal
import sys

import click

from cli import (audit_cmd, bench_cmds, brief_cmd, extract_cmd, leads_cmds, load_cmds,
                 pipeline_cmds, search_cmds, serve_cmd, store_cmds, users_cmds)
from graph.errors import KGError

# Every command, in `kg --help` order of groups. A new command: a click command in a module of
# this package (a thin wrapper over loaders/, queries/ or bench/), added to this list.
COMMANDS = [
    store_cmds.init_cmd, store_cmds.stats_cmd, store_cmds.query_cmd, store_cmds.clear_cmd,
    load_cmds.load_cmd, load_cmds.demo_cmd, load_cmds.derive_cmd,
    search_cmds.resolve_cmd, search_cmds.search_cmd,
    extract_cmd.extract_cmd,
    extract_cmd.extract_eval_cmd,
    bench_cmds.generate_cmd, bench_cmds.bench_cmd, bench_cmds.export_cmd,
    leads_cmds.leads_cmd, leads_cmds.leads_eval_cmd,
    brief_cmd.brief_cmd,
    serve_cmd.serve_cmd,
    users_cmds.users_cmd, pipeline_cmds.pipeline_cmd, audit_cmd.audit_cmd,
]


class KGGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            click.secho(f"错误 / error: {exc}", fg="red", err=True)
            sys.exit(2)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="KG_STORE", default=None, metavar="STORE",
              help="embedded:PATH (default embedded:.kg) or bolt://host:7687 / neo4j://... "
                   "(env KG_STORE; Neo4j credentials from NEO4J_USERNAME / NEO4J_PASSWORD).")
@click.pass_context
def main(ctx, store):
    """招商引资知识图谱 — investment-promotion knowledge graph.

    Example: kg --store embedded:.kg stats
    """
    ctx.obj = {"store": store}
    # SIGTERM ends a command like Ctrl-C: `finally` blocks and atexit close the store, so the
    # embedded server stops with its last client (graph/embedded_server.py)
    signal.signal(signal.SIGTERM, _terminate)


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)


for _command in COMMANDS:
    main.add_command(_command)
