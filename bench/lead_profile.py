"""Where one ranking's time goes, statement by statement (docs/benchmarks.md, "fifth session:
where the 1M ranking's time goes"): open the store, rank the city once to warm up, rank it
again with every `store.read` timed (the database's work and the parsing of its answer), and
print the total, the reads' share, the rest (the engine's Python) and the statements by time.

    python -m bench.lead_profile --store embedded:DIR --city 宣城市 [--statements 14] [--kept]
        [--industries C32]
"""
from __future__ import annotations

import argparse
import time

from bench.statements import timed
from graph.settings import load_settings
from graph.stores import open_store
from queries.leads import engine, region_facts


def profile(store, city: str, kept: bool = False,
            industries: list[str] | None = None) -> tuple[float, dict]:
    """(seconds of the second ranking, {statement: [seconds, calls, rows]}). The region's facts
    the first ranking read are forgotten first (queries/leads/region_facts.py), unless `kept`:
    then the second ranking is a later ranking of the same region, reading what the question
    adds. `industries`: the focus of both rankings (default none)."""
    engine.rank_leads(store, city, industries)
    if not kept:
        region_facts.forget()
    with timed(store) as spent:
        start = time.perf_counter()
        engine.rank_leads(store, city, industries)
        return time.perf_counter() - start, dict(spent)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--city", required=True, help="a region name or code")
    ap.add_argument("--statements", type=int, default=14, help="how many statements to print")
    ap.add_argument("--kept", action="store_true",
                    help="keep the region's facts the warm-up read (a later ranking of the region)")
    ap.add_argument("--industries", help="comma-separated focus industries (default: none)")
    args = ap.parse_args(argv)
    focus = args.industries.split(",") if args.industries else None
    store = open_store(args.store, load_settings(args.store))
    try:
        total, spent = profile(store, args.city, args.kept, focus)
    finally:
        store.close()
    reads = sum(s for s, _, _ in spent.values())
    print(f"total {total:.2f} s, reads {reads:.2f} s, other {total - reads:.2f} s")
    for query, (s, calls, rows) in sorted(spent.items(), key=lambda kv: -kv[1][0])[:args.statements]:
        print(f"{s:7.2f} s {calls:3d} x {rows:8d} rows  {query[:100]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
