"""`kg leads-eval`: is the engine any good? Hide agreements (signed after a cut-off date, or a
random share), rank from what is left, and see where the hidden counterparties land.

Metrics over the hidden counterparties (companies party to a hidden agreement in the region that
the visible data does not already exclude): hits@10, hits@50 (share found in the top k) and MRR
(mean of 1/rank over the full candidate ranking; 0 when not a candidate). Baselines rank the
same candidates: random (mean of 20 shuffles), industry-only (the industry-fit signal, ties
shuffled, mean of 20) and most-connected (relationship count, hidden agreements not counted).
"""
from __future__ import annotations

import random
import statistics
from pathlib import Path

from queries.leads import fetch
from queries.leads.engine import Context, parse_weights, rank_candidates

DEGREE = """MATCH (c:Company)-[r]-(x) WHERE c.id IN $ids AND NOT x.id IN $hidden
RETURN c.id AS id, count(r) AS degree"""
TRIALS = 20
TOP = 50  # the engine prepares a list of 50 (its candidate prefetch depends on it): hits@50


def hide(store, region: str, cutoff: str | None = None, share: float | None = None,
         seed: int = 0) -> tuple[list[str], set[str]]:
    """(hidden agreement ids, their company counterparties) for the region."""
    reg = fetch.resolve_region(store, region)
    rows = fetch.agreements(store, reg.scope)
    ids = sorted({r["id"] for r in rows})
    if cutoff:
        hidden = sorted({r["id"] for r in rows if (r["date"] or "") > cutoff})
    else:
        hidden = sorted(random.Random(seed).sample(ids, round(len(ids) * (share or 0.2))))
    parties = {r["party"] for r in rows if r["id"] in hidden and r["label"] == "Company"}
    return hidden, parties


def hide_parties(store, region: str, agreement_ids: set) -> set[str]:
    rows = fetch.agreements(store, fetch.resolve_region(store, region).scope)
    return {r["party"] for r in rows if r["id"] in agreement_ids and r["label"] == "Company"}


def metrics(order: list[str], targets: set[str]) -> dict:
    """hits@10, hits@50 and MRR of `targets` in the ranking `order`.

    >>> metrics(["a", "b", "c"], {"b", "z"})
    {'hits@10': 0.5, 'hits@50': 0.5, 'mrr': 0.25}
    """
    if not targets:
        return {"hits@10": 0.0, "hits@50": 0.0, "mrr": 0.0}
    pos = {c: i + 1 for i, c in enumerate(order)}
    return {k: round(v, 4) for k, v in {
            "hits@10": sum(pos.get(t, 10**9) <= 10 for t in targets) / len(targets),
            "hits@50": sum(pos.get(t, 10**9) <= 50 for t in targets) / len(targets),
            "mrr": sum(1 / pos[t] for t in targets if t in pos) / len(targets)}.items()}


def _mean(results: list[dict]) -> dict:
    return {k: round(statistics.fmean(r[k] for r in results), 4) for k in results[0]}


def _shuffled(items, key, seed):
    rng = random.Random(seed)
    tagged = [(key(c), rng.random(), c) for c in items]
    return [c for _, _, c in sorted(tagged, key=lambda t: (-t[0], t[1]))]


def evaluate(store, region: str, cutoff: str | None = None, share: float | None = None,
             seed: int = 0, weights=None, industries=None, source_regions=None,
             only: set | None = None) -> dict:
    """Figures for the engine and the baselines on one region. With a cut-off the engine
    ranks `asof` it (only facts dated up to that day); `only` limits the targets to the
    counterparties of those agreement ids (the real signings among the hidden agreements)."""
    hidden, parties = hide(store, region, cutoff, share, seed)
    if only is not None:
        parties = {p for p in hide_parties(store, region, set(hidden) & only)}
    ctx = Context.load(store, region, industries or [], source_regions or [],
                       cutoff, hidden, top=TOP)
    targets = parties - ctx.excluded
    cands = ctx.candidates + ctx.group_pool   # the leads, then the group ties outside the focus
    w = parse_weights(weights)
    engine = [r.id for r in rank_candidates(ctx, w) + rank_candidates(ctx, w, pool="group")]
    fit = {c: ctx.signals(c)["industry"] for c in cands}
    deg = {r["id"]: r["degree"] for r in fetch.read_all(store, DEGREE, ids=cands, hidden=hidden)}
    return {"region": ctx.region.name, "hidden_agreements": len(hidden), "targets": len(targets),
            "cutoff": cutoff or "", "candidates": len(cands),
            "targets_in_candidates": len(targets & set(cands)),
            "engine": metrics(engine, targets),
            "random": _mean([metrics(_shuffled(cands, lambda c: 0, s), targets)
                             for s in range(TRIALS)]),
            "industry_only": _mean([metrics(_shuffled(cands, fit.get, s), targets)
                                    for s in range(TRIALS)]),
            "most_connected": metrics(_shuffled(cands, lambda c: deg.get(c, 0), 0), targets)}


def pooled(results: list[dict]) -> dict:
    """Figures averaged over regions, weighted by their number of targets."""
    total = sum(r["targets"] for r in results) or 1
    out = {}
    for method in ("engine", "random", "industry_only", "most_connected"):
        out[method] = {k: round(sum(r[method][k] * r["targets"] for r in results) / total, 4)
                       for k in ("hits@10", "hits@50", "mrr")}
    return out


DEFAULT_CUTOFF = "2022-06-30"


def choose_cutoff(dates: list[str], default: str = DEFAULT_CUTOFF) -> str | None:
    """A region's cut-off: `default` when signings fall on both sides of it, else the day
    before its last signing date (only the latest signings hidden); None with one date.

    >>> choose_cutoff(["2019-07-01", "2023-02-01"])
    '2022-06-30'
    >>> choose_cutoff(["2019-09-21", "2020-02-25", "2021-05"])
    '2020-02-25'
    >>> choose_cutoff(["2020-01-01", "2020-01-01"]) is None
    True
    """
    days = sorted(set(dates))
    if len(days) < 2:
        return None
    if days[0] <= default < days[-1]:
        return default
    return days[-2]


def real(store, rows: list[dict], weights=None, priorities: set | None = None) -> dict:
    """The backtest on real signings (rows from loaders.real_signings.load): per city with
    signings on two or more dates, hide those after its cut-off and rank `asof` it. The
    focus is the city's priorities when the graph has them (`priorities`: city names), else
    the industries of its signings up to the cut-off (what the city was already signing)."""
    by_city: dict[str, list[dict]] = {}
    for r in rows:
        if r["city"]:
            by_city.setdefault(r["city"], []).append(r)
    results, skipped = [], []
    for city, rs in sorted(by_city.items()):
        cut = choose_cutoff([r["date"] for r in rs])
        if cut is None:
            skipped.append(city)
            continue
        seen = [c for r in rs if r["date"] <= cut for c in r["industry_codes"]]
        own = city in (priorities or set())
        focus = None if own else list(dict.fromkeys(seen))
        later = {r["agreement"] for r in rs if r["date"] > cut}
        res = evaluate(store, city, cut, None, 0, weights, focus, None, only=later)
        res["focus"] = "重点产业" if own else "已签约行业" if focus else "无（已签约行业未识别）"
        results.append(res)
    return {"regions": results, "skipped": skipped, "pooled": pooled(results)}


METHODS = {"engine": "engine", "random": "random", "industry_only": "industry-only",
           "most_connected": "most-connected"}


def markdown(result: dict, counts: dict | None = None) -> str:
    """The figures as the Markdown docs/leads.md carries (and `kg leads-eval --real` prints)."""
    lines = []
    if counts:
        lines += [f"Signings: {counts['signings']} rows, {counts['dated']} dated and loaded, "
                  f"{counts['undated']} undated (not loaded); {counts['groups']} companies "
                  f"(groups): {counts['matched_groups']} found in the demo graph, "
                  f"{counts['added_companies']} added to the scratch copy; "
                  f"{counts['unplaced']} signings whose region the graph lacks.", ""]
    regs = result["regions"]
    lines += [f"Regions evaluated: {len(regs)} (skipped, signings on one date only: "
              f"{len(result['skipped'])}); hidden counterparties (targets): "
              f"{sum(r['targets'] for r in regs)}, of which among the engine's candidates: "
              f"{sum(r['targets_in_candidates'] for r in regs)}.", "",
              "| method | hits@10 | hits@50 | MRR |", "|---|---|---|---|"]
    for m, v in result["pooled"].items():
        lines.append(f"| {METHODS.get(m, m)} | {v['hits@10']:.3f} | {v['hits@50']:.3f} | "
                     f"{v['mrr']:.3f} |")
    lines += ["", "| region | cut-off | focus | targets | in candidates | candidates | "
              "engine hits@10 / hits@50 / MRR |", "|---|---|---|---|---|---|---|"]
    for r in regs:
        e = r["engine"]
        lines.append(f"| {r['region']} | {r['cutoff']} | {r.get('focus', '')} | {r['targets']} | "
                     f"{r['targets_in_candidates']} | {r['candidates']} | "
                     f"{e['hits@10']:.3f} / {e['hits@50']:.3f} / {e['mrr']:.3f} |")
    return "\n".join(lines)


START, END = "<!-- real-backtest:start -->", "<!-- real-backtest:end -->"


def write_docs(path, text: str) -> None:
    """Replace the text between the markers in `path` (the markers are added when absent)."""
    p = Path(path)
    doc = p.read_text(encoding="utf-8") if p.exists() else ""
    block = f"{START}\n{text}\n{END}"
    if START in doc and END in doc:
        doc = doc[:doc.index(START)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    p.write_text(doc, encoding="utf-8")


def docs_block(path) -> str:
    """The text between the markers in `path` ('' when absent)."""
    doc = Path(path).read_text(encoding="utf-8")
    return doc[doc.index(START) + len(START):doc.index(END)].strip() if START in doc else ""
