"""Score the news extractor against hand annotations, in process.

The measure is the project's acceptance measure for news extraction (docs/news-extraction.md): an agreement is found when a predicted agreement with >= 2 parties names one of the
gold agreement's non-government parties; companies and visit hosts are recall only (companies
and organisations precision are reported beside, not news-eval figures: ``entity_precision``); names are
compared after traditional-to-simplified conversion, bracketed text dropped, one name may
contain the other (3+ characters). Here the extractor runs in this process (no `kg` per
article) and the totals can be split by the corpus manifest's ``split`` and ``forms`` columns.

It scores exactly as news-eval does (docs/news-extraction.md, "Sixth pass", lists the rules):
the same normalisation (OpenCC t2s, bracketed text dropped, whitespace removed), the same
matching, the same counts; ``known`` is the gazetteer `kg extract` would load from the same
working directory (cli/extract_cmd.load_gazetteer), and an article the extractor fails on is
reported and left out of the totals, as news-eval leaves out an article without JSON.

    score_dir(DIR, split=None, known=None) -> {"articles": [...], "overall": {...}, "forms": {...},
                                               "failed": [...]}
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from loaders.news.extract import extract_file
from loaders.resolve.text import to_simplified

GOV = ("政府", "县", "市", "区", "开发区", "新城", "委员会", "管委会", "代表团", "中心")
KEYS = ("ag_gold", "ag_found", "ag_pred", "ag_right", "co_gold", "co_found", "v_gold", "v_found",
        "co_pred", "co_right", "org_pred", "org_right")


def norm(x) -> str:
    x = to_simplified(str(x or ""))
    x = re.sub(r"[(（][^)）]*[)）]", "", x)
    return re.sub(r"\s+", "", x)


def same(a, b) -> bool:
    a, b = norm(a), norm(b)
    if len(a) < 2 or len(b) < 2:
        return False
    return a == b or (len(min(a, b, key=len)) >= 3 and (a in b or b in a))


def _names(items, *keys) -> list:
    out = []
    for it in items or []:
        if isinstance(it, str):
            out.append(it)
            continue
        for k in keys:
            v = it.get(k)
            out += v if isinstance(v, list) else ([v] if v else [])
    return out


def matches(gold_ag: dict, pred_ag: dict) -> bool:
    parties = gold_ag.get("parties", [])
    key = [x for x in parties if not norm(x).endswith(GOV)] or parties
    pred = pred_ag.get("parties") or []
    return len(pred) >= 2 and any(same(x, y) for x in key for y in pred)


def score_article(gold: dict, pred: dict) -> dict:
    """The counts of one article (keys: KEYS)."""
    pa = pred.get("agreements") or []
    ga = gold.get("agreements", [])
    ents = _names(pred.get("companies"), "name", "mentions") + _names(pred.get("organizations"), "name")
    hosts = [v.get("host") for v in pred.get("visits") or [] if v.get("host")]
    s = dict(ag_gold=len(ga), ag_pred=len(pa),
             ag_found=sum(any(matches(g, a) for a in pa) for g in ga),
             ag_right=sum(any(matches(g, a) for g in ga) for a in pa),
             co_gold=0, co_found=0, v_gold=len(gold.get("visits", [])),
             v_found=sum(any(same(v.get("host"), h) for h in hosts) for v in gold.get("visits", [])))
    for c in gold.get("companies", []):
        ms = [m for m in (c.get("mentions") or [c.get("name")]) if m and len(norm(m)) >= 3]
        if ms:
            s["co_gold"] += 1
            s["co_found"] += any(same(m, e) for m in ms for e in ents)
    s.update(entity_precision(gold, pred))
    return s


def _gold_names(items) -> list[str]:
    """The names a gold entity is matched by, as the recall side takes them: its mentions (or
    its name when it has none), 3+ characters."""
    return [m for c in items or [] for m in (c.get("mentions") or [c.get("name")]) if m and len(norm(m)) >= 3]


def entity_precision(gold: dict, pred: dict) -> dict:
    """Companies (and organisations) precision, not part of news-eval: a predicted entity is
    right when its name or one of its mentions matches (``same``) a gold entity's mention, as
    the recall side matches. Organisations count only where the gold lists them (the key
    present); the news-dev gold has none."""
    gco = _gold_names(gold.get("companies"))
    cos = pred.get("companies") or []
    out = dict(co_pred=len(cos), co_right=sum(any(same(g, n) for g in gco for n in _names([c], "name", "mentions"))
                                              for c in cos), org_pred=0, org_right=0)
    if "organizations" in gold:
        gorg = _gold_names(gold.get("organizations"))
        orgs = pred.get("organizations") or []
        out.update(org_pred=len(orgs), org_right=sum(any(same(g, n) for g in gorg for n in _names([o], "name", "mentions"))
                                                     for o in orgs))
    return out


def ratios(t: dict) -> dict:
    r = lambda a, b: round(t[a] / t[b], 2) if t[b] else None  # noqa: E731
    return {"agreements_recall": r("ag_found", "ag_gold"),
            "agreements_precision": r("ag_right", "ag_pred"),
            "companies_recall": r("co_found", "co_gold"),
            "visit_hosts_recall": r("v_found", "v_gold"),
            "companies_precision": r("co_right", "co_pred"),
            "organizations_precision": r("org_right", "org_pred"), **t}


def manifest(directory: Path) -> dict[str, dict]:
    f = directory / "manifest.csv"
    if not f.exists():
        return {}
    with f.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def score_dir(directory: str | Path, split: str | None = None, known: list[dict] | None = None) -> dict:
    """Score every NN.txt with its NN.gold.json in ``directory`` (only ``split`` when given:
    any value of the manifest's split column, e.g. dev, dev2, test)."""
    directory = Path(directory)
    rows = manifest(directory)
    if split and not rows:
        raise ValueError(f"{directory}: --split needs a manifest.csv with a split column")
    splits = sorted({r.get("split") or "" for r in rows.values()})
    if split and split not in splits:
        raise ValueError(f"{directory / 'manifest.csv'}: no article has split {split!r}; "
                         f"the split column holds {', '.join(splits)}")
    total, forms, articles, failed = dict.fromkeys(KEYS, 0), {}, [], []
    for art in sorted(directory.glob("*.txt")):
        meta = rows.get(art.stem, {})
        if split and meta.get("split") != split:
            continue
        gold = json.loads(art.with_name(art.stem + ".gold.json").read_text(encoding="utf-8"))
        try:
            pred = extract_file(art, known=known)
        except Exception as exc:  # noqa: BLE001 - news-eval skips an article `kg extract` fails on
            failed.append(f"{art}: no JSON from kg extract ({type(exc).__name__}: {exc})")
            continue
        s = score_article(gold, pred)
        articles.append({"article": art.name, **s})
        for k in KEYS:
            total[k] += s[k]
        for form in filter(None, (meta.get("forms") or "").split(";")):
            bucket = forms.setdefault(form, dict.fromkeys(KEYS, 0) | {"articles": 0})
            bucket["articles"] += 1
            for k in KEYS:
                bucket[k] += s[k]
    return {"articles": articles, "overall": ratios(total), "failed": failed,
            "forms": {f: ratios(t) for f, t in sorted(forms.items())}}


def article_line(a: dict) -> str:
    """One article's line, worded as news-eval prints it."""
    return (f"{a['article']}: agreements {a['ag_found']}/{a['ag_gold']} found, "
            f"{a['ag_right']}/{a['ag_pred']} right; companies {a['co_found']}/{a['co_gold']}; "
            f"visit hosts {a['v_found']}/{a['v_gold']}")


def overall_line(o: dict) -> str:
    f = lambda v: "nan" if v is None else f"{v:.2f}"  # noqa: E731
    return (f"agreements recall {f(o['agreements_recall'])} precision "
            f"{f(o['agreements_precision'])}; companies recall {f(o['companies_recall'])}; "
            f"visit hosts recall {f(o['visit_hosts_recall'])}")


def entities_line(o: dict) -> str:
    """Entity precision (not a news-eval figure): right/predicted companies and organisations
    ("n/a" where nothing was predicted or no gold lists organisations)."""
    f = lambda v: "n/a" if v is None else f"{v:.2f}"  # noqa: E731
    return (f"companies precision {f(o['companies_precision'])} ({o['co_right']}/{o['co_pred']}); "
            f"organisations precision {f(o['organizations_precision'])} ({o['org_right']}/{o['org_pred']}, "
            "articles whose gold lists organisations)")
