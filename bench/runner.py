"""`kg bench`: generate, load end to end, compare with raw baselines, time queries, and measure
peak memory, on fresh stores of both kinds. Results go to docs/benchmarks.md (report.py).

Each load runs `kg load` as a child process (its peak RSS is its own VmHWM, sampled from /proc); the database
server's RSS is sampled every 0.2 s (the embedded redis-server's pid is in
`<store dir>/server.json`, the Neo4j JVM's is the test server's).
"""
from __future__ import annotations

import json
import re
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench import baseline, latency
from bench.bulk import bulk_embedded, bulk_neo4j
from bench.generate import generate, write
from bench.records import collect, ordered, record_keys
from bench.report import environment
from graph.settings import load_settings
from graph.stores import open_store
from loaders.reference.load import load_reference

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-c", "from cli import main; main()"]


class PeakRSS(threading.Thread):
    """Samples a process's resident memory; `.peak` in bytes."""

    def __init__(self, pid: int | None, every: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self._halt = pid, every, 0, threading.Event()

    def run(self):
        import psutil
        if not self.pid:
            return
        try:
            proc = psutil.Process(self.pid)
            while not self._halt.is_set():
                self.peak = max(self.peak, proc.memory_info().rss, _hwm(self.pid))
                self._halt.wait(self.every)
        except Exception:  # noqa: BLE001 - the process ended
            pass

    def stop(self) -> int:
        self._halt.set()
        self.join(2)
        return self.peak


def _hwm(pid: int) -> int:
    """The kernel's high-water mark of a process's resident memory (VmHWM), in bytes: exact
    between samples. 0 where /proc has no such line."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# ------------------------------------------------------------------------------ stores

class Target:
    """A fresh, empty store of one kind, reopened between runs."""

    def __init__(self, kind: str, workdir: Path, neo4j_heap: str = "2g",
                 neo4j_pagecache: str = "1g"):
        self.kind, self.workdir = kind, workdir
        self.server = None
        self.heap, self.pagecache = neo4j_heap, neo4j_pagecache
        self._n = 0

    def __enter__(self):
        if self.kind == "neo4j":
            if os.environ.get("NEO4J_URI"):
                self.uri = os.environ["NEO4J_URI"]
            else:
                sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
                import server as neo4j_server
                self.server = neo4j_server.start(
                    data_dir=self.workdir / "neo4j", heap=self.heap, pagecache=self.pagecache,
                    extra_config={"db.logs.query.enabled": "OFF"})
                self.uri = self.server.uri
        return self

    def __exit__(self, *exc):
        if self.server:
            self.server.stop()

    @contextmanager
    def fresh(self):
        """An open, empty store with schema and reference data; yields (store, uri, db pid)."""
        self._n += 1
        if self.kind == "embedded":
            uri = f"embedded:{self.workdir / f'kg{self._n}'}"
        else:
            uri = self.uri
        st = open_store(uri, load_settings(uri))
        try:
            if self.kind == "neo4j":
                st.clear()
            st.setup_schema()
            load_reference(st)
            pid = self.server.pid if self.server else _listener_pid(uri)
            if self.kind == "embedded":
                pid = json.loads((Path(uri[9:]) / "server.json").read_text())["pid"]
            yield st, uri, pid
        finally:
            st.close()
            if self.kind == "embedded":
                shutil.rmtree(uri[9:], ignore_errors=True)


def _listener_pid(uri: str) -> int | None:
    """The pid of the process listening on a bolt URI's port (an outside Neo4j server)."""
    import psutil
    from urllib.parse import urlparse
    port = urlparse(uri).port or 7687
    try:
        for c in psutil.net_connections(kind="tcp"):
            if c.laddr and c.laddr.port == port and c.status == psutil.CONN_LISTEN and c.pid:
                return c.pid
    except (psutil.AccessDenied, OSError):
        pass
    return None


def kg_load(uri: str, files: list[Path], logdir: Path) -> dict:
    """Run `kg load` as a child process: wall seconds and its own peak RSS.

    The peak is the child's VmHWM, sampled every 0.2 s. Not `ru_maxrss` from `wait4`: Linux
    carries the memory of the forking parent into a child's `ru_maxrss` across exec, and the
    bench process holds every record for the raw baseline (2.5 GB at one million companies),
    so `wait4` reported the bench's size, not kg's (the 1M figure of the first report)."""
    out, err = logdir / "kg-load.out", logdir / "kg-load.err"
    t0 = time.perf_counter()
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen([*KG, "--store", uri, "load", *map(str, files)], cwd=ROOT,
                                stdout=o, stderr=e, env={**os.environ, "TQDM_DISABLE": "1"})
        mon = PeakRSS(proc.pid)
        mon.start()
        proc.wait()
        peak = mon.stop()
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"kg load failed ({proc.returncode}): {err.read_text()[-2000:]}")
    text = out.read_text()
    rejected = sum(int(m) for m in re.findall(r"rejected (\d+)", text))
    return {"seconds": seconds, "peak_rss": peak, "rejected": rejected}


# ------------------------------------------------------------------------------- bench

def _bulk(measure, rows: int, res: dict, log) -> dict:
    """One `kg load --bulk` run (bench/bulk.py): seconds, rows/s, and whether it made the
    same counts per label and type as `kg load` (the audit trail aside)."""
    kind, n = res["store"], res["companies"]
    out = measure()
    strip = lambda c: {k: {x: v for x, v in c[k].items() if x != "AuditEntry"}  # noqa: E731
                       for k in ("nodes", "relationships")}
    same = strip(out["counts"]) == strip(res["counts"])
    log(f"  [{kind} {n}] kg load --bulk: {out['seconds']:.1f} s "
        f"({rows / out['seconds']:.0f} rows/s), same counts as kg load: {same}")
    return {"bulk_s": round(out["seconds"], 2), "bulk_rows_per_s": round(rows / out["seconds"]),
            "bulk_same_counts": same,
            "bulk_restart_s": round(out.get("restart_s", 0.0), 1),
            **({"bulk_peak_rss_mb": round(out["peak_rss"] / 2**20)} if "peak_rss" in out
               else {})}



def generate_files(n: int, out: Path, seed: int = 0) -> tuple[list[Path], dict]:
    world = generate(n, seed)
    paths = write(world, out)
    shape = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return ordered(list(paths.values())), shape


def count_rows(files: list[Path]) -> int:
    total = 0
    for f in files:
        with f.open(encoding="utf-8") as fh:
            total += sum(1 for _ in fh) - 1
    return total


def bench_size(kind: str, n: int, files: list[Path], workdir: Path, runs: int,
               per_row_limit: int, lead_runs: int, samples: int, log=print,
               neo4j_memory: tuple[str, str] = ("2g", "1g")) -> dict:
    """One size on one store; the raw baselines send the records of a scratch load."""
    with collect([]) as (ref, _):
        skip = record_keys(ref)          # reference data: loaded by every run, not counted
    with collect(files) as (rec, _):
        return _bench_size(kind, n, files, workdir, runs, per_row_limit, lead_runs, samples,
                           log, neo4j_memory, rec, skip)


def _bench_size(kind, n, files, workdir, runs, per_row_limit, lead_runs, samples, log,
                neo4j_memory, rec, skip) -> dict:
    rows = count_rows(files)
    skip_nodes, skip_rels = skip
    records = sum(len(k) for k in record_keys(rec)) - len(skip_nodes) - len(skip_rels)
    res: dict = {"store": kind, "companies": n, "rows": rows, "records": records}
    with Target(kind, workdir, *neo4j_memory) as target:
        loads, kg_peaks, db_peaks, lat = [], [], [], None
        for r in range(runs):
            with target.fresh() as (st, uri, pid):
                mon = PeakRSS(pid)
                mon.start()
                out = kg_load(uri, files, workdir)
                loads.append(out["seconds"])
                kg_peaks.append(out["peak_rss"])
                res["rejected"] = out["rejected"]
                log(f"  [{kind} {n}] kg load run {r + 1}: {out['seconds']:.1f} s "
                    f"({rows / out['seconds']:.0f} rows/s)")
                if r == runs - 1:
                    lat = latency.measure(st, latency.samples(files[0].parent, samples),
                                          lead_runs)
                    log(f"  [{kind} {n}] latency: {lat}")
                    res["counts"] = st.counts()
                db_peaks.append(mon.stop())
        if kind == "embedded":
            bulk = _bulk(lambda: bulk_embedded(files, workdir, KG, PeakRSS), rows, res, log)
        raws = []
        for r in range(runs):
            with target.fresh() as (st, uri, pid):
                raw = baseline.raw_create(st, rec, skip_nodes, skip_rels)
                raws.append(raw["seconds"])
                log(f"  [{kind} {n}] raw UNWIND CREATE run {r + 1}: {raw['seconds']:.1f} s")
        with target.fresh() as (st, uri, pid):
            one = baseline.per_row(st, rec, skip_nodes, skip_rels, per_row_limit)
            log(f"  [{kind} {n}] one write per row: {one['records']} in {one['seconds']:.1f} s")
    if kind == "neo4j":  # after the bench's own server stopped: one JVM at a time
        bulk = _bulk(lambda: bulk_neo4j(files, workdir, *neo4j_memory), rows, res, log)
    res.update(bulk)
    load_s, raw_s = statistics.median(loads), statistics.median(raws)
    per_row_s = one["seconds"] / max(one["records"], 1) * one["total_records"]
    res.update({
        "runs": runs, "load_s": round(load_s, 2), "load_rows_per_s": round(rows / load_s),
        "load_s_all": [round(x, 2) for x in loads],
        "raw_s": round(raw_s, 2), "raw_rows_per_s": round(rows / raw_s),
        "ratio_to_raw": round(load_s / raw_s, 2),
        "per_row_measured": {"records": one["records"], "seconds": round(one["seconds"], 2)},
        "per_row_s_extrapolated": round(per_row_s, 1),
        "per_row_rows_per_s_extrapolated": round(rows / per_row_s),
        "speedup_vs_per_row": round(per_row_s / load_s, 1),
        "latency": lat, "kg_peak_rss_mb": round(max(kg_peaks) / 2**20),
        "db_peak_rss_mb": round(max(db_peaks) / 2**20),
    })
    return res


def run(sizes: list[int], stores: list[str], runs: int, seed: int = 0, *, workdir=None,
        per_row_limit: int = 10_000, lead_runs: int = 5, samples: int = 30, log=print,
        keep: bool = False, neo4j_memory: tuple[str, str] = ("2g", "1g")) -> dict:
    base = Path(workdir or tempfile.mkdtemp(prefix="kg-bench-"))
    results = {"environment": {**environment(), "neo4j_heap_pagecache": list(neo4j_memory)},
               "results": []}
    try:
        for n in sizes:
            gen = base / f"gen-{n}"
            t0 = time.perf_counter()
            files, shape = generate_files(n, gen, seed)
            log(f"generated {n} companies in {time.perf_counter() - t0:.1f} s: {gen}")
            results.setdefault("shapes", {})[n] = shape
            for kind in stores:
                wd = base / f"{kind}-{n}"
                wd.mkdir(parents=True, exist_ok=True)
                results["results"].append(bench_size(kind, n, files, wd, runs, per_row_limit,
                                                     lead_runs, samples, log, neo4j_memory))
                shutil.rmtree(wd, ignore_errors=True)
    finally:
        if not keep and workdir is None:
            shutil.rmtree(base, ignore_errors=True)
    return results
