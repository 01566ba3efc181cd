"""The shared search and resolver: names, aliases, suffixes, region prefixes, pinyin, typos."""
from __future__ import annotations

import pytest

from loaders.resolve.enrich import _table_pinyin, name_id, pinyin_keys, search_keys
from loaders.resolve.search import (MERGE_THRESHOLD, resolve, score_candidate, search,
                            strip_legal_suffix, strip_region_prefix)


def test_pinyin_keys_by_hand():
    assert pinyin_keys("招商局集团") == ("zhaoshangjujituan", "zsjjt")
    assert pinyin_keys("徐州市") == ("xuzhoushi", "xzs")


# Written by hand (how the names are read), not produced by the code: the per-character
# table must give way to the word where a character's reading depends on it.
@pytest.mark.parametrize("name,full,initials", [
    ("重庆市", "chongqingshi", "cqs"),                     # 重: zhong alone
    ("长沙市", "changshashi", "css"),
    ("厦门市", "xiamenshi", "xms"),                        # 厦: sha alone
    ("中国银行股份有限公司", "zhongguoyinhanggufenyouxiangongsi", "zgyhgfyxgs"),  # 行: xing alone
    ("重庆长安汽车股份有限公司", "chongqingchanganqichegufenyouxiangongsi", "cqcaqcgfyxgs"),
    ("长江重工", "changjiangzhonggong", "cjzg"),
    ("华为技术(深圳)有限公司", "huaweijishushenzhenyouxiangongsi", "hwjsszyxgs"),
    ("abc科技有限公司", "abckejiyouxiangongsi", "akjyxgs"),   # an ASCII run is one item
    ("温州柏岳恒造纸集团有限公司", "wenzhoubaiyuehengzaozhijituanyouxiangongsi", "wzbyhzzjtyxgs"),
])
def test_pinyin_keys_polyphonic_by_hand(name, full, initials):
    assert pinyin_keys(name) == (full, initials)


def test_pinyin_table_used_only_where_no_word_changes_a_reading():
    assert _table_pinyin("招商局集团") == ["zhao", "shang", "ju", "ji", "tuan"]
    assert _table_pinyin("徐州市") == ["xu", "zhou", "shi"]
    for name in ("重庆市", "厦门市", "中国银行"):
        assert _table_pinyin(name) is None, name  # segmented the way pypinyin does


def test_legal_suffix_and_region_prefix():
    assert strip_legal_suffix("招商银行股份有限公司") == "招商银行"
    assert strip_legal_suffix("华润(集团)有限公司") == "华润(集团)"
    assert strip_legal_suffix("集团") == "集团"  # nothing would be left
    assert strip_region_prefix("深圳宝能集团") == ("宝能集团", "深圳")
    assert strip_region_prefix("宝能集团") == ("宝能集团", None)


@pytest.mark.parametrize("typed,name,expect_min,expect_max,why", [
    ("招商局集团", "招商局集团", 1.0, 1.0, "名称一致"),
    ("招商银行股份有限公司", "招商银行", 0.95, 0.95, "后缀"),
    ("深圳宝能集团", "宝能集团", 0.92, 0.92, "地区前缀"),
    ("zhaoshangjujituan", "招商局集团", 0.9, 0.9, "全拼"),
    ("zsjjt", "招商局集团", 0.8, 0.8, "首字母"),
    ("zsjt", "招商局集团", 0.6, 0.79, "近似"),
    ("招商局集图", "招商局集团", 0.5, MERGE_THRESHOLD - 0.01, "模糊"),
    ("华润电力", "中亚置业集团", 0.0, 0.3, ""),
])
def test_score_candidate_by_hand(typed, name, expect_min, expect_max, why):
    keys = search_keys(name)
    score, reasons, _ = score_candidate(typed, keys["name_norm"], keys["pinyin"],
                                        keys["initials"], [])
    assert expect_min <= score <= expect_max
    assert why in "".join(reasons)


def test_alias_scores_high():
    keys = search_keys("招商局集团")
    score, why, _ = score_candidate("招商局", keys["name_norm"], keys["pinyin"],
                                    keys["initials"], ["招商局"])
    assert score == 0.97 and why == ["别名一致"]


def _company(name, **extra):
    return {"id": name_id(name), "name": name, **search_keys(name), **extra}


def test_search_and_resolve_on_both_stores(store):
    store.upsert_nodes("Company", [_company("招商局集团", aliases=["招商局", "招商局集团有限公司"]),
                                   _company("招商银行"), _company("宝能集团"),
                                   _company("华润电力"), _company("招商积余")])
    store.upsert_nodes("Region", [{"code": "440300", "name": "深圳市", **search_keys("深圳市")}])
    top = lambda q: search(store, q, limit=3)[0]  # noqa: E731
    assert top("招商局")["name"] == "招商局集团"
    assert top("zhaoshangju")["name"] == "招商局集团"
    assert top("zsjjt")["name"] == "招商局集团"
    assert top("zsjt")["name"] == "招商局集团"
    assert top("招商局集图")["name"] == "招商局集团"
    assert top("深圳宝能集团")["name"] == "宝能集团"
    assert top("深圳")["label"] == "Region"
    assert resolve(store, "招商银行股份有限公司")["id"] == name_id("招商银行")
    hit = resolve(store, "深圳宝能集团")
    assert hit["id"] == name_id("宝能集团") and hit["region_hint"] == "深圳"
    assert resolve(store, "招商局集图") is None  # proposed, never merged below the threshold
    assert search(store, "完全无关的名字xyz") == [] or \
        search(store, "完全无关的名字xyz")[0]["score"] < MERGE_THRESHOLD


def test_pinyin_keys_agree_with_pypinyin():
    """The per-character tables give what pypinyin's own segmentation gives
    (`lazy_pinyin`), on names mixing the characters whose reading depends on the word with
    others, ASCII and punctuation."""
    import random

    from pypinyin import lazy_pinyin

    from loaders.resolve.enrich import _char_table

    def by_pypinyin(name):
        syllables = [s for s in lazy_pinyin(name) if s.strip()]
        full = "".join(syllables).lower()
        initials = "".join(s[0] for s in syllables if s[:1].isalnum()).lower()
        return "".join(filter(str.isalnum, full)), initials

    _, divergent = _char_table()
    rnd = random.Random(16)
    pool = sorted(divergent)[:300] + list("重庆长沙厦门银行重型有限公司集团科技") + [
        "A", "b2", " ", "(", ")", "·", "有限公司", "股份"]
    names = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 12))) for _ in range(4000)]
    assert [n for n in names if pinyin_keys(n) != by_pypinyin(n)] == []


def _plan(store, cypher: str, params: dict) -> str:
    """The plan's operators as text, read from each store's own EXPLAIN."""
    if hasattr(store, "graph"):  # the embedded store: FalkorDB's GRAPH.EXPLAIN
        return str(store.graph.explain(cypher, params))
    with store._session(False) as session:
        plan = session.run("EXPLAIN " + cypher, params).consume().plan

    def walk(p):
        return [p["operatorType"] + " " + str(p.get("args", {}).get("Details", ""))] + \
            [x for c in p.get("children", []) for x in walk(c)]
    return "\n".join(walk(plan))


def test_prefix_search_seeks_the_index_with_one_text_for_every_input(store):
    """The prefixes of what was typed are one list parameter, each looked up as an index range:
    one statement whatever the length (Neo4j compiled the old per-length forms for 0.2-20 s),
    and no label scan on either store."""
    store.upsert_nodes("Company", [_company(n) for n in ("招商局集团", "招商银行", "华润电力")])
    seen: list[str] = []
    read = store.read
    store.read = lambda cypher, params=None, **kw: seen.append(cypher) or read(cypher, params, **kw)
    try:
        for text in ("招商局集团有限公司", "招商", "华润电力股份", "zhaoshangjuj", "zsyh"):
            search(store, text, limit=5)
    finally:
        store.read = read
    prefix = [c for c in seen if "UNWIND $ranges" in c]
    assert len(prefix) >= 5 and len(set(prefix)) == 2, set(prefix)  # names; pinyin + initials
    assert not any(c.count("UNION ALL") > 7 for c in seen)
    for cypher in set(prefix):
        plan = _plan(store, cypher, {"ranges": [{"lo": "招商", "hi": "招啇"}]})
        assert "Index" in plan and "Label Scan" not in plan and "LabelScan" not in plan, plan
    hits = search(store, "招商局集团有限公司", limit=5)
    assert hits[0]["name"] == "招商局集团"
