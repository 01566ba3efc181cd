"""loaders.news.extract: extraction from news articles, scored like ../shared/tools/news-eval."""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SHARED_DATA, shared_file
from loaders.news import names as news_names
from loaders.news.extract import extract, extract_file
from cli.extract_cmd import extract_cmd
from loaders.resolve.text import to_simplified

CASES = Path(__file__).parent / "news_cases"
KEYS = {"source", "companies", "organizations", "regions", "industries", "agreements", "visits"}
GOV = ("政府", "县", "市", "区", "开发区", "新城", "委员会", "管委会", "代表团", "中心")


def norm(x):
    return re.sub(r"\s+", "", re.sub(r"[(（][^)）]*[)）]", "", to_simplified(str(x or ""))))


def same(a, b):
    a, b = norm(a), norm(b)
    return len(a) >= 2 and len(b) >= 2 and (a == b or (len(min(a, b, key=len)) >= 3 and (a in b or b in a)))


def matches(gold, pred):
    key = [x for x in gold["parties"] if not norm(x).endswith(GOV)] or gold["parties"]
    return len(pred["parties"]) >= 2 and any(same(x, y) for x in key for y in pred["parties"])


def articles():
    dev = SHARED_DATA / "news-dev"
    out = sorted(dev.glob("*.txt")) + sorted(CASES.glob("*.txt"))
    if not list(dev.glob("*.txt")):
        pytest.fail(f"test data missing: {dev}/*.txt")
    return out


@pytest.mark.parametrize("path", articles(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_annotated_article(path):
    gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text(encoding="utf-8"))
    pred = extract_file(path)
    assert set(pred) == KEYS
    ags = pred["agreements"]
    for g in gold["agreements"]:
        assert any(matches(g, a) for a in ags), f"agreement not found: {g['parties']}"
    for a in ags:
        assert any(matches(g, a) for g in gold["agreements"]), f"spurious agreement {a['parties']}"
    ents = [m for c in pred["companies"] for m in [c["name"], *c["mentions"]]]
    ents += [o["name"] for o in pred["organizations"]]
    for c in gold["companies"]:
        ms = [m for m in c["mentions"] if len(norm(m)) >= 3]
        assert not ms or any(same(m, e) for m in ms for e in ents), f"company missing: {ms}"
    hosts = [v["host"] for v in pred["visits"]]
    for v in gold["visits"]:
        assert any(same(v["host"], h) for h in hosts), f"visit host missing: {v['host']}"


@pytest.fixture(scope="module")
def sample():
    return extract_file(shared_file("xuzhou-gba-promotion-week.txt"))


def test_sample_five_agreements(sample):
    ags = sample["agreements"]
    assert len(ags) == 5
    banks = {"招商银行", "招商创投", "招商租赁", "仁和人寿", "招商启航"}
    assert {a["parties"][-1] for a in ags} == banks
    for a in ags:
        assert a["parties"][:2] == ["云龙区人民政府", "淮海经济区金融服务中心"]
        assert a["date"] == "2020-05-11" and a["type"] == "合作意向书"
        assert "分别签署合作意向书" in a["evidence"]


def test_sample_visits(sample):
    by_host = {v["host"]: v for v in sample["visits"] if v["host_label"] != "Region"}
    assert set(by_host) == {"招商局集团", "宝能集团", "华侨城集团", "中亚置业集团", "华润电力"}
    # a trip to a place is a visit to that place (我市再赴深圳…): the real corpus's
    # annotations count it, with the place as written and its region code
    trips = [v for v in sample["visits"] if v["host_label"] == "Region"]
    assert {(v["host"], v["host_code"][:4]) for v in trips} == {("深圳", "4403")}
    assert ("徐州市", "深圳") in {(v["visitor"], v["host"]) for v in trips}
    assert by_host["招商局集团"]["date"] == "2020-05-11"
    for host in ("宝能集团", "华侨城集团", "中亚置业集团", "华润电力"):
        assert (by_host[host]["date"], by_host[host]["date_end"]) == ("2020-05-12", "2020-05-14")
    assert {v["visitor"] for v in by_host.values()} == {"徐州代表团"}


def test_sample_naming_and_source(sample):
    baoneng = next(c for c in sample["companies"] if c["name"] == "宝能集团")
    assert baoneng["region"] == "深圳" and "深圳宝能集团" in baoneng["mentions"]
    cmg = next(c for c in sample["companies"] if c["name"] == "招商局集团")
    assert "招商局" in cmg["aliases"]
    src = sample["source"]
    assert src["publisher"] == "徐州日报" and src["home_region"] == "徐州市"
    assert [w["text"] for w in src["warnings"]] == ["?,F"]


def test_no_agreement_for_talks_or_future():
    r = extract("5月3日,我县与甲乙科技有限公司进行洽谈交流。双方将于下月签署合作协议。"
                "丙丁集团拟与我县签订投资协议。")
    assert r["agreements"] == []


def test_relative_dates_and_year():
    r = extract("6月1日,A市代表团拜访了星海科技集团。次日,代表团走访了蓝天电子有限公司。",
                published="2021-06-03")
    d = {v["host"]: v["date"] for v in r["visits"]}
    assert d == {"星海科技集团": "2021-06-01", "蓝天电子有限公司": "2021-06-02"}
    r = extract("6月1日,A市代表团拜访了星海科技集团。")  # no year anywhere: no date, the text
    assert (r["visits"][0]["date"], r["visits"][0]["date_text"]) == (None, "6月1日")
    r = extract("2022年招商引资项目集中签约\n6月1日,A市代表团拜访了星海科技集团。")
    assert r["visits"][0]["date"] == "2022-06-01"  # the year from the title


def test_gazetteer_names_and_ids():
    known = [{"id": "C1", "name": "星海科技集团有限公司", "label": "Company", "aliases": ["星海科技"]},
             {"id": "I1", "name": "光伏", "label": "Industry", "aliases": [], "code": "SEI:3"}]
    r = extract("市长会见了星海科技董事长,双方就光伏项目深入交流。", known=known)
    assert [(c["name"], c["id"]) for c in r["companies"]] == [("星海科技集团有限公司", "C1")]
    assert {"name": "光伏", "code": "SEI:3", "mentions": ["光伏"]} in r["industries"]


def test_pattern_fallback_without_region_table(monkeypatch):
    monkeypatch.setattr(news_names, "full_region_index", lambda: None)
    news_names.region_lookup.cache_clear()
    try:
        r = extract("近日,眉县人民政府与常兴光伏科技有限公司签订框架协议。")
    finally:
        news_names.region_lookup.cache_clear()
    assert r["agreements"][0]["parties"] == ["眉县人民政府", "常兴光伏科技有限公司"]
    assert any(x["name"] == "眉县" for x in r["regions"])


def test_cli_json_and_gb18030(tmp_path, monkeypatch):
    monkeypatch.delenv("KG_STORE", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "a.txt"
    f.write_bytes("4月30日,南丰县政府与卓阳能源集团有限公司签订合作协议。".encode("gb18030"))
    res = CliRunner().invoke(extract_cmd, [str(f), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["source"]["encoding"] == "gb18030" and len(out["agreements"]) == 1
    res = CliRunner().invoke(extract_cmd, [str(f)])
    assert "签约" in res.output and "卓阳能源集团有限公司" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # wrote nothing


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = st.sampled_from(["与", "和", "、", "签署", "合作协议", "分别", "拜访了", "集团", "有限公司",
                           "5月11日", "次日", "当天", "至", "14日", "等3家企业", "。", ",", "代表团",
                           "人民政府", "64亿元", "徐州", "?,F", "(wǎng)", "——", "将", "星海"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30))
def test_extract_never_crashes(pieces):
    r = extract("".join(pieces))
    # 'dropped' (signings not emitted, with the reason) and 'dropped_agreements' appear only when non-empty
    assert KEYS <= set(r) <= KEYS | {"dropped", "dropped_agreements"}
    for a in r["agreements"]:
        assert len(a["parties"]) >= 2


def test_loading_an_article_merges_into_existing_entities(store):
    """`kg load ARTICLE --kind news` on top of the demo: no duplicate 招商局集团, the five
    agreements are the demo's own (same parties, date and type), facts cite the sentence."""
    from loaders.demo import load_demo
    from loaders.news.load import load_news
    load_demo(store, companies=False)
    before = store.counts()["nodes"]
    rep = load_news(store, shared_file("xuzhou-gba-promotion-week.txt"))
    assert rep.read == rep.loaded + rep.rejected and rep.loaded >= 10
    after = store.counts()["nodes"]
    assert after["Company"] == before["Company"] and after["Agreement"] == before["Agreement"]
    assert store.read("MATCH (c:Company {name: '招商局集团'}) RETURN count(c)").scalar() == 1
    ev = store.read("MATCH (:Company {name: '招商银行'})-[r:PARTY_TO]->(a:Agreement) "
                    "RETURN a.date, r.evidence, r.source_ids").rows
    assert ev[0][0] == "2020-05-11" and "分别签署合作意向书" in ev[0][1]
    assert rep.source_id in ev[0][2]
    again = load_news(store, shared_file("xuzhou-gba-promotion-week.txt"))
    assert again.unchanged == again.loaded and store.counts()["nodes"] == after
