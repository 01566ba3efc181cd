"""CPU time of reading one FalkorDB reply two ways (docs/benchmarks.md, "sixth session: 1M on the
embedded store", "Reading results"): falkordb-py's parsing plus graph.embedded._value, against
graph.falkor_result.rows, on the same reply of `--rows` companies × 7 columns, alternated,
`--repeat` reads each, the mean printed per round.

    python -m bench.result_reading --store embedded:DIR [--rows 20000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import time

from falkordb.query_result import QueryResult as FalkorResult

from graph import falkor_result
from graph.embedded import _value
from graph.settings import load_settings
from graph.stores import open_store

QUERY = ("MATCH (c:Company) RETURN c.id AS id, c.name AS name, c.reg_capital_cny AS capital, "
         "c.listed AS listed, coalesce(c.industry_codes, []) AS industries, "
         "coalesce(c.region_codes, []) AS regions, c.activity_count AS n LIMIT $k")


def compare(store, rows: int, repeat: int, rounds: int = 2) -> list[tuple[str, float]]:
    """[(way, ms of CPU per read)] for each round, both ways alternated; the two ways' rows are
    checked equal first."""
    raw = store.graph.execute_command("GRAPH.RO_QUERY", store.graph.name,
                                      f"CYPHER k={int(rows)} " + QUERY, "--compact")

    def slow():
        return [[_value(v) for v in row] for row in FalkorResult(store.graph, raw).result_set]

    def fast():
        return falkor_result.rows(raw)[1]

    assert slow() == fast(), "the two ways read different rows"
    out = []
    for _ in range(rounds):
        for name, read in (("falkordb-py + _value", slow), ("falkor_result.rows", fast)):
            start = time.process_time()
            for _ in range(repeat):
                read()
            out.append((name, (time.process_time() - start) / repeat * 1000))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    store = open_store(args.store, load_settings(args.store))
    try:
        for name, ms in compare(store, args.rows, args.repeat):
            print(f"{name}: {ms:.1f} ms CPU per read of up to {args.rows} rows x 7 columns")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
