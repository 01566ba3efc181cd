"""Train the party model (party_model.py) on the annotated dev articles and choose it by
leave-one-article-out cross-validation.

    python -m loaders.news.train_party [--corpus tests/news_corpus] [--splits dev,dev2] [--check]

For every article of the splits: the rules run alone (``extract(model=False)``), each company
of the article becomes a candidate with its features, labelled a party when it is (by the
scorer's own ``same``) a non-government party of a gold agreement. A logistic regression
(standardised features, L2, Newton's method; numpy) is fitted. Each (L2, threshold) on a small
grid is scored by leave-one-article-out: the model trained without an article decides that
article's candidates, and the article's agreements (rules + the model's) are scored with the
corpus measure. The setting with the best cross-validated agreements F1 is chosen — and kept
only if it beats the rules alone in cross-validation; the weights, the setting and the
cross-validated figures are written to party_weights.json. ``--check`` prints the figures and
writes nothing. The held-out splits (test, test3, dev-hold) are never read here.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from loaders.news.evaluate import manifest, matches, norm, score_article, GOV
from loaders.news.evaluate import same
from loaders.news.extract import _add_agreement, extract_file
from loaders.news.party_model import FEATURES, WEIGHTS, candidates, learned_agreements, vector

HELD_OUT = {"test", "test3", "dev-hold"}
L2_GRID = (0.3, 1.0, 3.0, 10.0)
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
GATES = ("none", "unexplained")  # add for any company / only beside a signing the rules left unread


def party_keys(gold: dict) -> list[str]:
    out = []
    for g in gold.get("agreements", []):
        ps = g.get("parties", [])
        out += [x for x in ps if not norm(x).endswith(GOV)] or ps
    return out


def article_data(corpus: Path, splits: set[str]) -> list[dict]:
    rows = manifest(corpus)
    if splits & HELD_OUT:
        raise SystemExit(f"refusing to train on held-out splits {sorted(splits & HELD_OUT)}")
    data = []
    for nid, meta in sorted(rows.items()):
        if meta.get("split") not in splits:
            continue
        art = corpus / f"{nid}.txt"
        gold = json.loads(art.with_name(f"{nid}.gold.json").read_text(encoding="utf-8"))
        trace: dict = {}
        pred = extract_file(art, model=False, trace=trace)
        keys = party_keys(gold)
        cands = candidates(trace["sentences"], trace["reg"], trace["agreements"])
        for c in cands:
            names = [c["entity"].name] + list(c["entity"].mentions)
            c["label"] = float(any(same(k, n) for k in keys for n in names))
        data.append({"id": nid, "split": meta["split"], "gold": gold, "pred": pred,
                     "trace": trace, "cands": cands})
    return data


def fit(X: np.ndarray, y: np.ndarray, l2: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression by Newton's method on standardised features (bias unpenalised)."""
    mean, scale = X.mean(0), X.std(0)
    mean[0], scale[0] = 0.0, 1.0
    scale[scale == 0] = 1.0
    Z = (X - mean) / scale
    w = np.zeros(Z.shape[1])
    pen = np.full(Z.shape[1], l2)
    pen[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(Z @ w, -30, 30)))
        g = Z.T @ (p - y) + pen * w
        H = (Z.T * (p * (1 - p))) @ Z + np.diag(pen + 1e-6)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w, mean, scale


def model_dict(w, mean, scale, threshold, l2, gate="none") -> dict:
    return {"gate": gate, "features": list(FEATURES), "weights": [round(float(v), 6) for v in w],
            "mean": [round(float(v), 6) for v in mean], "scale": [round(float(v), 6) for v in scale],
            "threshold": threshold, "l2": l2}


def matrix(arts: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    rows = [(vector(c["features"]), c["label"]) for a in arts for c in a["cands"]]
    return np.array([r[0] for r in rows]), np.array([r[1] for r in rows])


def with_model(a: dict, model: dict | None) -> dict:
    """The article's prediction with the model's agreements added (as extract does)."""
    ags = [dict(x) for x in a["pred"]["agreements"]]
    if model is not None:
        t = a["trace"]
        for new in learned_agreements(t["sentences"], t["reg"], t["agreements"], t["focus"], model):
            _add_agreement(ags, new)
    return {**a["pred"], "agreements": ags}


def totals(arts: list[dict], models: dict) -> dict:
    t = dict.fromkeys(("ag_gold", "ag_found", "ag_pred", "ag_right"), 0)
    for a in arts:
        s = score_article(a["gold"], with_model(a, models.get(a["id"])))
        for k in t:
            t[k] += s[k]
    r = t["ag_found"] / t["ag_gold"] if t["ag_gold"] else 0.0
    p = t["ag_right"] / t["ag_pred"] if t["ag_pred"] else 0.0
    return {**t, "recall": round(r, 3), "precision": round(p, 3),
            "f1": round(2 * r * p / (r + p), 3) if r + p else 0.0}


def cross_validate(data: list[dict]) -> dict:
    """Leave-one-article-out: for each setting, every article decided by a model that never saw it."""
    results = {}
    for l2 in L2_GRID:
        fits = {}
        for a in data:
            X, y = matrix([b for b in data if b is not a])
            fits[a["id"]] = fit(X, y, l2)
        for th, gate in ((th, g) for th in THRESHOLDS for g in GATES):
            models = {i: model_dict(*f, th, l2, gate) for i, f in fits.items()}
            results[(l2, th, gate)] = {split: totals([a for a in data if a["split"] in split.split("+")], models)
                                 for split in ("dev", "dev2", "dev+dev2")}
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default="tests/news_corpus")
    ap.add_argument("--splits", default="dev,dev2")
    ap.add_argument("--check", action="store_true", help="print the figures, write nothing")
    args = ap.parse_args(argv)
    data = article_data(Path(args.corpus), set(args.splits.split(",")))
    X, y = matrix(data)
    print(f"{len(data)} articles, {len(y)} candidates, {int(y.sum())} parties", file=sys.stderr)
    rules = {split: totals([a for a in data if a["split"] in split.split("+")], {})
             for split in ("dev", "dev2", "dev+dev2")}
    cv = cross_validate(data)
    for (l2, th, gate), r in sorted(cv.items()):
        print(f"l2={l2:<5} threshold={th} gate={gate:<11}: " + "; ".join(
            f"{k} R {v['recall']:.2f} P {v['precision']:.2f} F1 {v['f1']:.3f}" for k, v in r.items()))
    print("rules alone:            " + "; ".join(
        f"{k} R {v['recall']:.2f} P {v['precision']:.2f} F1 {v['f1']:.3f}" for k, v in rules.items()))
    (l2, th, gate), best = max(cv.items(), key=lambda kv: (kv[1]["dev+dev2"]["f1"], kv[0][1], kv[0][0]))
    beats = best["dev+dev2"]["f1"] > rules["dev+dev2"]["f1"]
    print(f"chosen: l2={l2} threshold={th} gate={gate}; beats the rules in cross-validation: {beats}")
    if args.check:
        return 0
    if not beats:
        WEIGHTS.unlink(missing_ok=True)
        print(f"the model does not beat the rules: {WEIGHTS.name} removed, the rules alone decide")
        return 0
    w, mean, scale = fit(X, y, l2)
    out = model_dict(w, mean, scale, th, l2, gate)
    out["trained_on"] = {"corpus": args.corpus, "splits": args.splits.split(","), "articles": len(data),
                         "candidates": int(len(y)), "parties": int(y.sum())}
    out["cross_validated"] = {"method": "leave-one-article-out", "rules_alone": rules, "rules_and_model": best}
    out["command"] = "python -m loaders.news.train_party"
    WEIGHTS.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
