"""One place picks the store, one route loads a file (issue 11's "Done when").

With each way of choosing a store, `kg stats`, `kg extract`, `kg serve` and the app's sidebar
name the same target; an upload through the app's data page gives the same graph as `kg load`.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import cli.common
import cli.serve_cmd
from cli import main
from conftest import shared_file
from graph.store import QueryResult

WAYS = ["--store", "KG_STORE", "NEO4J_URI", "nothing"]


class Recorder:
    """Stands in for a store: records the target each command opened."""
    opened: list[str] = []

    def __init__(self, target):
        Recorder.opened.append(target)
        self.description = target

    def counts(self):
        return {"nodes": {}, "relationships": {}}

    def read(self, *_args, **_kw):
        return QueryResult([], [])

    def close(self):
        pass


@pytest.fixture
def way(request, tmp_path, monkeypatch):
    """(extra kg arguments, the target every surface must name) for one way of choosing."""
    for name in ("KG_STORE", "NEO4J_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    Recorder.opened = []
    monkeypatch.setattr(cli.common, "open_store", Recorder)
    if request.param == "--store":
        return ["--store", "embedded:picked"], f"embedded:{tmp_path / 'picked'}"
    if request.param == "KG_STORE":
        monkeypatch.setenv("KG_STORE", "embedded:from-env")
        return [], f"embedded:{tmp_path / 'from-env'}"
    if request.param == "NEO4J_URI":
        monkeypatch.setenv("NEO4J_URI", "bolt://db.example:7687")
        return [], "bolt://db.example:7687"
    (tmp_path / ".kg").mkdir()  # the default store exists: `kg extract` reads its names
    return [], f"embedded:{tmp_path / '.kg'}"


def _kg(args: list[str]):
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    return res


def _sidebar_store(monkeypatch, kg_store: str | None) -> str:
    from streamlit.testing.v1 import AppTest
    if kg_store:
        monkeypatch.setenv("KG_STORE", kg_store)
    at = AppTest.from_string("from ui.sidebar import sidebar\nsidebar()").run()
    captions = [re.sub(r"\\(.)", r"\1", c.value) for c in at.sidebar.caption]  # as rendered
    return next(c.split(": ", 1)[1] for c in captions if ": " in c)


@pytest.mark.parametrize("way", WAYS, indirect=True)
def test_every_surface_names_the_same_store(way, tmp_path, monkeypatch):
    args, target = way
    _kg(args + ["stats", "--json"])
    article = tmp_path / "a.txt"
    article.write_text("4月30日,南丰县政府与卓阳能源集团有限公司签订合作协议。", encoding="utf-8")
    res = _kg(args + ["extract", str(article)])
    assert f"from {target}" in res.output
    passed = {}
    monkeypatch.setattr(cli.serve_cmd, "run_child",
                        lambda cmd, env, cwd: passed.update(env) or 0)
    res = CliRunner().invoke(main, args + ["serve", "--port", "8599"])
    assert res.exit_code == 0 and target in res.output
    assert Recorder.opened == [target, target]                     # stats, extract
    assert passed["KG_STORE"] == target                            # what the app is given
    if not args:                                                   # the app run on its own
        assert _sidebar_store(monkeypatch, None) == target
    assert _sidebar_store(monkeypatch, passed["KG_STORE"]) == target


@pytest.mark.slow
def test_upload_through_the_data_page_equals_kg_load(tmp_path):
    from graph.stores import open_store
    from queries.audit import Actor
    from ui import upload
    lines = shared_file("enterprises/a-share-listed.csv").read_bytes().splitlines(keepends=True)
    table = tmp_path / "a-share-listed.csv"
    table.write_bytes(b"".join(lines[:301]))                       # header + 300 companies
    a, b = f"embedded:{tmp_path / 'cli'}", f"embedded:{tmp_path / 'app'}"
    _kg(["--store", a, "load", str(table)])
    with open_store(b) as st:                                      # the data page's calls
        path = upload.save_upload(table.name, table.read_bytes())
        preview = upload.load_upload(st, path, "auto", dry_run=True)
        done = upload.load_upload(st, path, "auto", actor=Actor("wang", "editor", "app"))
        vendor_links = st.read("MATCH (v:Industry {scheme: '自定义'})-[:SUBCLASS_OF]->(d:Industry) "
                               "RETURN count(*)").scalar()
    assert preview.kind == done.kind == "listed" and done.loaded == 300
    assert vendor_links > 0                                        # the step after the load
    stats = [json.loads(_kg(["--store", s, "stats", "--json"]).output) for s in (a, b)]
    assert stats[0] == stats[1]
