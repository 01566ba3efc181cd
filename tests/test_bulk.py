"""`kg load --bulk` against `kg load` on the same generated files (and a file with bad rows),
on both stores, real servers: the same counts per label and type, every node (all its
properties) and relationship, the same rejects, the same indexes; a non-empty store refused.
Neo4j: the import runs into a test server's database directory while it is stopped."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.generate import generate, write
from bench.records import node_rows, ordered, rel_rows
from cli import main
from graph.settings import load_settings
from graph.stores import open_store
from loaders.bulk.load import NotEmpty, convert, import_embedded, import_neo4j_offline
from loaders.load import load_path
from loaders.tabular.pipeline import rejects_csv

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "tests" / "neo4j_server" / "target" / "lib"
BAD = ("name,founded,reg_capital,industry,province,city\n"
       "坏日期科技有限公司,2019-13-45,100万元,C38,江苏省,徐州市\n"
       "好行科技有限公司,2019-01-02,100万元,C38,江苏省,徐州市\n"
       "无城市科技有限公司,2019-01-02,100万元,C38,江苏省,不存在市\n"
       "好行科技有限公司,2019-01-02,100万元,C38,江苏省,徐州市\n")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("gen")
    paths = ordered(list(write(generate(1200, 5), d).values()))
    bad = d / "bad_companies.csv"
    bad.write_text(BAD, encoding="utf-8")
    return [*paths, bad]


def _load(st, paths) -> list:
    reports = []
    for i, p in enumerate(paths):
        reports += load_path(st, p, setup=i == 0)
    return reports


def _graph(st) -> tuple[dict, dict]:
    """Every node's properties per label, every relationship with its ends, sorted."""
    nodes = {label: sorted(repr(sorted(r.items())) for r in rows) for label, rows in node_rows(st)}
    rels = {k: sorted(repr(sorted(r.items())) for r in rows) for k, rows in rel_rows(st)}
    return nodes, rels


def _indexes(st) -> list:
    if st.kind == "embedded":
        rows = st.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
    else:
        rows = st.read("SHOW INDEXES YIELD labelsOrTypes, properties, type "
                       "RETURN labelsOrTypes, properties, type").rows
    return sorted(map(repr, rows))


def _same(a, a_reports, b, b_reports) -> None:
    assert a.counts() == b.counts()
    ga, gb = _graph(a), _graph(b)
    assert ga[0].keys() == gb[0].keys() and ga[1].keys() == gb[1].keys()
    for label in ga[0]:
        assert ga[0][label] == gb[0][label], label
    for key in ga[1]:
        assert ga[1][key] == gb[1][key], key
    assert [r.summary() for r in a_reports] == [r.summary() for r in b_reports]
    assert rejects_csv(a_reports) == rejects_csv(b_reports)
    assert _indexes(a) == _indexes(b)


def _no_refresh(monkeypatch):
    """The derived values travel with the import (loaders/bulk/derive.py): a refresh after it
    would hide a difference, so it fails the test."""
    import loaders.bulk.load as bulk_load
    monkeypatch.setattr(bulk_load, "refresh_derived",
                        lambda *a, **k: pytest.fail("the bulk path refreshed the derived values"))


def test_embedded_bulk_gives_the_graph_kg_load_gives(files, tmp_path, monkeypatch):
    _no_refresh(monkeypatch)
    with open_store(f"embedded:{tmp_path / 'a'}") as a, \
            open_store(f"embedded:{tmp_path / 'b'}") as b:
        reports = _load(a, files)
        conv = convert(files, schema=b.schema)
        made = import_embedded(b, conv)
        counts = b.counts()
        assert made == (sum(counts["nodes"].values()), sum(counts["relationships"].values()))
        assert sum(r.rejected for r in conv.reports) == 2 and conv.reports[-1].loaded == 2
        _same(a, reports, b, conv.reports)
        # the bulk graph takes incremental loads like any other: loading again changes nothing
        again = _load(b, files[:2])
        assert all(r.unchanged == r.loaded for r in again)
        assert a.counts() == b.counts()


def test_bulk_refuses_a_store_that_holds_anything(files, tmp_path):
    target = f"embedded:{tmp_path / 'kg'}"
    with open_store(target) as st:
        _load(st, files[-1:])
    res = CliRunner().invoke(main, ["--store", target, "load", "--bulk", str(files[0])])
    assert res.exit_code != 0
    assert "already holds" in res.output and "without --bulk" in res.output
    with open_store(target) as st:
        conv = convert(files[:1], schema=st.schema)
        with pytest.raises(NotEmpty):
            import_embedded(st, conv)
        assert "Organization" not in st.counts()["nodes"]


def test_cli_bulk_embedded_writes_rejects_and_audit(files, tmp_path):
    target = f"embedded:{tmp_path / 'kg'}"
    out = tmp_path / "rejects.csv"
    res = CliRunner().invoke(main, ["--store", target, "load", "--bulk", "--rejects", str(out),
                                    *map(str, files)])
    assert res.exit_code == 0, res.output
    assert "GRAPH.BULK" in res.output and "rejected 2" in res.output
    text = out.read_text(encoding="utf-8-sig")
    assert "坏日期科技有限公司" in text and "不存在市" in text and "好行" not in text
    with open_store(target) as st:
        assert st.read("MATCH (c:Company {name: $n}) RETURN count(c)",
                       {"n": "好行科技有限公司"}).scalar() == 1
        assert st.read("MATCH (s:Source) WHERE s.title = 'bad_companies.csv' "
                       "RETURN count(s)").scalar() == 1


@pytest.mark.neo4j
def test_neo4j_cli_writes_the_import_files_and_the_command(files, tmp_path, neo4j_uri):
    with open_store(neo4j_uri, load_settings(neo4j_uri)) as st:
        st.clear()
    out = tmp_path / "imp"
    res = CliRunner().invoke(main, ["--store", neo4j_uri, "load", "--bulk", "--import-dir",
                                    str(out), *map(str, files[:2])])
    assert res.exit_code == 0, res.output
    assert "neo4j-admin database import full neo4j" in res.output
    assert "docker compose stop neo4j" in res.output and "kg init --after-bulk" in res.output
    assert (out / "nodes_Company.csv").exists() and (out / "nodes_Source.csv").exists()
    with open_store(neo4j_uri, load_settings(neo4j_uri)) as st:
        assert st.read("MATCH (n) RETURN count(n)").scalar() == 0  # nothing written silently


@pytest.mark.slow
@pytest.mark.neo4j
def test_neo4j_bulk_import_gives_the_graph_kg_load_gives(files, tmp_path, neo4j_uri, monkeypatch):
    _no_refresh(monkeypatch)
    java = shutil.which("java")
    if not java or not any(LIB.glob("neo4j-import-tool-*.jar")):
        pytest.skip("java or the Neo4j test server's jars are missing (scripts/setup.sh --test)")
    sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
    import server
    with open_store(neo4j_uri, load_settings(neo4j_uri)) as a:
        a.clear()
        a.setup_schema()
        reports = _load(a, files)
        expected = (a.counts(), _graph(a), _indexes(a))
        a.clear()
    home = tmp_path / "home"
    srv = server.start(data_dir=home, heap="512m")
    running = {"srv": srv}

    def restart(run):
        running["srv"].stop()
        run()
        running["srv"] = server.start(data_dir=home, heap="512m")
        uri = running["srv"].uri
        return open_store(uri, load_settings(uri))

    try:
        with open_store(srv.uri, load_settings(srv.uri)) as st:
            conv = convert(files, schema=st.schema)
        b = import_neo4j_offline(conv, tmp_path / "imp", home,
                                 [java, "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool"], restart)
        try:
            counts, (nodes, rels), indexes = expected
            assert b.counts() == counts
            got_nodes, got_rels = _graph(b)
            for label in nodes:
                assert got_nodes[label] == nodes[label], label
            for key in rels:
                assert got_rels[key] == rels[key], key
            assert _indexes(b) == indexes
            assert [r.summary() for r in conv.reports] == [r.summary() for r in reports]
            assert rejects_csv(conv.reports) == rejects_csv(reports)
        finally:
            b.close()
    finally:
        running["srv"].stop()


def test_values_keep_their_types_through_graph_bulk_and_the_import_files(tmp_path):
    """A numeric-looking string in a list stays a string, a ';' inside an element survives
    (the Neo4j files pick another array delimiter), bool/int/float keep their types."""
    from graph.derived import DERIVED
    from loaders.bulk.capture import CaptureStore
    from loaders.bulk.load import Converted, neo4j_files
    from loaders.bulk.neo4j_admin import import_command
    cap = CaptureStore()
    node = {"id": "c1", "name": "甲公司", "aliases": ["123", "甲;乙"], "synthetic": True,
            "reg_capital_cny": 1.5e6, "source_ids": ["s"]}
    cap.upsert_nodes("Company", [node, {"id": "c2", "name": "乙公司"}])
    cap.upsert_relationships("OWNS", "Company", "Company",
                             [{"start": "c1", "end": "c2", "share": 0.5}])
    conv = Converted(cap)
    with open_store(f"embedded:{tmp_path / 'kg'}") as st:
        import_embedded(st, conv)
        def props(cid):  # what was sent, without the lead engine's derived values
            got = st.read("MATCH (c:Company {id: $id}) RETURN properties(c)", {"id": cid}).scalar()
            return {k: v for k, v in got.items() if k not in DERIVED}
        assert props("c1") == node
        assert props("c2") == {"id": "c2", "name": "乙公司"}  # missing stays missing (not null)
        assert st.read("MATCH (:Company {id: 'c1'})-[r:OWNS]->(:Company {id: 'c2'}) "
                       "RETURN r.share").scalar() == 0.5
    files = neo4j_files(conv, tmp_path / "imp")
    assert files["delimiter"] == "|"
    assert "--array-delimiter=|" in import_command(files)
    text = (tmp_path / "imp" / "nodes_Company.csv").read_text(encoding="utf-8")
    assert "123|甲;乙" in text


@pytest.mark.parametrize("label_rows, rel_rows_, message", [
    ([{"id": "c1", "name": "甲公司"}, {"id": "c\t2", "name": "乙公司"}], [], "id='c\\t2'"),
    ([{"id": "c1", "name": "甲\x01公司"}], [], "U+0001"),
    ([{"id": "c1"}, {"id": "c2"}], [{"start": "c1", "end": "c2", "date": "2020\x02"}],
     "U+0002"),
])
def test_the_capture_refuses_control_characters_as_the_stores_do(label_rows, rel_rows_,
                                                                  message):
    """The in-memory store checks a batch in one search; a control character (or a tab in a
    key) still stops the write with the row named, as `graph.store` does."""
    from graph.errors import InputError
    from loaders.bulk.capture import CaptureStore
    cap = CaptureStore()
    with pytest.raises(InputError, match=re.escape(message)):
        cap.upsert_nodes("Company", label_rows)
        cap.upsert_relationships("OWNS", "Company", "Company", rel_rows_)


def test_the_capture_keeps_a_tab_outside_a_key():
    from loaders.bulk.capture import CaptureStore
    cap = CaptureStore()
    cap.upsert_nodes("Company", [{"id": "c1", "scope": "a\tb\nc"}])
    assert cap.nodes["Company"]["c1"]["scope"] == "a\tb\nc"
