"""`python -m bench.neo4j_scale` (Neo4j figures at a size `kg bench` cannot reach in a session):
the bulk path into a Neo4j test server of its own, then every query latency of `kg bench`."""
from __future__ import annotations

import json

import pytest

from bench.generate import generate, write
from bench.neo4j_scale import main
from bench.report import METRICS


@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.timeout(900)
def test_neo4j_scale_imports_then_measures_every_query(tmp_path, capsys):
    write(generate(300, seed=3), tmp_path / "gen")
    out = tmp_path / "scale.json"
    assert main(["--input", str(tmp_path / "gen"), "--samples", "3", "--lead-runs", "1",
                 "--workdir", str(tmp_path), "--json", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["counts"]["nodes"]["Company"] == 300, data["counts"]
    assert data["bulk_rows_per_s"] > 0 and data["rows"] > 300
    assert set(METRICS) <= set(data["latency"]), data["latency"]
    assert all(v["n"] >= 1 and v["p50_ms"] > 0 for v in data["latency"].values())
    printed = capsys.readouterr().out
    assert f"{data['rows']} rows, bulk" in printed and "search_pinyin: p50" in printed
