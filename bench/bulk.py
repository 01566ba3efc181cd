"""The bulk path in `kg bench`: `kg load --bulk` into an empty store, timed like `kg load`.

Embedded: `kg load --bulk` as a child process (its peak RSS is its own), into a new store
directory. Neo4j: the import needs the database directory and a stopped database, so it runs
against a Neo4j test server of its own (even when the bench uses an outside NEO4J_URI): the
conversion, the import files, `neo4j-admin database import full` and the indexes are timed;
stopping and starting the server are not (reported apart as `bulk_restart_s`).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from graph.settings import load_settings
from graph.stores import open_store
from loaders.bulk.load import convert, import_neo4j_offline

ROOT = Path(__file__).resolve().parents[1]
LIB = ROOT / "tests" / "neo4j_server" / "target" / "lib"


def bulk_embedded(files: list[Path], workdir: Path, kg: list[str], peak) -> dict:
    store = workdir / "kg-bulk"
    out, err = workdir / "kg-bulk.out", workdir / "kg-bulk.err"
    t0 = time.perf_counter()
    with out.open("w") as o, err.open("w") as e:
        proc = subprocess.Popen([*kg, "--store", f"embedded:{store}", "load", "--bulk",
                                 *map(str, files)], cwd=ROOT, stdout=o, stderr=e,
                                env={**os.environ, "TQDM_DISABLE": "1"})
        mon = peak(proc.pid)
        mon.start()
        proc.wait()
        rss = mon.stop()
    seconds = time.perf_counter() - t0
    try:
        if proc.returncode:
            raise RuntimeError(f"kg load --bulk failed ({proc.returncode}): "
                               f"{err.read_text()[-2000:]}")
        with open_store(f"embedded:{store}") as st:
            counts = st.counts()
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return {"seconds": seconds, "peak_rss": rss, "counts": counts}


def bulk_neo4j(files: list[Path], workdir: Path, heap: str, pagecache: str,
               after=None) -> dict:
    """`after(store)`, when given, runs on the imported store before it is torn down (untimed);
    its result is returned under "after" (bench/neo4j_scale.py: query latency at 1M)."""
    java = shutil.which("java")
    if not java or not any(LIB.glob("neo4j-import-tool-*.jar")):
        raise RuntimeError("java or the Neo4j test server's jars are missing "
                           "(python tests/neo4j_server/server.py build)")
    sys.path.insert(0, str(ROOT / "tests" / "neo4j_server"))
    import server as neo4j_server
    home = workdir / "neo4j-bulk"
    start = lambda: neo4j_server.start(data_dir=home, heap=heap, pagecache=pagecache,  # noqa
                                       extra_config={"db.logs.query.enabled": "OFF"})
    running = {"srv": start()}
    restart_s = 0.0

    def restart(run):
        nonlocal restart_s
        t = time.perf_counter()
        running["srv"].stop()
        restart_s += time.perf_counter() - t
        run()
        t = time.perf_counter()
        running["srv"] = start()
        restart_s += time.perf_counter() - t
        uri = running["srv"].uri
        return open_store(uri, load_settings(uri))

    try:
        t0 = time.perf_counter()
        conv = convert(files)
        st = import_neo4j_offline(conv, workdir / "neo4j-import", home,
                                  [java, "-cp", f"{LIB}/*", "org.neo4j.cli.AdminTool"], restart)
        try:
            seconds = time.perf_counter() - t0 - restart_s
            counts = st.counts()
            extra = after(st) if after else None
        finally:
            st.close()
    finally:
        running["srv"].stop()
        shutil.rmtree(home, ignore_errors=True)
        shutil.rmtree(workdir / "neo4j-import", ignore_errors=True)
    out = {"seconds": seconds, "restart_s": restart_s, "counts": counts}
    return {**out, "after": extra} if after else out
