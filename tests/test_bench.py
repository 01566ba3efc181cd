"""`kg bench --quick` runs end to end on both stores (10k companies), `kg load --bulk`
included. Its figures are printed, never asserted: only that the run completes, reports every
metric, and the bulk path made the same counts as `kg load`."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from bench.report import METRICS
from cli import main


@pytest.mark.slow
@pytest.mark.neo4j
@pytest.mark.timeout(1800)  # the bulk path adds a Neo4j server of its own, started twice
def test_bench_quick_reports_every_metric(tmp_path, neo4j_uri):
    out = tmp_path / "bench.json"
    env = {"NEO4J_URI": neo4j_uri} if not os.environ.get("NEO4J_URI") else {}
    res = CliRunner(env=env).invoke(main, ["bench", "--quick", "--json", str(out)])
    print(res.output)
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert {r["store"] for r in data["results"]} == {"embedded", "neo4j"}
    for r in data["results"]:
        assert r["rejected"] == 0
        for key in ("load_rows_per_s", "raw_rows_per_s", "ratio_to_raw",
                    "per_row_rows_per_s_extrapolated", "kg_peak_rss_mb", "db_peak_rss_mb",
                    "bulk_rows_per_s"):
            assert r[key] > 0, key
        assert r["bulk_same_counts"] is True, r  # kg load --bulk made the graph kg load made
        assert set(METRICS) <= set(r["latency"]), r["latency"]
    assert "| embedded | 10k |" in res.output and "| neo4j | 10k |" in res.output


def test_records_are_read_whole_in_pages(embedded_dir, monkeypatch, load_generated, tmp_path):
    """bench/records.py reads nodes and relationships in pages of internal ids (one read of
    every company exceeded the server's memory per query at 1M): pages of 7 ids must give
    every record once, as a single read does."""
    from bench import records
    from graph.stores import open_store
    st = open_store(f"embedded:{embedded_dir}")
    try:
        st.setup_schema()
        load_generated(st, tmp_path / "gen", 60, 2)
        whole = {label: rows for label, rows in records.node_rows(st)}
        rels = {k: rows for k, rows in records.rel_rows(st)}
        monkeypatch.setattr(records, "PAGE", 7)
        paged = {label: rows for label, rows in records.node_rows(st)}
        paged_rels = {k: rows for k, rows in records.rel_rows(st)}
        key = lambda r: repr(sorted(r.items()))  # noqa: E731
        for label, rows in whole.items():
            assert sorted(map(key, paged[label])) == sorted(map(key, rows)), label
        for k, rows in rels.items():
            assert sorted(map(key, paged_rels[k])) == sorted(map(key, rows)), k
        counts = st.counts()
        assert {l: len(r) for l, r in paged.items()} == counts["nodes"]
        assert sum(len(r) for r in paged_rels.values()) == sum(counts["relationships"].values())
    finally:
        st.close()
