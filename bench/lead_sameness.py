"""The rankings docs/leads.md compares before and after an engine change (ids and scores of
both lists, and every reason a strategist reads: text, path, sources, grade, date), written as
JSON, and compared with an earlier file:

    python -m bench.lead_sameness --store embedded:DIR --out after.json --against before.json

Run the same command with the old code (e.g. from `git archive`) to write `before.json`.
"""
from __future__ import annotations

import argparse
import json

from graph.settings import load_settings
from graph.stores import open_store
from queries.leads import engine

# the generated 100k graph's busiest city without and with a focus, another with a focus, and
# a backtest cut-off (docs/leads.md, "Fourth session")
CASES = [("宣城市", {}), ("宣城市", {"industries": ["C32"]}), ("江门市", {"industries": ["C39"]}),
         ("合肥市", {"asof": "2025-06-30"})]


def rankings(store, cases=CASES) -> dict:
    out = {}
    for city, kw in cases:
        rep = engine.rank_leads(store, city, **kw)
        out[f"{city} {json.dumps(kw, ensure_ascii=False)}"] = {
            "leads": [[x.id, x.score] for x in rep.leads],
            "group_leads": [[x.id, x.score] for x in rep.group_leads],
            "reasons": {x.id: [r.to_dict() for r in x.reasons]
                        for x in [*rep.leads, *rep.group_leads]}}
    return out


def differences(before: dict, after: dict) -> list[str]:
    """One line per list whose ids or scores differ (or that only one file has), and one per
    lead whose reasons differ (when both files have them: older files have none)."""
    out = []
    for case in sorted(before.keys() | after.keys()):
        old, new = before.get(case) or {}, after.get(case) or {}
        for name in ("leads", "group_leads"):
            if old.get(name) != new.get(name):
                out.append(f"{case} {name}: {old.get(name)} -> {new.get(name)}")
        if "reasons" in old and "reasons" in new:
            for lead in sorted(old["reasons"].keys() & new["reasons"].keys()):
                if old["reasons"][lead] != new["reasons"][lead]:
                    out.append(f"{case} reasons of {lead}: {old['reasons'][lead]} -> "
                               f"{new['reasons'][lead]}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--against", help="an earlier --out file to compare with")
    args = ap.parse_args(argv)
    store = open_store(args.store, load_settings(args.store))
    try:
        got = rankings(store)
    finally:
        store.close()
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(got, fh, ensure_ascii=False, indent=1)
    if args.against:
        with open(args.against, encoding="utf-8") as fh:
            diff = differences(json.load(fh), got)
        print("\n".join(diff) or f"same ids, scores and reasons in all {2 * len(got)} lists")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
