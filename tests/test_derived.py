"""The lead engine's precomputed company values (graph/derived.py, loaders/derived.py) stay right
after incremental loads, on both stores: load, rank, load more (new companies, new group links,
new dated agreements), rank again, then compute every value from scratch and compare."""
from __future__ import annotations

import csv
from collections import Counter

import pytest
from click.testing import CliRunner

from bench.generate import FILES, generate, write
from cli import main
from graph.derived import DERIVED, group_root, refresh_stale
from loaders import derived as derived_loader
from loaders.derived import refresh_derived
from loaders.load import load_path
from loaders.reference.load import load_reference
from queries.leads import rank_leads

ORDER = ["organizations", "companies", "ownership", "agreements", "visits"]
READ = "MATCH (c:Company) RETURN c.id AS id, " + ", ".join(f"c.{p} AS {p}" for p in DERIVED)
WIPE = "MATCH (c:Company) SET " + ", ".join(f"c.{p} = null" for p in DERIVED)


def _split(paths: dict, out) -> tuple[list, list]:
    """Each generated file cut in two: the first part loaded, then the second (the companies
    of the second part are new; its ownership rows link them and join groups; its agreements
    are the newer ones, the file being in date order)."""
    first, second = [], []
    out.mkdir()
    for kind in ORDER:
        with paths[kind].open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        cut = len(rows) * 3 // 5 if kind != "organizations" else len(rows)
        for part, chunk, into in (("a", rows[:cut], first), ("b", rows[cut:], second)):
            if not chunk:
                continue
            path = out / f"{part}_{kind}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.DictWriter(fh, fieldnames=list(rows[0]))
                w.writeheader()
                w.writerows(chunk)
            into.append(path)
    return first, second


def _derived(store) -> dict:
    out = {}
    for r in store.read(READ).records():
        out[r.pop("id")] = {k: (sorted(v) if isinstance(v, list) else v) for k, v in r.items()}
    return out


def _ranking(store, city) -> tuple:
    rep = rank_leads(store, city, top=20)
    return ([(l.id, l.score, l.group) for l in rep.leads],
            [(l.id, l.score, l.group) for l in rep.group_leads])


def test_incremental_loads_keep_the_derived_values_and_the_ranking_right(store, tmp_path,
                                                                         monkeypatch):
    # the touched companies only, however many a load writes (the path under test)
    monkeypatch.setattr(derived_loader, "FULL_SHARE", 1.0)
    paths = write(generate(500, seed=11), tmp_path / "gen")
    first, second = _split(paths, tmp_path / "parts")
    with (tmp_path / "parts" / "b_agreements.csv").open(encoding="utf-8") as fh:
        city = Counter(r["place"] for r in csv.DictReader(fh)).most_common(1)[0][0]
    load_reference(store)
    for path in first:
        load_path(store, path, setup=False)
    before = _ranking(store, city)
    after_first = _derived(store)
    for path in second:
        load_path(store, path, setup=False)
    incremental, ranked = _derived(store), _ranking(store, city)

    store.write(WIPE)
    counts = refresh_derived(store)   # everything from scratch
    scratch = _derived(store)
    assert counts["companies"] == len(scratch) > len(after_first)   # new companies came in
    assert incremental == scratch
    assert ranked == _ranking(store, city)
    assert ranked != before            # the second load changed the ranking
    grouped = [c for c, v in scratch.items() if v["group_root"]]
    assert grouped and any(after_first.get(c, {}).get("group_root") != scratch[c]["group_root"]
                           for c in grouped)   # the second part's stakes moved group roots
    assert any(v["activity_count"] for v in scratch.values())


def test_a_direct_write_marks_the_company_and_ranking_refreshes_it(store):
    """Facts written by any route (here `upsert_*` directly, as the review page does) are
    seen by the next ranking: the write marks the company stale."""
    store.upsert_nodes("Company", [{"id": "p", "name": "甲集团"}, {"id": "s", "name": "甲子公司"}])
    refresh_derived(store)
    assert _derived(store)["s"]["group_root"] is None
    store.upsert_relationships("OWNS", "Company", "Company", [{"start": "p", "end": "s"}])
    stale = store.read("MATCH (c:Company) WHERE c.derived_stale = true RETURN c.id AS id")
    assert sorted(r["id"] for r in stale.records()) == ["p", "s"]
    assert refresh_stale(store)["companies"] == 2   # what rank_leads runs first
    assert not store.read("MATCH (c:Company) WHERE c.derived_stale = true RETURN c.id").rows
    got = _derived(store)
    assert (got["s"]["group_root"], got["s"]["group_depth"]) == ("p", 1)
    assert (got["p"]["group_root"], got["p"]["group_depth"]) == ("p", 0)


def test_group_root_is_the_farthest_owner_ties_by_key():
    owners = {"a": {"g1", "g2"}, "g1": {"top"}, "g2": {"zz"}}
    assert group_root(owners, "a") == ("zz", 2)   # two owners at 2 hops: the larger key
    assert group_root({"x": {"y"}, "y": {"x"}}, "x") == ("y", 1)   # a cycle ends


def test_kg_derive_rebuilds_every_company(tmp_path):
    target = f"embedded:{tmp_path / 'kg'}"
    paths = write(generate(200, seed=2), tmp_path / "gen")
    runner = CliRunner()
    res = runner.invoke(main, ["--store", target, "load", str(paths["companies"])])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["--store", target, "derive"])
    assert res.exit_code == 0, res.output
    assert "'companies': 200" in res.output


def test_group_open_marks_a_group_that_is_no_tree_and_the_engine_finds_it(store):
    """`group_open` (the root where the ownership above is not one chain, else '') lets the
    lead engine find the groups that are no trees with one index look-up; a store derived
    before the value existed is scanned instead, with the same answer."""
    from queries.leads import pool
    store.upsert_nodes("Company", [{"id": i, "name": f"{i}公司"} for i in "pqsxy"])
    store.upsert_relationships("OWNS", "Company", "Company",
                               [{"start": "p", "end": "s"}, {"start": "q", "end": "s"},
                                {"start": "x", "end": "y"}])
    refresh_derived(store)
    got = _derived(store)
    root = got["s"]["group_root"]
    assert root in ("p", "q") and got["s"]["group_path"] is None
    assert got["s"]["group_open"] == root and got[root]["group_open"] == ""
    assert (got["x"]["group_open"], got["y"]["group_open"]) == ("", "")
    roots = ["x", root]
    found = [r["root"] for r in store.read(pool.NOT_TREES, {"roots": roots}).records()]
    scanned = [r["root"] for r in store.read(pool.SCAN_NOT_TREES, {"roots": roots}).records()]
    assert found == scanned == [root]
    store.write("MATCH (c:Company) SET c.group_open = null")   # a store derived before
    opened = store.read(pool.ENGAGED_ROOTS, {"ids": ["s", "y"]}).records()
    assert [r["open"] for r in opened] == [None, None]   # -> bounded_group scans instead


def test_a_load_into_a_busy_region_refreshes_only_what_it_wrote(store, tmp_path, load_generated):
    """New companies located in a region (and an industry) that many others share touch
    those companies, not every company of the region: a relationship counts for its Company
    ends only (at 1M, counting the region made a 16k-row load refresh all 1M companies)."""
    from loaders.derived import touched_companies
    paths, _ = load_generated(store, tmp_path / "gen", 200, 3)
    with paths["companies"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    busiest = Counter((r["province"], r["city"], r["county"], r["industry"]) for r in rows)
    (province, city, county, industry), _ = busiest.most_common(1)[0]
    new = tmp_path / "new_companies.csv"
    with new.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for i, name in enumerate(("甲乙丙新材料有限公司", "丁戊己精密机械有限公司")):
            w.writerow({**rows[0], "name": name, "founded": f"2020-0{i + 1}-01", "province": province,
                        "city": city, "county": county, "industry": industry})
    with store.tracking() as written:
        load_path(store, new, setup=False)
    touched = touched_companies(store, written)
    ids = {r["id"] for r in store.read(
        "MATCH (c:Company) WHERE c.name IN $names RETURN c.id AS id",
        {"names": ["甲乙丙新材料有限公司", "丁戊己精密机械有限公司"]}).records()}
    neighbours = store.read(
        "MATCH (n:Company)-[:LOCATED_IN]->(:Region)<-[:LOCATED_IN]-(c:Company) WHERE n.id IN $ids "
        "AND NOT c.id IN $ids RETURN count(DISTINCT c) AS n", {"ids": sorted(ids)}).records()[0]["n"]
    assert neighbours >= 3  # the region holds others, which the load must not touch
    assert len(ids) == 2 and touched == ids, (len(touched or ()), neighbours)
    refresh_derived(store, touched=touched)
    got = _derived(store)
    assert all(got[i]["region_codes"] and got[i]["industry_codes"] for i in ids)


COMPANY_COLUMNS = ["name", "founded", "reg_capital", "industry", "province", "city", "county",
                   "synthetic"]
# made-up companies (flagged synthetic); X, Y, Z, V first, then Y changed and W new
X = ["甲辰示例精密机械有限公司", "2010-01-05", "5000万元", "C34", "江苏省", "盐城市", "亭湖区", "true"]
Y = ["乙巳示例新材料有限公司", "2012-03-01", "1亿元", "C26", "江苏省", "盐城市", "阜宁县", "true"]
Z = ["丙午示例电子有限公司", "2015-07-20", "800万元", "C39", "江苏省", "南京市", "", "true"]
V = ["丁未示例纺织有限公司", "2001-11-11", "300万元", "C17", "浙江省", "绍兴市", "", "true"]
W = ["戊申示例智能装备有限公司", "2021-06-30", "2000万元", "C35", "江苏省", "盐城市", "亭湖区", "true"]


def _table(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    return path


def _stale(store) -> set:
    return {r[0] for r in store.read(
        "MATCH (c:Company) WHERE c.derived_stale = true RETURN c.name").rows}


def test_a_second_load_writes_and_marks_what_it_changed(store, tmp_path, monkeypatch):
    """An incremental load's writes (graph/store.py: one SET clause per upsert; a relationship
    marks its Company end stale only when it is not marked yet): an unchanged row (the same
    file again) writes nothing; a changed row updates the company and unites its sources; a
    new company gets its relationships (loaders/tabular/writer.py does not look them up: an
    end the graph lacks); a relationship to a company already in the graph (and
    derived, so unmarked) marks it. Then the derived values refreshed for the marked companies
    equal a full refresh."""
    load_reference(store)
    first = _table(tmp_path / "first.csv", COMPANY_COLUMNS, [X, Y, Z, V])
    load_path(store, first, setup=False)
    assert _stale(store) == set()    # the load refreshed what it wrote
    monkeypatch.setattr(store, "derive_after_load", False)   # leave the marks to be seen
    [again] = load_path(store, first, setup=False)
    assert (again.unchanged, _stale(store)) == (4, set())
    y2 = [Y[0], Y[1], "2亿元", *Y[3:]]
    second = _table(tmp_path / "second.csv", COMPANY_COLUMNS, [y2, W])
    [rep] = load_path(store, second, setup=False)
    assert rep.unchanged == 0
    owners = _table(tmp_path / "owners.csv", ["shareholder", "company", "share", "synthetic"],
                    [[W[0], X[0], "60%", "true"], [Y[0], Z[0], "30%", "true"]])
    load_path(store, owners, setup=False)
    assert _stale(store) == {X[0], Y[0], Z[0], W[0]}   # not V: nothing of it was written

    got = {r[0]: r[1:] for r in store.read(
        "MATCH (c:Company) WHERE c.name IN $names RETURN c.name, c.reg_capital_cny, "
        "c.source_ids", {"names": [X[0], Y[0], W[0]]}).rows}
    assert got[Y[0]][0] == 2e8 and len(set(got[Y[0]][1])) == 2   # both files' sources
    assert got[X[0]][0] == 5e7 and len(got[X[0]][1]) == 1
    rels = store.read("MATCH (w:Company {name: $w})-[r]->(b) RETURN type(r), b.name, r.share, "
                      "size(r.source_ids)", {"w": W[0]}).rows
    assert sorted(map(tuple, rels)) == [("IN_INDUSTRY", "专用设备制造业", None, 1),
                                        ("LOCATED_IN", "亭湖区", None, 1), ("OWNS", X[0], 0.6, 1)]

    refresh_derived(store, touched=set())   # the marked companies only
    assert _stale(store) == set()
    incremental = _derived(store)
    store.write(WIPE)
    refresh_derived(store)
    assert incremental == _derived(store)
    assert incremental[f"name:{X[0]}"]["group_root"] == f"name:{W[0]}"
