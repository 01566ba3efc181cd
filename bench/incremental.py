"""An incremental `kg load` into a store that already holds a graph, timed without the store's
start-up (docs/benchmarks.md, "fifth session: an incremental load at 1M"): open the store (which
waits for its indexes), then load the files in one `derive_once` block as `kg load` does
(validation, resolution against what the store holds, the unchanged check, the writes, then the
lead engine's derived values refreshed for what was written) and print the input rows, the
seconds of the loads and of the refresh, and rows per second. The audit record `kg load` adds
per file is left out (one small write each).

    python -m bench.incremental --store embedded:DIR organizations.csv companies.csv ownership.csv agreements.csv visits.csv
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.records import ordered
from bench.runner import count_rows
from graph.settings import load_settings
from graph.stores import open_store
from loaders.load import derive_once, load_path


def measure(store, files: list[Path]) -> dict:
    """Seconds of the loads and of the final refresh, and the input rows."""
    start = time.perf_counter()
    with derive_once(store):
        for i, path in enumerate(files):
            load_path(store, path, setup=i == 0)
        loaded = time.perf_counter()
    done = time.perf_counter()
    return {"rows": count_rows(files), "load_s": loaded - start, "refresh_s": done - loaded,
            "total_s": done - start}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    store = open_store(args.store, load_settings(args.store))
    try:
        load_before = os.getloadavg()[0]
        r = measure(store, ordered(args.files))
    finally:
        store.close()
    print(f"{r['rows']} rows: loads {r['load_s']:.1f} s, refresh {r['refresh_s']:.1f} s, "
          f"total {r['total_s']:.1f} s = {r['rows'] / r['total_s']:,.0f} rows/s "
          f"(load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
