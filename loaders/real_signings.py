"""Real region–company signings (loaders/data/real_signings/, README.md there) into a store: the
evaluation set of `kg leads-eval --real`. Meant for a scratch copy of the demo, never a
production store.

Each dated row becomes an Agreement `signing:<row id>` SIGNED_IN its county (when the graph has
it) or its city, with the company PARTY_TO it and the page as its Source (the row's sentence as
the relationship's evidence). A company is matched to the graph by stock code, then by name
(the group key, the texts' names, the registered name); a group the graph lacks is added as a
Company `signing:<group key>` (source: the page of its first signing) in the GB/T divisions
its signings' industry and project words map to (industry_keywords.csv, plus the lead engine's
word table when the caller passes it). Rows whose page prints no year are
not loaded and are counted as undated; a date known to the month or year ("2021-09 (日前…)",
"2022") keeps that precision and compares as written ("2022" sorts before "2022-06-30").
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

DATA = Path(__file__).parent / "data" / "real_signings"
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_PREFIX = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[\s/]|$)")
COMPANIES = """MATCH (c:Company) WHERE c.name IN $names OR c.stock_code IN $codes
RETURN c.id AS id, c.name AS name, c.stock_code AS stock_code"""
REGIONS = """MATCH (r:Region) WHERE r.name IN $names
RETURN r.code AS code, r.name AS name, r.level AS level"""


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read(directory: Path = DATA) -> dict:
    """{'signings': rows (each with `dated` and `group`), 'companies': {text: row},
    'keywords': [(keyword, code)]}."""
    companies = {r["company_text"]: r for r in _read(directory / "companies.csv")}
    rows = _read(directory / "signings.csv")
    for r in rows:
        if r["company_text"] not in companies:
            raise ValueError(f"{directory / 'signings.csv'} row {r['id']}: company_text "
                             f"{r['company_text']!r} is not in companies.csv")
        m = DATE_PREFIX.match(r["date"])
        r["date_text"], r["date"] = r["date"], m.group(1) if m else ""
        r["dated"] = bool(m)
        r["group"] = companies[r["company_text"]]["group_key_judgement"]
    keywords = [(k["keyword"], k["gbt_code"]) for k in _read(directory / "industry_keywords.csv")]
    return {"signings": rows, "companies": companies, "keywords": keywords}


def industry_codes(text: str, keywords) -> list[str]:
    """GB/T divisions whose keyword occurs in the text, in keyword order, each once.

    >>> industry_codes("动力电池/新能源", [("电池", "GB4754:C38"), ("汽车", "GB4754:C36")])
    ['GB4754:C38']
    """
    return list(dict.fromkeys(code for word, code in keywords if word in (text or "")))


def _source(r: dict) -> dict:
    return {"id": r["url"], "title": f"{r['publisher'] or r['url']}：{r['sentence'][:40]}",
            "publisher": r["publisher"] or None, "kind": "news", "uri": r["url"],
            "date": r["pub_date"] if ISO.match(r["pub_date"] or "") else None}


def _match_companies(store, data, groups: set) -> dict:
    """{group key: graph company id} for the `groups` the graph already has."""
    by_group: dict[str, dict] = {}
    for c in data["companies"].values():
        if c["group_key_judgement"] not in groups:
            continue
        g = by_group.setdefault(c["group_key_judgement"], {"names": set(), "codes": set()})
        g["names"] |= {c["group_key_judgement"], c["company_text"], c["company_full"]} - {""}
        g["codes"] |= {c["stock_code"]} - {""}
    names = sorted({n for g in by_group.values() for n in g["names"]})
    codes = sorted({c for g in by_group.values() for c in g["codes"]})
    found = store.read(COMPANIES, {"names": names, "codes": codes}).records()
    out = {}
    for key, g in sorted(by_group.items()):
        hit = sorted((f for f in found if f["stock_code"] in g["codes"]), key=lambda f: f["id"]) \
            or sorted((f for f in found if f["name"] in g["names"]),
                      key=lambda f: (f["name"] != key, f["id"]))
        if hit:
            out[key] = hit[0]["id"]
    return out


def _regions(store, rows) -> dict:
    """{(city, county): (code, name)}: the county (or zone) when the graph has it, else the
    city, else the province."""
    names = sorted({r[k] for r in rows for k in ("province", "city", "county") if r[k]})
    found = store.read(REGIONS, {"names": names}).records()
    order = {"county": 0, "prefecture": 1, "province": 2}
    by_name: dict[str, tuple] = {}
    for f in sorted(found, key=lambda f: (order.get(f["level"], 3), f["code"])):
        by_name.setdefault(f["name"], (f["code"], f["name"]))
    out = {}
    for r in rows:
        for k in ("county", "city", "province"):
            if r[k] in by_name:
                out[(r["city"], r["county"])] = by_name[r[k]]
                break
    return out


def _words(r: dict) -> str:
    return f"{r['industry_text']} {r['project']}"


def load(store, directory: Path = DATA, extra_keywords=()) -> dict:
    """Load the dated signings; returns counts and `rows` ({id, date, city, agreement,
    company, group, industry_codes}) for the backtest. `extra_keywords` [(word, code)] add to
    industry_keywords.csv (the CLI passes the lead engine's word table, so an added battery
    maker sits in the chain segment 动力与储能电池 as the engine reads the word 电池)."""
    data = read(directory)
    data["keywords"] = data["keywords"] + list(extra_keywords)
    rows = [r for r in data["signings"] if r["dated"]]
    matched = _match_companies(store, data, {r["group"] for r in rows})
    regions = _regions(store, rows)
    cities = _regions(store, [{**r, "county": ""} for r in rows])
    added = {}
    for r in rows:
        if r["group"] not in matched and r["group"] not in added:
            full = data["companies"][r["company_text"]]
            added[r["group"]] = {"id": f"signing:{r['group']}", "name": r["group"],
                                 "full_name": full["company_full"] or None,
                                 "stock_code": full["stock_code"] or None,
                                 "listed": bool(full["stock_code"]), "synthetic": False,
                                 "source_ids": [r["url"]]}
    ids = {**matched, **{g: c["id"] for g, c in added.items()}}
    store.upsert_nodes("Source", [_source(r) for r in rows])
    store.upsert_nodes("Company", list(added.values()))
    industry = [{"start": c["id"], "end": code, "source_ids": c["source_ids"],
                 "evidence": "industry words of the company's signings (industry_keywords.csv)"}
                for g, c in added.items()
                for code in industry_codes(" ".join(_words(r) for r in rows if r["group"] == g),
                                           data["keywords"])]
    store.upsert_relationships("IN_INDUSTRY", "Company", "Industry", industry)
    store.upsert_nodes("Agreement", [
        {"id": f"signing:{r['id']}", "title": r["project"] or f"{r['company_text']}与"
         f"{r['region_text']}{r['agreement_type']}", "type": r["agreement_type"] or None,
         "date": r["date"], "synthetic": False, "source_ids": [r["url"]]} for r in rows])
    store.upsert_relationships("PARTY_TO", "Company", "Agreement", [
        {"start": ids[r["group"]], "end": f"signing:{r['id']}", "source_ids": [r["url"]],
         "evidence": r["sentence"]} for r in rows])
    store.upsert_relationships("SIGNED_IN", "Agreement", "Region", [
        {"start": f"signing:{r['id']}", "end": regions[(r["city"], r["county"])][0],
         "source_ids": [r["url"]], "evidence": r["sentence"]}
        for r in rows if (r["city"], r["county"]) in regions])
    store.upsert_relationships("MENTIONS", "Source", "Agreement", [
        {"start": r["url"], "end": f"signing:{r['id']}"} for r in rows])
    out = [{"id": r["id"], "date": r["date"], "agreement": f"signing:{r['id']}",
            "city": cities.get((r["city"], ""), (None, None))[1], "company": ids[r["group"]],
            "group": r["group"], "industry_codes": industry_codes(_words(r), data["keywords"])}
           for r in rows]
    return {"rows": out, "signings": len(data["signings"]), "dated": len(rows),
            "undated": len(data["signings"]) - len(rows), "groups": len(ids),
            "matched_groups": len(matched), "added_companies": len(added),
            "unplaced": sum((r["city"], r["county"]) not in regions for r in rows),
            "industry_links_added": len(industry)}
