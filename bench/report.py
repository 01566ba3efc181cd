"""The machine, the versions, and the results table in Markdown (docs/benchmarks.md)."""
from __future__ import annotations

import datetime as dt
import platform
import re
from importlib import metadata
from pathlib import Path

from graph.stores import open_store

TARGETS = {"embedded": 50_000, "neo4j": 20_000}
METRICS = ("search_name", "search_pinyin", "neighbourhood_d2", "paths_4", "group_tree",
           "lead_city")
LAT_TARGET = {"search_name": 50, "search_pinyin": 50, "neighbourhood_d2": 50, "lead_city": 500}


def _cpu() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
        return re.search(r"model name\s*:\s*(.*)", text).group(1).strip()
    except (OSError, AttributeError):
        return platform.processor() or "?"


def _ram_gb() -> float:
    import psutil
    return round(psutil.virtual_memory().total / 2**30, 1)


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "-"


def _falkordb_module() -> str:
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        st = open_store(f"embedded:{d}/kg")
        try:
            mods = st.db.connection.execute_command("MODULE", "LIST")
            for m in mods:
                m = {k.decode() if isinstance(k, bytes) else k: v for k, v in
                     zip(m[::2], m[1::2])}
                name = m.get("name")
                name = name.decode() if isinstance(name, bytes) else name
                if name and name.lower() == "graph":
                    v = int(m.get("ver"))
                    return f"{v // 10000}.{v // 100 % 100}.{v % 100}"
        finally:
            st.close()
    return "?"


def environment() -> dict:
    import os
    try:
        fm = _falkordb_module()
    except Exception:  # noqa: BLE001
        fm = "?"
    try:
        import sys
        from pathlib import Path as P
        sys.path.insert(0, str(P(__file__).resolve().parents[1] / "tests" / "neo4j_server"))
        import server
        neo = server.neo4j_version()
    except Exception:  # noqa: BLE001
        neo = "?"
    return {"date": dt.date.today().isoformat(), "cpu": _cpu(), "cores": os.cpu_count(),
            "ram_gb": _ram_gb(), "python": platform.python_version(),
            "falkordblite": _version("falkordblite"), "falkordb_module": fm,
            "falkordb_py": _version("FalkorDB"), "neo4j_server": neo,
            "neo4j_driver": _version("neo4j"), "os": platform.platform()}


def _n(n: int) -> str:
    return f"{n // 1_000_000}M" if n >= 1_000_000 and n % 1_000_000 == 0 else \
        f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _bulk_cell(r: dict) -> str:
    if "bulk_rows_per_s" not in r:
        return "-"
    restart = f" (+{r['bulk_restart_s']} s restart)" if r.get("bulk_restart_s") else ""
    return f"{r['bulk_rows_per_s']:,}{restart}" + ("" if r.get("bulk_same_counts") else " ✗")


def markdown(results: dict) -> str:
    env = results["environment"]
    lines = [f"Machine: {env['cpu']}, {env['cores']} cores, {env['ram_gb']} GB RAM; "
             f"{env['os']}. Date {env['date']}. Python {env['python']}, falkordblite "
             f"{env['falkordblite']} (FalkorDB module {env['falkordb_module']}, falkordb-py "
             f"{env['falkordb_py']}), Neo4j {env['neo4j_server']} Community (test server, "
             f"driver {env['neo4j_driver']}).", ""]
    head = ["store", "companies", "input rows", "kg load s", "rows/s (target)",
            "kg load --bulk rows/s (50,000) ‡", "raw CREATE rows/s", "kg / raw (≤1.5)",
            "one-write-per-row rows/s †",
            "kg peak MB (<2048)", "DB peak MB"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results["results"]:
        lines.append("| " + " | ".join(str(x) for x in [
            r["store"], _n(r["companies"]), r["rows"], r["load_s"],
            f"{r['load_rows_per_s']:,} ({TARGETS[r['store']]:,})", _bulk_cell(r),
            f"{r['raw_rows_per_s']:,}",
            r["ratio_to_raw"], f"{r['per_row_rows_per_s_extrapolated']:,}",
            r["kg_peak_rss_mb"], r["db_peak_rss_mb"]]) + " |")
    lines += ["", "† measured on the first "
              f"{results['results'][0]['per_row_measured']['records'] if results['results'] else 0}"
              " records, extrapolated to all records (marked: not a full run).",
              "‡ one run into an empty store (docs/loading.md); Neo4j: conversion, import files, "
              "neo4j-admin import and indexes, without stopping and restarting the server "
              "(in brackets); ✗: not the same counts per label and type as kg load.", ""]
    head = ["store", "companies"] + [f"{m} p50 / p95 ms" + (f" (p50 <{LAT_TARGET[m]})"
                                                           if m in LAT_TARGET else "")
                                     for m in METRICS]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results["results"]:
        lat = r.get("latency") or {}
        cells = [f"{lat[m]['p50_ms']} / {lat[m]['p95_ms']}" if m in lat else "-"
                 for m in METRICS]
        lines.append("| " + " | ".join([r["store"], _n(r["companies"])] + cells) + " |")
    return "\n".join(lines) + "\n"
