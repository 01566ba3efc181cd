"""Regions: GB/T 2260 divisions from installed packages, aliases, clusters, loading."""
from __future__ import annotations

import pytest

from loaders.reference import regions as R


# ------------------------------------------------------------------------ pure functions

def test_levels_and_counts():
    counts = R.region_counts()
    assert counts["province"] == 34          # 31 + Hong Kong, Macao, Taiwan
    assert 330 <= counts["prefecture"] <= 340
    assert 2800 <= counts["county"] <= 2900
    assert counts["cluster"] == 5


def test_every_region_below_province_has_a_parent_and_no_placeholders():
    admin = R.admin_regions()
    for r in admin.values():
        assert r["name"] not in R.PSEUDO
        if r["level"] != "province":
            assert r["parent"] in admin, r
    assert admin["110101"]["parent"] == "110000"       # municipality district -> municipality
    assert admin["429004"]["parent"] == "420000"       # 仙桃市: province-administered county
    assert admin["320303"]["parent"] == "320300"


def test_abolished_codes_are_dropped_and_successors_kept():
    admin = R.admin_regions()
    assert "500228" not in admin          # 梁平县, abolished 2016 (cpca still lists it)
    assert admin["500155"]["name"] == "梁平区"
    assert "429001" not in admin          # old code of 随州市, undated in loc.dat
    assert admin["421300"]["name"] == "随州市"


def test_names_are_simplified_without_breaking_real_characters():
    assert R.simplified("加格達奇區") == "加格达奇区"
    assert R.simplified("乾安县") == "乾安县"
    assert R.admin_regions()["610424"]["name"] == "乾县"


def test_current_name_parses_date_ranges():
    assert R.current_name("[1983-1989]罗湖区办事处,[1990-]罗湖区") == "罗湖区"
    assert R.current_name("[1983-2013]白下区") is None
    assert R.current_name("东城区") == "东城区"


@pytest.mark.parametrize("name,level,short", [
    ("徐州市", "prefecture", "徐州"), ("江苏省", "province", "江苏"),
    ("广西壮族自治区", "province", "广西"), ("新疆维吾尔自治区", "province", "新疆"),
    ("香港特别行政区", "province", "香港"), ("延边朝鲜族自治州", "prefecture", "延边"),
    ("博尔塔拉蒙古自治州", "prefecture", "博尔塔拉"), ("锡林郭勒盟", "prefecture", "锡林郭勒"),
    ("云龙区", "county", "云龙"), ("沛县", "county", None), ("鄂温克族自治旗", "county", None),
])
def test_short_name(name, level, short):
    assert R.short_name(name, level) == short


def test_coordinates_for_most_regions():
    admin = R.admin_regions()
    assert admin["320300"]["lat"] == pytest.approx(34.2, abs=0.2)
    assert admin["330112"]["lat"] is not None        # 临安区: taken from cpca's 临安市 row
    assert sum(r["lat"] is None for r in admin.values()) < 100


@pytest.mark.parametrize("text,code", [
    ("深圳", "440300"), ("深圳市", "440300"), ("徐州市", "320300"), ("徐州", "320300"),
    ("江苏", "320000"), ("江苏省", "320000"), ("云龙区", "320303"), ("北京", "110000"),
    ("吉林", "220000"), ("吉林市", "220200"), ("香港", "810000"), ("内蒙古", "150000"),
    ("彭城", "320300"), ("鹏城", "440300"), ("大鹏之城", "440300"),
    ("大湾区", "C-GBA"), ("粤港澳大湾区", "C-GBA"), ("长三角", "C-YRD"), ("京津冀", "C-JJJ"),
    ("成渝", "C-CY"), ("淮海经济区", "C-HHEZ"), ("320303", "320303"),
])
def test_resolve_region(text, code):
    assert R.resolve_region(text) == code


def test_ambiguous_names_need_a_parent_hint():
    assert R.resolve_region("鼓楼区") is None                 # Nanjing, Xuzhou, Fuzhou, Kaifeng
    assert R.resolve_region("鼓楼区", within="320300") == "320302"
    assert R.resolve_region("鼓楼区", within="320000") is None  # two in Jiangsu
    assert R.resolve_region("云龙") is None                    # 云龙区 (Xuzhou), 云龙县 (Yunnan)
    assert R.resolve_region("云龙", within="320300") == "320303"
    assert {c["code"] for c in R.region_candidates("鼓楼区")} >= {"320302", "320106"}
    assert R.resolve_region("") is None and R.resolve_region("不存在的地方") is None


def test_region_index():
    idx = R.region_index()
    assert idx["深圳"] == {"code": "440300", "name": "深圳市", "level": "prefecture"}
    assert idx["江苏"]["code"] == "320000"
    assert idx["大湾区"]["level"] == "cluster"
    assert "鼓楼区" not in idx and "云龙" not in idx


def test_short_aliases_only_when_unambiguous():
    admin = R.admin_regions()
    assert "徐州" in admin["320300"]["aliases"]
    assert "云龙" not in admin["320303"]["aliases"]
    assert "吉林" not in admin["220200"]["aliases"]            # 吉林 is the province


def test_authored_tables_name_their_sources():
    for row in R.read_csv(R.ALIASES_FILE) + R.read_csv(R.CLUSTERS_FILE):
        assert row["source"], row


def test_clusters_and_members():
    regions, part_of, member_of = R.region_rows()
    members = {}
    for m in member_of:
        members.setdefault(m["end"], set()).add(m["start"])
    assert len(members["C-GBA"]) == 11 and {"810000", "820000", "440300"} <= members["C-GBA"]
    assert len(members["C-YRD"]) == 27
    assert "320300" in members["C-HHEZ"]
    assert {"110000", "120000", "130000"} == members["C-JJJ"]
    assert "510100" in members["C-CY"]
    assert all(m["source_ids"][0] for m in member_of)
    assert len(part_of) == sum(1 for r in regions if r["level"] in ("prefecture", "county"))


# ------------------------------------------------------------------------------ loading

def _q(store, cypher, **params):
    return store.read(cypher, params).rows


def test_load_regions_twice_same_counts(store):
    first = R.load_regions(store)
    counts = store.counts()
    assert R.load_regions(store) == first
    assert store.counts() == counts
    regions, part_of, member_of = R.region_rows()
    assert counts["nodes"]["Region"] == len(regions)
    assert counts["relationships"]["PART_OF"] == len(part_of)
    assert counts["relationships"]["MEMBER_OF"] == len(member_of)


def test_loaded_hierarchy_and_clusters(store):
    R.load_regions(store)
    rows = _q(store, "MATCH (c:Region {code: $c})-[:PART_OF]->(p:Region)-[:PART_OF]->(q:Region) "
                     "RETURN p.code, q.code", c="320303")
    assert rows == [["320300", "320000"]]
    rows = _q(store, "MATCH (:Region {name: $n})-[:MEMBER_OF]->(c:Region) RETURN c.name",
              n="徐州市")
    assert ["淮海经济区"] in rows
    rows = _q(store, "MATCH (r:Region {code: $c}) RETURN r.name, r.level, r.aliases", c="440300")
    assert rows[0][0] == "深圳市" and rows[0][1] == "prefecture" and "鹏城" in rows[0][2]
