"""An incremental `kg load` into a store that already holds a graph, timed without the store's
start-up (docs/benchmarks.md, "fifth session: an incremental load at 1M"): open the store (which
waits for its indexes), then load the files in one `derive_once` block as `kg load` does
(validation, resolution against what the store holds, the unchanged check, the writes, then the
lead engine's derived values refreshed for what was written) and print the input rows, the
seconds of the loads and of the refresh, and rows per second. The audit record `kg load` adds
per file is left out (one small write each).

    python -m bench.incremental --store embedded:DIR organizations.csv companies.csv ownership.csv agreements.csv visits.csv

`--statements N` also times every `store.read`/`store.write` (as bench/lead_profile.py does)
and prints the N statements that took longest, and on the embedded store the CPU seconds of its
server and of this process during the loads (docs/benchmarks.md, "sixth session": on a shared
machine the server's CPU time separates two versions where the wall time does not). A
statement's time includes waits for the converting thread (the loaders overlap the two).
"""
from __future__ import annotations

import argparse
import os
import time
from contextlib import nullcontext
from pathlib import Path

from bench.records import ordered
from bench.statements import timed
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


def server_cpu(store) -> float | None:
    """CPU seconds the embedded store's server has used (None for another store)."""
    server = getattr(store, "server", None)
    try:
        pid = (server.dir / "server.pid").read_text().strip()
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except (AttributeError, OSError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--statements", type=int, default=0,
                    help="time every statement and print the N longest (0: none)")
    ap.add_argument("files", nargs="+", type=Path)
    args = ap.parse_args(argv)
    store = open_store(args.store, load_settings(args.store))
    try:
        with (timed(store, ("read", "write"), rows=False) if args.statements
              else nullcontext({})) as spent:
            load_before = os.getloadavg()[0]
            cpu = server_cpu(store), time.process_time()
            r = measure(store, ordered(args.files))
            cpu = (None if cpu[0] is None else server_cpu(store) - cpu[0]), time.process_time() - cpu[1]
    finally:
        store.close()
    print(f"{r['rows']} rows: loads {r['load_s']:.1f} s, refresh {r['refresh_s']:.1f} s, "
          f"total {r['total_s']:.1f} s = {r['rows'] / r['total_s']:,.0f} rows/s "
          f"(load average {load_before:.1f} -> {os.getloadavg()[0]:.1f})")
    if args.statements:
        server = "" if cpu[0] is None else f"server {cpu[0]:.1f} s, "
        print(f"statements {sum(s for s, _, _ in spent.values()):.2f} s; CPU: {server}"
              f"this process {cpu[1]:.1f} s")
        for query, (s, calls, _) in sorted(spent.items(), key=lambda kv: -kv[1][0])[:args.statements]:
            print(f"{s:7.2f} s {calls:4d} x  {query[:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
