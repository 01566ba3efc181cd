"""Query latency, p50 and p95 over samples drawn from the generated world: search by name and
by pinyin, neighbourhood (depth 2, capped at 50 nodes), paths (up to 4 hops), group tree, and
the lead ranking for a prefecture-level city."""
from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path

from graph.errors import QueryTimeout
from loaders.resolve.enrich import name_id, pinyin_keys
from loaders.resolve.search import search
from loaders.resolve.text import normalize_name
from queries.leads import rank_leads
from queries.library import get_query


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


TIMED_OUT: list[str] = []  # samples that hit the store's time limit, reported beside the table


def _timed(fn, samples: list) -> list[float]:
    """Milliseconds per sample; a sample that hits the time limit counts as the limit."""
    out = []
    try:
        fn(samples[0])  # warm-up (plan caches, page cache), not counted
    except QueryTimeout:
        pass
    for s in samples:
        t0 = time.perf_counter()
        try:
            fn(s)
        except QueryTimeout:
            TIMED_OUT.append(repr(s))
        out.append((time.perf_counter() - t0) * 1000)
    return out


def samples(gen_dir: Path, k: int, seed: int = 1) -> dict:
    """Names, ids, ownership pairs and the busiest signing city, from the generated files."""
    rng = random.Random(seed)
    with (gen_dir / "companies.csv").open(encoding="utf-8") as fh:
        names = [r["name"] for r in csv.DictReader(fh)]
    with (gen_dir / "ownership.csv").open(encoding="utf-8") as fh:
        owns = [(r["shareholder"], r["company"]) for r in csv.DictReader(fh)]
    with (gen_dir / "agreements.csv").open(encoding="utf-8") as fh:
        places = [r["place"] for r in csv.DictReader(fh)]
    picks = rng.sample(names, min(k, len(names)))
    pairs = rng.sample(owns, min(k, len(owns))) if owns else []
    parents: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    for p, c in owns:
        parents.setdefault(c, p)
        children.setdefault(p, []).append(c)
    paths = []
    for p, c in pairs:   # a company to a sister (two hops), else to its grandparent
        sister = next((x for x in children.get(p, []) if x != c), None)
        paths.append((name_id(c), name_id(sister or parents.get(p, p))))
    counts: dict[str, int] = {}
    for pl in places:
        counts[pl] = counts.get(pl, 0) + 1
    ranked = sorted(counts, key=lambda c: -counts[c])
    return {"names": picks, "pinyin": [pinyin_keys(normalize_name(n))[0] for n in picks],
            "ids": [name_id(n) for n in picks], "trees": [c for _, c in pairs],
            "paths": paths, "cities": ranked[:3] or ["徐州市"]}


def measure(store, s: dict, lead_runs: int = 3) -> dict[str, dict]:
    nb, pb, gt = (get_query(n).text for n in ("neighbourhood", "paths_between", "group_tree"))
    run = store.run_readonly
    tests = {
        "search_name": (lambda q: search(store, q, limit=10), s["names"]),
        "search_pinyin": (lambda q: search(store, q, limit=10), s["pinyin"]),
        "neighbourhood_d2": (lambda k: run(nb, {"key": k, "depth": 2, "limit": 50}), s["ids"]),
        "paths_4": (lambda ab: run(pb, {"a": ab[0], "b": ab[1], "limit": 20}), s["paths"]),
        "group_tree": (lambda c: run(gt, {"id": c, "limit": 200}), s["trees"]),
    }
    out = {}
    for name, (fn, xs) in tests.items():
        if xs:
            out[name] = _stats(_timed(fn, xs))
    lead = lambda city: rank_leads(store, city, top=20)  # noqa: E731
    out["lead_city"] = _stats(_timed(lead, (s["cities"] * lead_runs)[:max(lead_runs, 1)]))
    return out


def _stats(ms: list[float]) -> dict:
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2),
            "p95_ms": round(percentile(ms, 95), 2)}
