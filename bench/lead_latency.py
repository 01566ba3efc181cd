"""The lead query's own time on an existing store, warm, in one process (docs/leads.md,
"Third session"; docs/benchmarks.md): open the store (which waits for its indexes), rank the
first city once to warm the server's pages, then rank each city `--runs` times and print each
`elapsed_ms` and the p50 over all. With `--pairs N` (docs/leads.md, "Seventh session"): for
the first city, N pairs of a ranking with the region's facts read afresh (the memo emptied,
queries/leads/region_facts.py) and one with them kept, each pair's times and both p50s.

    python -m bench.lead_latency --store embedded:DIR --cities 宣城市,江门市,遂宁市 --runs 2
    python -m bench.lead_latency --store embedded:DIR --cities 宣城市 --industries C32 --pairs 3
"""
from __future__ import annotations

import argparse
import statistics

from graph.settings import load_settings
from graph.stores import open_store
from queries.leads import engine, region_facts


def measure(store, cities: list[str], runs: int, industries: list[str] | None = None) -> dict:
    """{city: [elapsed_ms, ...]} after one warm-up ranking."""
    engine.rank_leads(store, cities[0], industries)
    return {c: [engine.rank_leads(store, c, industries).elapsed_ms for _ in range(runs)]
            for c in cities}


def pairs(store, city: str, industries: list[str] | None, n: int) -> list[tuple[int, int]]:
    """[(ms read afresh, ms kept), ...] after one warm-up ranking of `city`."""
    engine.rank_leads(store, city, industries)
    out = []
    for _ in range(n):
        region_facts.forget()
        afresh = engine.rank_leads(store, city, industries).elapsed_ms
        out.append((afresh, engine.rank_leads(store, city, industries).elapsed_ms))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--cities", required=True, help="comma-separated region names or codes")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--industries", help="comma-separated focus industries (default: none)")
    ap.add_argument("--pairs", type=int, default=0,
                    help="instead: this many pairs read afresh / kept, for the first city")
    args = ap.parse_args(argv)
    focus = args.industries.split(",") if args.industries else None
    store = open_store(args.store, load_settings(args.store))
    try:
        if args.pairs:
            if store.write_token() is None:  # a store last written before the token: give it one
                store.write("RETURN 1")
            got_pairs = pairs(store, args.cities.split(",")[0], focus, args.pairs)
        else:
            got = measure(store, args.cities.split(","), args.runs, focus)
    finally:
        store.close()
    if args.pairs:
        for afresh, kept in got_pairs:
            print(f"read afresh {afresh} ms, kept {kept} ms")
        print(f"p50 afresh {statistics.median(a for a, _ in got_pairs)} ms, "
              f"kept {statistics.median(k for _, k in got_pairs)} ms")
        return 0
    for city, ms in got.items():
        print(f"{city}: {', '.join(str(m) for m in ms)} ms")
    print(f"p50 {statistics.median(m for ms in got.values() for m in ms)} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
