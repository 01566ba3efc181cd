"""`kg demo` on a fresh clone: a copy of the repository with no ../shared beside it gives a
graph that ships whole (the curated companies, each with its source)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from graph.stores import open_store
from queries.leads.engine import rank_leads

REPO = Path(__file__).resolve().parents[1]
MUNICIPAL = ["110000", "120000", "310000", "500000", "810000", "820000"]


def _copy_repo(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO,
                           capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        src = REPO / rel
        if src.is_file() and not rel.startswith("tests/neo4j_server"):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def test_demo_ships_whole_on_a_fresh_clone(tmp_path):
    clone = _copy_repo(tmp_path / "clone" / "repo")  # no ../shared beside it
    assert not (clone.parent / "shared").exists()
    store_dir = tmp_path / "kg"
    env = {**os.environ, "KG_SHARED_DATA": str(tmp_path / "missing"), "PYTHONPATH": str(clone),
           "KG_STORE": f"embedded:{store_dir}"}
    env.pop("NEO4J_URI", None)
    run = subprocess.run([sys.executable, "-c", "from cli import main; main()", "demo"],
                         cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "shared" not in run.stderr
    st = open_store(f"embedded:{store_dir}")
    try:
        city = st.read("MATCH (c:Company)-[:LOCATED_IN]->(g:Region) WHERE NOT g.code ENDS WITH "
                       "'0000' OR g.code IN $m RETURN count(DISTINCT c)", {"m": MUNICIPAL}).scalar()
        assert city >= 300
        unsourced = st.read("MATCH (c:Company) WHERE c.source_ids IS NULL OR "
                            "size(c.source_ids) = 0 RETURN count(c)").scalar()
        assert unsourced == 0
        # each curated fact points at its own public document, described from sources.csv
        docs = st.read("MATCH (c:Company {name: '宁德时代新能源科技股份有限公司'}) "
                       "UNWIND c.source_ids AS sid MATCH (s:Source {id: sid}) "
                       "RETURN s.kind, s.uri").rows
        assert docs and all(uri and uri.startswith("http") for _, uri in docs)
        assert st.read("MATCH (c:Company) RETURN count(c)").scalar() >= 380
        chain = st.read("MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBCLASS_OF*0..3]->"
                        "(seg:Industry) WHERE seg.scheme STARTS WITH 'chain:' AND "
                        "(c)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {code: '320300'})"
                        " RETURN count(DISTINCT seg)").scalar()
        assert chain >= 5  # covered segments on the chain page
        ne = [lead.id for lead in rank_leads(st, "徐州市", ["新能源"], top=20).leads]
        ict = [lead.id for lead in rank_leads(st, "徐州市", ["集成电路与ICT"], top=20).leads]
        assert ne and ict and ne != ict
    finally:
        st.close()
