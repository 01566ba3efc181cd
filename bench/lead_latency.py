"""The lead query's own time on an existing store, warm, in one process (docs/leads.md,
"Third session"; docs/benchmarks.md): open the store (which waits for its indexes), rank the
first city once to warm the server's pages, then rank each city `--runs` times and print each
`elapsed_ms` and the p50 over all.

    python -m bench.lead_latency --store embedded:DIR --cities 宣城市,江门市,遂宁市 --runs 2
"""
from __future__ import annotations

import argparse
import statistics

from graph.settings import load_settings
from graph.stores import open_store
from queries.leads import engine


def measure(store, cities: list[str], runs: int) -> dict:
    """{city: [elapsed_ms, ...]} after one warm-up ranking."""
    engine.rank_leads(store, cities[0])
    return {c: [engine.rank_leads(store, c).elapsed_ms for _ in range(runs)] for c in cities}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--cities", required=True, help="comma-separated region names or codes")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args(argv)
    store = open_store(args.store, load_settings(args.store))
    try:
        got = measure(store, args.cities.split(","), args.runs)
    finally:
        store.close()
    for city, ms in got.items():
        print(f"{city}: {', '.join(str(m) for m in ms)} ms")
    print(f"p50 {statistics.median(m for ms in got.values() for m in ms)} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
