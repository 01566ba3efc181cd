"""The CLI: every command documented with an example; store commands on both stores."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import COMMANDS, main

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example_and_is_documented(name):
    cmd = main.get_command(None, name)
    assert "Example:" in (cmd.help or ""), f"kg {name} --help has no Example:"
    assert f"`kg {name}" in DOCS.read_text(encoding="utf-8"), f"kg {name} missing in docs/cli.md"


def _kg(store, *args):
    target = f"embedded:{store.server.dir}" if store.kind == "embedded" else store.uri
    return CliRunner().invoke(main, ["--store", target, *args], catch_exceptions=False)


def test_init_stats_query_on_both_stores(store):
    store.upsert_nodes("Company", [{"id": "c1", "name": "招商局集团"}])
    assert _kg(store, "init").exit_code == 0
    res = _kg(store, "stats", "--json")
    assert json.loads(res.output)["nodes"] == {"Company": 1}
    res = _kg(store, "query", "--cypher", "MATCH (c:Company {id: $id}) RETURN c.name AS name",
              "--param", "id=c1", "--format", "json")
    assert json.loads(res.output)["rows"] == [{"name": "招商局集团"}]
    res = _kg(store, "query", "--cypher", "UNWIND range(1, 20) AS x RETURN x", "--limit", "5",
              "--format", "csv")
    assert res.output.splitlines() == ["x", "1", "2", "3", "4", "5"]


def test_query_refuses_writes_with_a_clear_message(store):
    res = _kg(store, "query", "--cypher", "CREATE (n:Company {id: 'x', name: 'x'})")
    assert res.exit_code == 2
    assert "read-only" in res.output and "What to do" in res.output
    assert store.counts()["nodes"] == {}


def test_unreachable_neo4j_fails_fast():
    import time
    t0 = time.monotonic()
    res = CliRunner().invoke(main, ["--store", "bolt://127.0.0.1:1", "stats"])
    assert res.exit_code == 2 and "cannot reach Neo4j" in res.output
    assert time.monotonic() - t0 < 5.5


def test_silent_neo4j_fails_within_five_seconds():
    """A server that accepts the TCP connection and never answers (a hung host)."""
    import socket
    import time
    from graph.errors import StoreUnavailable
    from graph.stores import open_store
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    t0 = time.monotonic()
    try:
        with pytest.raises(StoreUnavailable, match="cannot reach Neo4j"):
            open_store(f"bolt://127.0.0.1:{port}")
    finally:
        silent.close()
    assert time.monotonic() - t0 < 5.0
