"""`kg export --format neo4j-admin`: headers, counts, and a real `neo4j-admin database import`
from the Maven artefacts when Java and the test server's jars are there."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.export import import_command
from cli import main
from bench.generate import generate, write

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "tests" / "neo4j_server" / "target" / "lib"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    gen, out = tmp_path_factory.mktemp("gen"), tmp_path_factory.mktemp("export")
    paths = write(generate(1500, 9), gen)
    res = CliRunner().invoke(main, ["export", "--format", "neo4j-admin", str(out),
                                    *map(str, paths.values())])
    assert res.exit_code == 0, res.output
    return out, paths


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_headers_and_counts(exported):
    out, paths = exported
    header, rows = _rows(out / "nodes_Company.csv")
    assert header[0] == "id:ID(Company)" and header[-1] == ":LABEL"
    assert "reg_capital_cny:double" in header and "synthetic:boolean" in header
    assert "source_ids:string[]" in header
    assert len(rows) == 1500 and all(r[-1] == "Company" for r in rows)
    header, rows = _rows(out / "rels_OWNS_Company_Company.csv")
    assert header[:2] == [":START_ID(Company)", ":END_ID(Company)"] and header[-1] == ":TYPE"
    assert "share:double" in header
    with paths["ownership"].open(encoding="utf-8") as fh:
        assert len(rows) == sum(1 for _ in fh) - 1
    ids = {r[0] for r in _rows(out / "nodes_Company.csv")[1]}
    assert all(r[0] in ids and r[1] in ids for r in rows)
    regions = {r[0] for r in _rows(out / "nodes_Region.csv")[1]}
    assert all(r[1] in regions for r in _rows(out / "rels_LOCATED_IN_Company_Region.csv")[1])


@pytest.mark.slow
@pytest.mark.neo4j
def test_neo4j_admin_import_and_query(exported, tmp_path):
    java = shutil.which("java")
    if not java or not any(LIB.glob("neo4j-import-tool-*.jar")):
        pytest.skip("java or the Neo4j test server's jars are missing (scripts/setup.sh --test)")
    out, _ = exported
    files = {"nodes": sorted(out.glob("nodes_*.csv")),
             "relationships": sorted(out.glob("rels_*.csv"))}
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    proc = subprocess.run([java, "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool",
                           *import_command(files)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "IMPORT DONE" in proc.stdout
    sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
    import server
    from graph.settings import load_settings
    from graph.stores import open_store
    srv = server.start(data_dir=home)
    try:
        st = open_store(srv.uri, load_settings(srv.uri))
        try:
            assert st.read("MATCH (c:Company) RETURN count(c)").scalar() == 1500
            owns = st.read("MATCH (:Company)-[r:OWNS]->(:Company) RETURN count(r), "
                           "min(r.share), max(r.share)").rows[0]
            assert owns[0] > 0 and 0 < owns[1] <= owns[2] <= 1.0
            got = st.read("MATCH (c:Company)-[:LOCATED_IN]->(r:Region) "
                          "RETURN c.synthetic, size(c.source_ids), r.level LIMIT 1").rows[0]
            assert got[0] is True and got[1] >= 1 and got[2] == "county"
        finally:
            st.close()
    finally:
        srv.stop()
