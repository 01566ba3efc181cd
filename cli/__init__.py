"""`kg`: a thin command line over the library. Library errors become clean messages here only."""
from __future__ import annotations

import importlib
import sys

import click

from graph.errors import KGError

# Command modules; each exposes click commands listed after the colon.
COMMANDS = {
    "graph.cli.store_cmds": ["init", "stats", "query", "clear"],
    "loaders.cli": ["load", "demo"],
    "loaders.search_cli": ["resolve", "search"],
    "loaders.news_cli": ["extract"],
    "graph.cli.bench_cmds": ["generate", "bench", "export"],
    "queries.cli": ["leads", "leads-eval"],
    "graph.cli.serve_cmd": ["serve"],
}


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


for _module, _names in COMMANDS.items():
    _mod = importlib.import_module(_module)
    for _name in _names:
        main.add_command(getattr(_mod, _name.replace("-", "_") + "_cmd"))
