"""Neo4j at a size `kg bench` cannot reach in one session: the bulk path (conversion,
`neo4j-admin database import`, indexes, derived values) into the test server, then the query
latencies of `kg bench` (bench/latency.py) on the imported graph, in one command:

    python -m bench.neo4j_scale --input G --heap 3g --pagecache 3g --json out.json

G is a folder written by `kg generate` (organizations, companies, ownership, agreements,
visits). Prints the bulk rows/s, each query's p50/p95 in ms and the machine; not a `kg bench`
table (no `kg load`, raw or one-write-per-row rounds).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench import latency
from bench.bulk import bulk_neo4j
from bench.records import ordered
from bench.report import environment
from bench.runner import count_rows


def run(gen: Path, heap: str, pagecache: str, samples: int, lead_runs: int,
        workdir: Path | None = None) -> dict:
    files = ordered(sorted(gen.glob("*.csv")))  # the load order of `kg bench`
    rows = count_rows(files)
    picks = latency.samples(gen, samples)
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        got = bulk_neo4j(files, Path(tmp), heap, pagecache,
                         after=lambda st: latency.measure(st, picks, lead_runs))
    return {"environment": environment(), "when": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                time.gmtime()),
            "input": str(gen), "rows": rows, "bulk_s": round(got["seconds"], 1),
            "bulk_rows_per_s": round(rows / got["seconds"]), "restart_s": round(got["restart_s"], 1),
            "counts": got["counts"], "latency": got["after"], "timed_out": list(latency.TIMED_OUT)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, type=Path, help="a `kg generate` folder")
    ap.add_argument("--heap", default="2g")
    ap.add_argument("--pagecache", default="1g")
    ap.add_argument("--samples", type=int, default=20)
    ap.add_argument("--lead-runs", type=int, default=3)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    out = run(args.input, args.heap, args.pagecache, args.samples, args.lead_runs, args.workdir)
    print(f"{out['rows']} rows, bulk {out['bulk_s']} s ({out['bulk_rows_per_s']} rows/s; "
          f"server restart {out['restart_s']} s apart)")
    for name, st in out["latency"].items():
        print(f"{name}: p50 {st['p50_ms']} ms, p95 {st['p95_ms']} ms (n={st['n']})")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
