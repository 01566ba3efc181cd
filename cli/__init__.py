"""`kg`: a thin command line over the library. Library errors become clean messages here only."""
from __future__ import annotations

import signal
import sys

import click

from graph.errors import KGError

# Every command, in `kg --help` order: name -> (module of this package, attribute). A new
# command: a click command in a module here (a thin wrapper over loaders/, queries/ or bench/),
# added to this table. A module is imported only when its command runs (or for `kg --help`):
# the commands' libraries (pandas, matplotlib, the Neo4j driver ...) took 4-5 s of start-up
# for every `kg` call when all were imported up front.
COMMANDS = {
    "init": ("store_cmds", "init_cmd"), "stats": ("store_cmds", "stats_cmd"),
    "query": ("store_cmds", "query_cmd"), "clear": ("store_cmds", "clear_cmd"),
    "load": ("load_cmds", "load_cmd"), "demo": ("load_cmds", "demo_cmd"),
    "derive": ("load_cmds", "derive_cmd"),
    "resolve": ("search_cmds", "resolve_cmd"), "search": ("search_cmds", "search_cmd"),
    "extract": ("extract_cmd", "extract_cmd"), "extract-eval": ("extract_cmd", "extract_eval_cmd"),
    "generate": ("bench_cmds", "generate_cmd"), "bench": ("bench_cmds", "bench_cmd"),
    "export": ("bench_cmds", "export_cmd"),
    "leads": ("leads_cmds", "leads_cmd"), "leads-eval": ("leads_cmds", "leads_eval_cmd"),
    "brief": ("brief_cmd", "brief_cmd"), "serve": ("serve_cmd", "serve_cmd"),
    "users": ("users_cmds", "users_cmd"), "pipeline": ("pipeline_cmds", "pipeline_cmd"),
    "audit": ("audit_cmd", "audit_cmd"),
}


class KGGroup(click.Group):
    def list_commands(self, ctx):
        return list(COMMANDS)

    def get_command(self, ctx, name):
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name]
        return getattr(_module(module), attr)

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



def _module(name: str):
    """A command module, imported on first use (plain imports: the layer check sees them)."""
    if name == "store_cmds":
        from cli import store_cmds as m
    elif name == "load_cmds":
        from cli import load_cmds as m
    elif name == "search_cmds":
        from cli import search_cmds as m
    elif name == "extract_cmd":
        from cli import extract_cmd as m
    elif name == "bench_cmds":
        from cli import bench_cmds as m
    elif name == "leads_cmds":
        from cli import leads_cmds as m
    elif name == "brief_cmd":
        from cli import brief_cmd as m
    elif name == "serve_cmd":
        from cli import serve_cmd as m
    elif name == "users_cmds":
        from cli import users_cmds as m
    elif name == "pipeline_cmds":
        from cli import pipeline_cmds as m
    else:
        from cli import audit_cmd as m
    return m
