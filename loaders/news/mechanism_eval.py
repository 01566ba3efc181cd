"""Precision per mechanism on blind-era output (docs/news-extraction.md, "Thirteenth pass").

    python -m loaders.news.mechanism_eval [--corpus tests/news_corpus] [--json]

For each dev article, the code at the commit when it was still unseen (train_filter.BLIND_CODE)
is run again from git history in a scratch copy, instrumented (``_INSTRUMENTED``: the three
functions of its sentence loop that produce agreements are wrapped, so each agreement says
which one produced it, as ``_src``; the old code itself is not edited). Each agreement is then labelled
with ``mechanisms.label`` (the sentences are today's split of the article, the title the old
code's) and scored with the scorer's ``evaluate.matches``. Prints, per pool (P1: dev..dev4 and
dev-hold; P2: dev5), per mechanism: predicted, right, wrong, gold agreements only it finds, and
the F1 with it switched off or restricted. Splits named test* are never read.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from loaders.news import mechanisms as mech
from loaders.news.evaluate import manifest, matches
from loaders.news.extract import extract
from loaders.news.train_filter import BLIND_CODE, old_agreements

_INSTRUMENTED = """
import json, sys
import loaders.news.extract as X
def tag(fn, how):
    def wrapped(*a, **k):
        out = fn(*a, **k)
        for g in out:
            g.setdefault("_fn", how(g))
        return out
    return wrapped
X.agreements_in = tag(X.agreements_in, lambda g: "coreference" if g.get("party_evidence")
                      else "focus" if g.get("implicit_party") else "clause")
X.settled_in = tag(X.settled_in, lambda g: "settled")
X.ceremony_agreements = tag(X.ceremony_agreements, lambda g: "ceremony")
out = {}
for p in json.load(sys.stdin):
    try:
        r = X.extract_file(p)
        out[p] = {"title": r["source"].get("title"), "agreements": [
            {**{k: a.get(k) for k in ("parties", "evidence", "implicit_party", "party_evidence", "learned")},
             "_src": a.get("_fn")} for a in r["agreements"]]}
    except Exception:
        out[p] = None
print(json.dumps(out, ensure_ascii=False))
"""
POOLS = {"P1": ("dev", "dev-hold", "dev2", "dev3", "dev4"), "P2": ("dev5",)}
VARIANTS = [(m, "off") for m in mech.MECHANISMS] + [("ceremony", "one_company")]


def views(corpus: Path) -> list[dict]:
    """One row per (article, blind-era commit): its gold, the old agreements with their labels."""
    man = manifest(corpus)
    rows, texts = [], {}
    for split, first, last, commit in BLIND_CODE:
        if split.startswith("test"):
            continue
        ids = sorted(i for i, r in man.items() if r["split"] == split and first <= int(i) <= last)
        paths = [str((corpus / f"{i}.txt").resolve()) for i in ids]
        old = old_agreements(commit, paths, script=_INSTRUMENTED, cache_dir="kg_news_mech_views")
        for i, p in zip(ids, paths):
            got = old.get(p)
            if got is None:
                continue
            if i not in texts:
                t: dict = {}
                extract((corpus / f"{i}.txt").read_text(encoding="utf-8"), model=False, trace=t)
                texts[i] = t["sentences"]
            ags = got["agreements"]
            labels = mech.label_all(ags, texts[i], got["title"])
            gold = json.loads((corpus / f"{i}.gold.json").read_text(encoding="utf-8")).get("agreements", [])
            rows.append({"id": i, "split": split, "commit": commit[:7], "gold": gold, "agreements": ags,
                         "labels": labels})
    return rows


def totals(rows: list[dict], keep=None) -> dict:
    """The corpus measure over ``rows`` with only the agreements ``keep(row)`` marks True."""
    t = dict.fromkeys(("gold", "found", "pred", "right"), 0)
    for r in rows:
        k = keep(r) if keep else [True] * len(r["agreements"])
        ags = [a for a, x in zip(r["agreements"], k) if x]
        t["gold"] += len(r["gold"])
        t["found"] += sum(any(matches(g, a) for a in ags) for g in r["gold"])
        t["pred"] += len(ags)
        t["right"] += sum(any(matches(g, a) for g in r["gold"]) for a in ags)
    rec = t["found"] / t["gold"] if t["gold"] else 0.0
    pre = t["right"] / t["pred"] if t["pred"] else 0.0
    return {**t, "recall": round(rec, 3), "precision": round(pre, 3),
            "f1": round(2 * rec * pre / (rec + pre), 3) if rec + pre else 0.0}


def per_mechanism(rows: list[dict]) -> dict[str, dict]:
    """predicted, right, wrong and gold agreements only it finds, per mechanism."""
    out = {m: dict(pred=0, right=0, wrong=0, only=0) for m in mech.MECHANISMS}
    for r in rows:
        for a, lab in zip(r["agreements"], r["labels"]):
            ok = any(matches(g, a) for g in r["gold"])
            out[lab]["pred"] += 1
            out[lab]["right" if ok else "wrong"] += 1
        for g in r["gold"]:
            by = {lab for a, lab in zip(r["agreements"], r["labels"]) if matches(g, a)}
            if len(by) == 1:
                out[next(iter(by))]["only"] += 1
    return out


def variant_keep(m: str, how: str):
    off, restrict = ({m}, {}) if how == "off" else (set(), {m: how})
    return lambda r: mech.decide(r["agreements"], r["labels"], off=off, restrict=restrict)


def report(corpus: Path) -> dict:
    rows = views(corpus)
    out = {}
    for pool, splits in POOLS.items():
        rs = [r for r in rows if r["split"] in splits]
        base = totals(rs)
        out[pool] = {"views": len(rs), "base": base, "mechanisms": per_mechanism(rs),
                     "variants": {f"{m} {how}": totals(rs, variant_keep(m, how)) for m, how in VARIANTS}}
    out["passing"] = [v for v in out["P1"]["variants"]
                      if out["P1"]["variants"][v]["f1"] > out["P1"]["base"]["f1"]
                      and out["P2"]["variants"][v]["f1"] > out["P2"]["base"]["f1"]]
    return out


def _fmt(t: dict) -> str:
    return f"R {t['recall']:.3f} ({t['found']}/{t['gold']}) P {t['precision']:.3f} ({t['right']}/{t['pred']}) F1 {t['f1']:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="tests/news_corpus")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    out = report(Path(args.corpus))
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for pool in POOLS:
        o = out[pool]
        print(f"{pool} ({o['views']} views): {_fmt(o['base'])}")
        for m, c in o["mechanisms"].items():
            print(f"  {m:12} pred {c['pred']:3} right {c['right']:3} wrong {c['wrong']:3} only {c['only']:3}")
        for v, t in o["variants"].items():
            print(f"  {v:22} {_fmt(t)}  ΔF1 {t['f1'] - o['base']['f1']:+.3f}")
    print("passing P1 and P2:", ", ".join(out["passing"]) or "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
