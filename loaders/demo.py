"""`kg demo`: the story of the sample article as a graph, each fact citing its sentence.

1. reference data (regions, clusters, industries, Xuzhou's priorities and chains);
2. the article as a Source, and the hand-made tables in `loaders/data/demo/` (written from the
   article, one evidence sentence per row) loaded through the ordinary loaders with the
   article as their source; the Source MENTIONS every entity it names;
3. the article's figures (208 major projects in January-April 2020, 105 of them in the four
   strategic emerging industries) as Statistic nodes of 徐州市;
4. public facts the article does not state (listed subsidiaries of the groups), each with its
   source document named;
5. the project's curated company set (`loaders/data/companies/`: a few hundred real companies,
   each row naming the public document it comes from) through the ordinary loader
   (`load_path`), so the leads and chain pages have material on a fresh clone;
6. with `volume=PATH` (`kg demo --with PATH`), a table the user has (e.g. the A-share
   listed-company table) for volume. Nothing is read outside the repository otherwise.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Callable

from graph.store import GraphStore
from loaders.derived import refresh_derived
from loaders.load import load_path
from loaders.reference.load import load_reference
from loaders.resolve.enrich import name_id, search_keys
from loaders.tabular.kinds import doc_id
from loaders.tabular.pipeline import load_table

DEMO_DIR = Path(__file__).with_name("data") / "demo"
COMPANIES_DIR = Path(__file__).with_name("data") / "companies"
ARTICLE_ID = "news:xzrb-2020-05-gba-precision-promotion-week"
ARTICLE = {"id": ARTICLE_ID, "title": "徐州日报：徐州再赴深圳开展粤港澳大湾区精准招商周活动",
           "publisher": "徐州日报", "date": "2020-05", "kind": "news",
           "uri": "xuzhou-gba-promotion-week.txt"}
TABLES = [("organizations.csv", "organizations"), ("companies.csv", "companies"),
          ("agreements.csv", "agreements"), ("visits.csv", "visits"), ("events.csv", "events")]
STAT_EVIDENCE = ("据统计,今年1—4月份,全市签约引进“765”重大产业项目208个,其中四大战略性新兴产业"
                 "项目105个,占比48%。")


def load_demo(store: GraphStore, *, volume: str | Path | None = None, companies: bool = True,
              progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """The demo graph; `companies=False` leaves out the curated company set (the article
    alone), `volume` adds a table from outside the repository."""
    say = progress or (lambda msg: None)
    say("reference data (regions, industries, chains)")
    load_reference(store)
    store.upsert_nodes("Source", [ARTICLE])
    for name, kind in TABLES:
        say(f"article facts: {name}")
        rep = load_table(store, DEMO_DIR / name, kind, source_id=ARTICLE_ID)
        if rep.rejected:
            raise RuntimeError(f"demo table {name} has rejected rows: {rep.rejects}")
    _mentions(store)
    _statistics(store)
    say("public facts with their sources")
    _public_facts(store)
    if companies:
        say(f"curated companies: {COMPANIES_DIR / 'companies.csv'}")
        _curated(store)
    if volume:
        say(f"volume table: {volume}")
        for rep in load_path(store, volume, setup=False):
            say(rep.summary() if hasattr(rep, "summary") else str(rep))
    say("derived values for the lead engine")
    refresh_derived(store)  # the article's tables are loaded without load_path
    return store.counts()["nodes"]


def _curated(store: GraphStore) -> None:
    """The project's company set: every row cites its document (a Source node each, described
    from sources.csv); rejected rows are an error of the repository's data."""
    (rep,) = load_path(store, COMPANIES_DIR / "companies.csv", "companies", setup=False)
    if rep.rejected:
        raise RuntimeError(f"curated companies have rejected rows: {rep.rejects[:5]}")
    with open(COMPANIES_DIR / "sources.csv", encoding="utf-8") as fh:
        docs = list(csv.DictReader(fh))
    store.upsert_nodes("Source", [
        {"id": doc_id(d["source_title"], d["source_url"]), "title": d["source_title"],
         "uri": d["source_url"] or None, "date": d["source_date"] or None,
         "kind": d["kind"] or None, "publisher": d["publisher"] or None} for d in docs])


def _mentions(store: GraphStore) -> None:
    for label in ("Company", "Organization", "Agreement", "Event"):
        ids = store.read(f"MATCH (n:{label}) WHERE $sid IN n.source_ids RETURN n.id",
                         {"sid": ARTICLE_ID}).rows
        store.upsert_relationships("MENTIONS", "Source", label,
                                   [{"start": ARTICLE_ID, "end": i} for (i,) in ids])
    store.upsert_relationships("MENTIONS", "Source", "Region",
                               [{"start": ARTICLE_ID, "end": c} for c in
                                ("320300", "320303", "440300", "C-GBA", "C-HHEZ")])


def _statistics(store: GraphStore) -> None:
    rows = [{"id": "stat:xz-2020-01-04-major-projects", "name": "签约引进“765”重大产业项目",
             "value": 208.0, "unit": "个", "period": "2020-01/2020-04"},
            {"id": "stat:xz-2020-01-04-sei-projects", "name": "其中四大战略性新兴产业项目",
             "value": 105.0, "unit": "个", "period": "2020-01/2020-04"}]
    store.upsert_nodes("Statistic", [{**r, "source_ids": [ARTICLE_ID]} for r in rows])
    store.upsert_relationships("HAS_STATISTIC", "Region", "Statistic",
                               [{"start": "320300", "end": r["id"], "evidence": STAT_EVIDENCE,
                                 "source_ids": [ARTICLE_ID]} for r in rows])


def _public_facts(store: GraphStore) -> None:
    with open(DEMO_DIR / "public-facts.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sources = {r["source"]: "doc:" + hashlib.sha1(r["source"].encode()).hexdigest()[:12]
               for r in rows}
    store.upsert_nodes("Source", [{"id": sid, "title": title, "kind": "annual report"}
                                  for title, sid in sources.items()])
    names = {r["company"] for r in rows} | {r["shareholder"] for r in rows}
    store.upsert_nodes("Company", [{"id": name_id(n), "name": n, **search_keys(n),
                                    "source_ids": [sources[r["source"]] for r in rows
                                                   if n in (r["company"], r["shareholder"])]}
                                   for n in names])
    store.upsert_relationships("OWNS", "Company", "Company", [
        {"start": name_id(r["shareholder"]), "end": name_id(r["company"]),
         "evidence": r["evidence"], "source_ids": [sources[r["source"]]]} for r in rows])
