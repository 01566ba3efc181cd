"""GB/T 4754-2017 (shipped top levels, full tree), SEI 2018 categories, Xuzhou priorities."""
from __future__ import annotations

import re

import pytest

from conftest import shared_file
from loaders.reference import industries as I
from loaders.reference.load import load_reference
from loaders.reference.regions import read_csv

TREE = "reference/gbt4754-2017-tree.json"


@pytest.fixture(scope="module")
def tree():
    return I.read_tree(shared_file(TREE))


def _official(tree):
    """{(level, code): cleaned name} from the tree JSON."""
    return {(n["level"], n["code"].strip()): I.clean_name(n["name"])
            for n, _s, _p in I.walk_tree(tree)}


# ------------------------------------------------------------- shipped top-level table

def test_top_csv_matches_the_tree_code_by_code(tree):
    official = {k: v for k, v in _official(tree).items() if k[0] <= 2}
    shipped = {(int(r["level"]), r["code"]): r["name"] for r in read_csv(I.TOP_FILE)}
    assert shipped == official
    assert sum(1 for lv, _ in shipped if lv == 1) == 20
    assert sum(1 for lv, _ in shipped if lv == 2) == 97
    assert [c for lv, c in shipped if lv == 1] == list("ABCDEFGHIJKLMNOPQRST")


def test_top_csv_sections_match_the_tree(tree):
    sections = {n["code"].strip(): s for n, s, _ in I.walk_tree(tree) if n["level"] == 2}
    for r in read_csv(I.TOP_FILE):
        if r["level"] == "2":
            assert sections[r["code"]] == r["section"], r


def test_top_rows_codes_and_links():
    nodes, links = I.top_rows()
    codes = {n["code"] for n in nodes}
    assert {"GB4754:C", "GB4754:C39", "GB4754:I65"} <= codes
    assert {"start": "GB4754:C39", "end": "GB4754:C"} in links
    assert len(links) == 97 and all(n["scheme"] == "GB/T 4754-2017" for n in nodes)
    assert I.division_code("C39") == I.division_code("39") == "GB4754:C39"
    with pytest.raises(ValueError):
        I.division_code("C99")


@pytest.mark.parametrize("raw,clean", [
    ("一般物品拍卖 ", "一般物品拍卖"), ("皮箱、包(袋)制造", "皮箱、包（袋）制造"),
    ("三维（3D)打印技术推广服务", "三维（3D）打印技术推广服务"),
])
def test_clean_name(raw, clean):
    assert I.clean_name(raw) == clean


# ------------------------------------------------------------------------- full tree

def test_full_tree_rows(tree):
    nodes, links = I.tree_rows(tree)
    per_level = {lv: sum(1 for n in nodes if n["level"] == lv) for lv in (1, 2, 3, 4)}
    assert per_level == {1: 20, 2: 97, 3: 473, 4: 1382}
    assert len({n["code"] for n in nodes}) == len(nodes)
    assert len(links) == len(nodes) - 20
    assert {"start": "GB4754:C3973", "end": "GB4754:C397"} in links
    assert not [n for n in nodes if n["name"] != n["name"].strip() or "(" in n["name"]]


def test_sei_categories_match_the_tree(tree):
    rows = I.sei_rows()
    assert len(rows) == 9 and all(r["source_ids"][0] for r in rows)
    tops = {p.split(">")[0].strip() for n, _, _ in I.walk_tree(tree) for p in I.strategic_paths(n)}
    assert tops == {r["name"] for r in rows}


def test_sei_links(tree):
    links = I.sei_links(tree)
    assert len({ln["start"] for ln in links}) == 469          # classes tagged 'strategic'
    ic = [ln for ln in links if ln["start"] == "GB4754:C3973"]
    assert [ln["end"] for ln in ic] == ["SEI2018:1"] and "集成电路制造" in ic[0]["evidence"]


# -------------------------------------------------------------------- Xuzhou priorities

def _plain(s: str) -> str:
    return re.sub(r"[\s,，。、;；:：]", "", s)


def test_xuzhou_priorities_quote_the_article():
    from loaders.resolve.text import clean
    article = clean(shared_file("xuzhou-gba-promotion-week.txt").read_text(encoding="utf-8")).text
    for row in read_csv(I.XZ_FILE):
        assert _plain(row["evidence"]) in _plain(article), row["code"]
        assert row["source"]
    names = {r["name"] for r in read_csv(I.XZ_FILE)}
    assert {"装备与智能制造", "集成电路与ICT", "生物医药与大健康", "新能源",
            "新基建", "电子信息", "文化旅游"} <= names


def test_xuzhou_rows():
    nodes, prio, links = I.xuzhou_rows()
    assert {p["start"] for p in prio} == {"320300"} and len(prio) == len(nodes) == 8
    assert {"start": "GB4754:C39", "end": "XZ:2"} in [{k: x[k] for k in ("start", "end")}
                                                       for x in links]
    assert all(x["evidence"] for x in links)
    four = {x["start"] for x in links if x["end"] == "XZ:S4"}
    assert four == {"XZ:1", "XZ:2", "XZ:3", "XZ:4"}


# ------------------------------------------------------------------------------ loading

def test_load_reference_twice_same_counts(store):
    first = load_reference(store)
    counts = store.counts()
    assert load_reference(store) == first
    assert store.counts() == counts
    assert first["gbt_nodes"] == 117 and first["sei_nodes"] == 9
    assert first["prioritizes"] == 8 and first["chain_upstream_of"] > 0


def test_prioritizes_edges_from_xuzhou(store):
    load_reference(store)
    rows = store.read("MATCH (:Region {code: $c})-[:PRIORITIZES]->(i:Industry) "
                      "RETURN i.name ORDER BY i.name", {"c": "320300"}).rows
    assert ["集成电路与ICT"] in rows and len(rows) == 8
    rows = store.read("MATCH (:Region {code: $c})-[:PRIORITIZES]->(p:Industry {code: $p})"
                      "<-[:SUBCLASS_OF]-(d:Industry {scheme: $s}) RETURN d.code ORDER BY d.code",
                      {"c": "320300", "p": "XZ:2", "s": "GB/T 4754-2017"}).rows
    assert ["GB4754:C39"] in rows and ["GB4754:I65"] in rows


def test_load_full_tree(store):
    counts = I.load_gbt_tree(store, shared_file(TREE))
    assert counts["gbt_tree_nodes"] == 1972 and counts["gbt_tree_subclass_of"] == 1952
    assert counts["gbt_sei_links"] == len(I.sei_links(I.read_tree(shared_file(TREE))))
    # (FalkorDB 0.11 loses a WHERE on the end node of a fixed-length *3 pattern: no WHERE)
    rows = store.read("MATCH (c:Industry {code: $c})-[:SUBCLASS_OF*3]->(s:Industry) "
                      "RETURN s.name", {"c": "GB4754:C3973"}).rows
    assert rows == [["制造业"]]
    assert I.load_gbt_tree(store, shared_file(TREE)) == counts


def test_vendor_industry_mapping_covers_the_listed_table_with_real_divisions():
    import csv as _csv
    from conftest import shared_file
    from loaders.reference.industries import division_codes
    from loaders.reference.vendor_industries import mapping
    m = mapping()
    with open(shared_file("enterprises/a-share-listed.csv"), encoding="utf-8-sig") as fh:
        used = {r["industry"] for r in _csv.DictReader(fh) if r["industry"]}
    assert used <= set(m), sorted(used - set(m))
    assert set(m.values()) - {""} <= set(division_codes().values())  # real divisions only
