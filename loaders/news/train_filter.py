"""Train the learned agreement filter (agreement_filter.py) and decide whether it is used.

    python -m loaders.news.train_filter [--corpus tests/news_corpus] [--check]
        [--splits dev,dev2,dev3,dev4,dev5] [--extra dev-hold]

The rules run alone on every article of the splits (``extract(model=False)``); each agreement
they output is a candidate, labelled 1 when it matches a gold agreement under the scorer's own
``matches`` (evaluate.py). A logistic regression (train_models.fit: standardised features, L2,
Newton's method) gives each candidate a probability; candidates below the threshold are dropped.
L2 and the threshold are chosen by leave-one-article-out cross-validation *inside the training
articles* (agreement F1 of the corpus measure), never on the split being scored.

The protocol (docs/news-extraction.md, "Eleventh pass"):

* **forward**: fitted on every split but the last of ``--splits`` (the newest, collected
  blind) plus ``--extra``, scored on the last: rules alone vs rules + filter.
* **leave-one-split-out**: for each split of ``--splits``, fitted on the others plus
  ``--extra``, scored on it.
* the filter is used (``"use": true``) only when it raises agreement F1 in the forward check
  and in all but at most one of the leave-one-split-out folds, and lowers recall by at most
  0.02 on no scored split; else it is written with ``"use": false``.

``--check`` prints the figures and writes nothing. Splits named test* are refused.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from loaders.news import agreement_filter as af
from loaders.news.evaluate import matches
from loaders.news.train_models import _f1, article_data, fit, model_dict

# The code at which each split was still unseen (its blind scores, docs/news-extraction.md):
# its agreements there are what the rules produce on text they were not written against.
# The code at which articles were still unseen (their first, blind scores in docs/news-extraction.md):
# its agreements there are what the rules produce on text they were not written against.
# (split, first id, last id, commit)
BLIND_CODE = (
    ("dev", 64, 98, "a14076940b3e72b83fe23c44278fb1ea6a4c4098"),     # third pass start: 64-98 never tuned on
    ("dev", 99, 111, "392d39a9e9f850a3ef43bfaa5b064dbf5bcd11a5"),    # fourth pass: 13 fresh articles
    ("dev", 112, 129, "cffddae1f3b6e1928c113cf6a216a043dae5bc1f"),    # fifth pass: 112-129 before tuning
    ("dev-hold", 112, 129, "cffddae1f3b6e1928c113cf6a216a043dae5bc1f"),
    ("dev2", 0, 999, "bc4bdd495974b774ec37dfac89d4370f38a504e0"),    # test2 before the seventh pass
    ("dev3", 0, 999, "9b22ff04d00f337862fc8a525015d586cec3753f"),    # test3, after the seventh pass
    ("dev4", 0, 999, "bc4bdd495974b774ec37dfac89d4370f38a504e0"),    # test4 at that session's start
    ("dev4", 0, 999, "28bebdbdcc5022e45b0a45cc26eb249bab411bae"),    # and before the ninth pass
    ("dev5", 0, 999, "28bebdbdcc5022e45b0a45cc26eb249bab411bae"),    # test5 before the ninth pass
    ("dev5", 0, 999, "1fd4f19df02d4a03802c8c6f0c2f93df473d84bf"),    # and after it
)
_OLD_RUN = """
import json, sys
from loaders.news.extract import extract_file
out = {}
for p in json.load(sys.stdin):
    try:
        out[p] = [{k: a.get(k) for k in ("parties", "evidence", "implicit_party", "party_evidence", "learned", "project")}
                  for a in extract_file(p)["agreements"]]
    except Exception as exc:  # an article the old code failed on: no candidates from it
        out[p] = None
print(json.dumps(out, ensure_ascii=False))
"""
L2_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)
MAX_RECALL_LOSS = 0.02


def refused(splits: set[str]) -> set[str]:
    return {s for s in splits if s.startswith("test")}


def old_agreements(commit: str, paths: list[str], repo: Path = Path("."), script: str = _OLD_RUN,
                   cache_dir: str = "kg_news_blind_views") -> dict[str, list | None]:
    """The agreements the extractor of ``commit`` (from git history, run in a scratch copy in
    its own process by ``script``) outputs on each article of ``paths``; cached in the temp
    directory."""
    key = hashlib.sha1(("\n".join([commit, *paths])).encode()).hexdigest()[:16]
    cache = Path(tempfile.gettempdir()) / cache_dir / f"{commit[:10]}-{key}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    print(f"filter: running the extractor of {commit[:10]} on {len(paths)} articles", file=sys.stderr)
    with tempfile.TemporaryDirectory() as d:
        arch = subprocess.run(["git", "archive", commit, "loaders", "graph"], cwd=repo, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", d], input=arch.stdout, check=True)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        r = subprocess.run([sys.executable, "-c", script], cwd=d, input=json.dumps(paths), env=env,
                           capture_output=True, text=True, timeout=900)
        if r.returncode:
            raise SystemExit(f"the extractor of {commit[:10]} failed: {r.stderr[-2000:]}")
    out = json.loads(r.stdout)
    cache.parent.mkdir(exist_ok=True)
    cache.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def blind_views(data: list[dict], corpus: Path, code=BLIND_CODE) -> list[dict]:
    """The articles of ``code``'s rows again, with the agreements of the code at which they were
    unseen (the sentences, registry and title stay those of these rules)."""
    out = []
    for split, first, last, commit in code:
        arts = [a for a in data if a["split"] == split and a.get("view") == "rules" and first <= int(a["id"]) <= last]
        if not arts:
            continue
        old = old_agreements(commit, [str((corpus / f"{a['id']}.txt").resolve()) for a in arts])
        for a in arts:
            ags = old.get(str((corpus / f"{a['id']}.txt").resolve()))
            if ags is not None:
                out.append({**a, "view": commit[:7], "agreements": ags})
    return out


def prepare(arts: list[dict]) -> list[dict]:
    """Each article's candidates: the rules' agreements with features, label and the gold
    agreements each one matches (so a kept subset is scored without re-running the scorer)."""
    for a in arts:
        t, gold = a["trace"], a["gold"].get("agreements", [])
        ags = a["agreements"]
        a["cands"] = [{"features": af.features(x, ags, t["sentences"], t["reg"], t.get("title")),
                       "hits": [k for k, g in enumerate(gold) if matches(g, x)]} for x in ags]
        for c in a["cands"]:
            c["label"] = float(bool(c["hits"]))
        a["n_gold"] = len(gold)
    return arts


def xy(arts: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    rows = [([c["features"][k] for k in af.FEATURES], c["label"]) for a in arts for c in a["cands"]]
    if not rows:
        return np.zeros((0, len(af.FEATURES))), np.zeros(0)
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


def _key(a: dict) -> tuple[str, str]:
    return a["id"], a["view"]


def probs(arts: list[dict], w, mean, scale) -> dict[tuple, np.ndarray]:
    out = {}
    for a in arts:
        X = np.array([[c["features"][k] for k in af.FEATURES] for c in a["cands"]]).reshape(-1, len(af.FEATURES))
        out[_key(a)] = 1 / (1 + np.exp(-np.clip(((X - mean) / scale) @ w, -30, 30)))
    return out


def totals(arts: list[dict], p: dict | None = None, threshold: float = 0.0) -> dict:
    """Agreement counts of the corpus measure with the candidates of probability < threshold
    dropped (``p`` None: the rules alone)."""
    t = dict.fromkeys(("gold", "found", "pred", "right"), 0)
    for a in arts:
        keep = [c for k, c in enumerate(a["cands"]) if p is None or p[_key(a)][k] >= threshold]
        t["gold"] += a["n_gold"]
        t["found"] += len({h for c in keep for h in c["hits"]})
        t["pred"] += len(keep)
        t["right"] += sum(bool(c["hits"]) for c in keep)
    r = t["found"] / t["gold"] if t["gold"] else 0.0
    pr = t["right"] / t["pred"] if t["pred"] else 0.0
    return {**t, "recall": round(r, 3), "precision": round(pr, 3), "f1": _f1(r, pr)}


def choose(arts: list[dict]) -> tuple[tuple[float, float], dict]:
    """(L2, threshold) with the best leave-one-article-out F1 over ``arts`` (every view of an
    article left out together; ties: the higher recall, then the lower threshold, then the
    stronger L2), and the grid's figures."""
    grid, ids = {}, sorted({a["id"] for a in arts})
    for l2 in L2_GRID:
        p = {}
        for i in ids:
            group = [a for a in arts if a["id"] == i]
            if any(a["cands"] for a in group):
                p.update(probs(group, *fit(*xy([b for b in arts if b["id"] != i]), l2)))
            else:
                p.update({_key(a): np.zeros(0) for a in group})
        for th in THRESHOLDS:
            grid[(l2, th)] = totals(arts, p, th)
    best = max(grid, key=lambda k: (grid[k]["f1"], grid[k]["recall"], -k[1], k[0]))
    return best, grid


def scored(train: list[dict], test: list[dict]) -> dict:
    """Fitted on ``train`` with the setting cross-validation chose there, scored on ``test``:
    on these rules' output (``rules``) and on the output of the code at which the split was
    unseen (``blind``, when there is one)."""
    (l2, th), grid = choose(train)
    w, mean, scale = fit(*xy(train), l2)
    p = probs(test, w, mean, scale)
    out = {"fitted_on": sorted({a["split"] for a in train}), "l2": l2, "threshold": th,
           "cross_validated_f1": grid[(l2, th)]["f1"]}
    for view, arts in (("rules", [a for a in test if a["view"] == "rules"]),
                       ("blind", [a for a in test if a["view"] != "rules"])):
        if arts:
            out[view] = {"rules_alone": totals(arts), "with_filter": totals(arts, p, th)}
    return out


def measure(r: dict) -> dict:
    """The figure a fold is judged by: the blind view when the split has one (the nearest
    thing to unseen text), else these rules' output."""
    return r.get("blind") or r["rules"]


def gain(r: dict) -> bool:
    m = measure(r)
    return m["with_filter"]["f1"] > m["rules_alone"]["f1"]


def keeps_recall(r: dict) -> bool:
    return all(v["rules_alone"]["recall"] - v["with_filter"]["recall"] <= MAX_RECALL_LOSS + 1e-9
               for v in (r.get("rules"), r.get("blind")) if v)


def use_decision(forward: dict, folds: dict[str, dict]) -> tuple[bool, str]:
    """The protocol's rule: F1 up in the forward check and in all folds but at most one, and
    recall down by at most 0.02 on every scored split (both views)."""
    wins = sum(gain(r) for r in folds.values())
    need = max(len(folds) - 1, 1)
    if not gain(forward):
        return False, "forward check: F1 not raised"
    if wins < need:
        return False, f"leave-one-split-out: F1 raised in {wins} of {len(folds)} folds (needs {need})"
    lost = [s for s, r in [("forward", forward), *folds.items()] if not keeps_recall(r)]
    if lost:
        return False, f"recall lowered by more than {MAX_RECALL_LOSS} on {', '.join(lost)}"
    return True, f"forward F1 raised; {wins} of {len(folds)} folds raised; recall kept"


def _row(name: str, r: dict) -> str:
    f = lambda t: f"R {t['recall']:.2f} ({t['found']}/{t['gold']}) P {t['precision']:.2f} ({t['right']}/{t['pred']}) F1 {t['f1']:.3f}"  # noqa: E731
    return "\n".join(f"{name} [{view}]: rules alone {f(v['rules_alone'])} | with filter {f(v['with_filter'])} "
                     f"(l2 {r['l2']}, threshold {r['threshold']})" for view in ("rules", "blind") if (v := r.get(view)))


def run(corpus: Path, splits: list[str], extra: list[str], code=BLIND_CODE) -> dict:
    bad = refused(set(splits) | set(extra))
    data = article_data(corpus, set(splits) | set(extra), held_out=bad or {"test"})
    for a in data:
        a["view"], a["agreements"] = "rules", a["trace"]["agreements"]
    data = prepare(data + blind_views(data, corpus, code))
    print(f"filter: {len({a['id'] for a in data})} articles, {len(data)} views, "
          f"{sum(len(a['cands']) for a in data)} candidates, "
          f"{int(sum(c['label'] for a in data for c in a['cands']))} matching a gold agreement", file=sys.stderr)
    newest = splits[-1]
    forward = scored([a for a in data if a["split"] != newest], [a for a in data if a["split"] == newest])
    print(_row(f"forward ({newest})", forward))
    folds = {}
    for s in splits:
        folds[s] = scored([a for a in data if a["split"] != s], [a for a in data if a["split"] == s])
        print(_row(f"fold {s}", folds[s]))
    use, why = use_decision(forward, folds)
    print(f"filter used: {use} ({why})")
    (l2, th), grid = choose(data)
    w, mean, scale = fit(*xy(data), l2)
    X, y = xy(data)
    out = model_dict(af.FEATURES, w, mean, scale, th, l2)
    out["use"] = use
    out["decision"] = why
    out["trained_on"] = {"corpus": str(corpus), "splits": splits + extra, "articles": len({a["id"] for a in data}),
                         "blind_views": sorted({f"{s} {a}-{b} at {c[:7]}" for s, a, b, c in code if s in splits + extra}),
                         "candidates": int(len(y)), "positive": int(y.sum())}
    out["cross_validated"] = {"method": "leave-one-article-out", "rules_alone": totals(data),
                              "with_filter": grid[(l2, th)]}
    out["forward"] = forward
    out["leave_one_split_out"] = folds
    out["command"] = "python -m loaders.news.train_filter"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="tests/news_corpus")
    ap.add_argument("--splits", default="dev,dev2,dev3,dev4,dev5",
                    help="scored folds; the last is the forward check's split")
    ap.add_argument("--extra", default="dev-hold", help="splits used for fitting only")
    ap.add_argument("--check", action="store_true", help="print the figures, write nothing")
    ap.add_argument("--out", default=str(af.WEIGHTS), help="where to write the weights")
    args = ap.parse_args(argv)
    out = run(Path(args.corpus), args.splits.split(","), [s for s in args.extra.split(",") if s])
    if not args.check:
        Path(args.out).write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
