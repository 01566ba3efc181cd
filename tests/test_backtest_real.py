"""The real-signing backtest (issue 15, item 10): the evaluation set's files, the loader, the
per-city cut-off, and hits/MRR on a tiny fixture computed by hand; docs/leads.md carries what
`kg leads-eval --real` prints."""
from __future__ import annotations

import csv
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT, SHARED_DATA
from loaders import real_signings
from queries.leads import backtest

HEAD = ("id,date,date_precision,region_text,province,city,county,company_text,company_full,"
        "stock_code,agreement_type,project,amount_text,industry_text,sentence,url,publisher,"
        "pub_date,notes")
SIGNINGS = [
    # 徐州市: A signs in 2020 (visible), its sister B in 2023 (hidden): B is the target
    ["S1", "2020-01-01", "day", "徐州市政府", "江苏省", "徐州市", "", "甲电池", "", "", "投资协议",
     "", "", "动力电池", "2020年1月1日,甲电池与徐州市政府签署投资协议。", "https://ex.org/1",
     "甲报", "2020-01-02", ""],
    ["S2", "2023-01-01", "day", "徐州市政府", "江苏省", "徐州市", "", "乙电池", "", "", "投资协议",
     "", "", "电池", "2023年1月1日,乙电池与徐州市政府签署投资协议。", "https://ex.org/2", "乙报",
     "2023-01-02", ""],
    # 宿迁市: A in 2019 (visible), E (not in the graph, medicine) in 2024: E is no candidate
    ["S3", "2019-05-01", "day", "宿迁市政府", "江苏省", "宿迁市", "", "甲电池股份", "", "300001.SZ",
     "合作协议", "", "", "锂电池", "2019年5月1日,甲电池股份(300001.SZ)与宿迁市政府签约。",
     "https://ex.org/3", "丙报", "", ""],
    ["S4", "2024-01-01", "day", "宿迁市政府", "江苏省", "宿迁市", "", "戊医药", "戊医药有限公司", "",
     "合作协议", "", "", "医药", "2024年1月1日,戊医药有限公司与宿迁市政府签约。", "https://ex.org/4",
     "丁报", "2024-01-01", ""],
    # no year printed: not loaded
    ["S5", "8月18日 (year not stated)", "month-day", "徐州市政府", "江苏省", "徐州市", "", "丙电池",
     "", "", "协议", "", "", "电池", "8月18日,丙电池与徐州市政府签约。", "https://ex.org/5", "戊报",
     "", ""],
]
COMPANIES = [["甲电池", "", "", "", "2", "甲电池", ""], ["甲电池股份", "", "", "300001.SZ", "1", "甲电池", ""],
             ["乙电池", "", "", "", "1", "乙电池", ""], ["戊医药", "戊医药有限公司", "https://ex.org/4", "",
                                                  "1", "戊医药", ""],
             ["丙电池", "", "", "", "1", "丙电池", ""]]


@pytest.fixture
def signings_dir(tmp_path):
    d = tmp_path / "signings"
    d.mkdir()
    with (d / "signings.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEAD.split(","))
        w.writerows(SIGNINGS)
    with (d / "companies.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["company_text", "company_full", "full_name_url", "stock_code", "n_rows",
                    "group_key_judgement", "relation_note"])
        w.writerows(COMPANIES)
    (d / "industry_keywords.csv").write_text(
        "keyword,gbt_code,reason\n电池,GB4754:C38,x\n锂,GB4754:C38,x\n医药,GB4754:C27,x\n",
        encoding="utf-8")
    return d


def build_world(st):
    """徐州市 and 宿迁市 in 江苏省; group P owns A (甲电池, stock 300001.SZ) and B (乙电池); C and
    D are unrelated battery makers in 深圳市. Mentions make C the best connected (5), then B
    (1 owner + 3 mentions = 4), then P (2), then D (0)."""
    st.setup_schema()
    st.upsert_nodes("Region", [{"code": "320000", "name": "江苏省", "level": "province"},
                               {"code": "320300", "name": "徐州市", "level": "prefecture"},
                               {"code": "321300", "name": "宿迁市", "level": "prefecture"},
                               {"code": "440300", "name": "深圳市", "level": "prefecture"}])
    st.upsert_relationships("PART_OF", "Region", "Region", [
        {"start": "320300", "end": "320000"}, {"start": "321300", "end": "320000"}])
    st.upsert_nodes("Industry", [
        {"code": "GB4754:C38", "name": "电气机械和器材制造业", "scheme": "GB/T 4754-2017"},
        {"code": "GB4754:C27", "name": "医药制造业", "scheme": "GB/T 4754-2017"}])
    st.upsert_nodes("Company", [
        {"id": "P", "name": "甲乙集团"}, {"id": "A", "name": "甲电池", "stock_code": "300001.SZ"},
        {"id": "B", "name": "乙电池"}, {"id": "C", "name": "丙电池"}, {"id": "D", "name": "丁电池"}])
    st.upsert_relationships("OWNS", "Company", "Company", [{"start": "P", "end": "A"},
                                                           {"start": "P", "end": "B"}])
    st.upsert_relationships("IN_INDUSTRY", "Company", "Industry", [
        {"start": c, "end": "GB4754:C38"} for c in "ABCD"])
    st.upsert_relationships("LOCATED_IN", "Company", "Region", [
        {"start": c, "end": "440300"} for c in "ABCD"])
    st.upsert_nodes("Source", [{"id": f"m{i}", "title": f"报道{i}"} for i in range(8)])
    st.upsert_relationships("MENTIONS", "Source", "Company",
                            [{"start": f"m{i}", "end": "C"} for i in range(5)]
                            + [{"start": f"m{i}", "end": "B"} for i in range(5, 8)])
    return st


def test_the_shipped_set_keeps_sentence_and_address_of_every_row():
    data = real_signings.read()
    rows = data["signings"]
    assert len(rows) == 140 and all(r["sentence"] and r["url"].startswith("http") for r in rows)
    undated = sorted(r["id"] for r in rows if not r["dated"])
    assert undated == ["S002", "S020", "S022", "S065", "S123", "S139", "S140"]
    assert next(r for r in rows if r["id"] == "S048")["date"] == "2019"
    assert all(re.match(r"^GB4754:[A-T]\d\d$", c) for _, c in data["keywords"])


def test_cutoff_per_region():
    assert backtest.choose_cutoff(["2020-01-01", "2023-01-01"]) == "2022-06-30"
    assert backtest.choose_cutoff(["2019-09-21", "2020-02-25", "2021-05"]) == "2020-02-25"
    assert backtest.choose_cutoff(["2023-01-01", "2024-01-01"]) == "2023-01-01"
    assert backtest.choose_cutoff(["2021"]) is None


def test_load_matches_adds_and_sources(store, signings_dir):
    st = build_world(store)
    counts = real_signings.load(st, signings_dir)
    assert (counts["signings"], counts["dated"], counts["undated"]) == (5, 4, 1)
    assert counts["matched_groups"] == 2 and counts["added_companies"] == 1  # 甲 by stock code
    assert {r["id"]: r["company"] for r in counts["rows"]} == {
        "S1": "A", "S2": "B", "S3": "A", "S4": "signing:戊医药"}
    added = st.read("MATCH (c:Company {id: 'signing:戊医药'})-[:IN_INDUSTRY]->(i:Industry) "
                    "RETURN c.full_name AS f, c.source_ids AS s, i.code AS i").records()
    assert added == [{"f": "戊医药有限公司", "s": ["https://ex.org/4"], "i": "GB4754:C27"}]
    ev = st.read("MATCH (:Company {id: 'B'})-[p:PARTY_TO]->(a:Agreement)-[:SIGNED_IN]->(r:Region) "
                 "MATCH (s:Source)-[:MENTIONS]->(a) RETURN p.evidence AS e, r.name AS r, "
                 "s.uri AS u, a.date AS d").records()
    assert ev == [{"e": SIGNINGS[1][14], "r": "徐州市", "u": "https://ex.org/2", "d": "2023-01-01"}]


def test_hits_and_mrr_by_hand(store, signings_dir):
    st = build_world(store)
    rows = real_signings.load(st, signings_dir)["rows"]
    res = backtest.real(st, rows, priorities=set())
    by = {r["region"]: r for r in res["regions"]}
    xz, sq = by["徐州市"], by["宿迁市"]
    assert (xz["cutoff"], xz["targets"], xz["targets_in_candidates"]) == ("2022-06-30", 1, 1)
    # B: sister of the 2020 signer A and in its industry: first for the engine; second by
    # relationship count (C 5, B 4 with its hidden agreement not counted)
    assert xz["engine"] == {"hits@10": 1.0, "hits@50": 1.0, "mrr": 1.0}
    assert xz["most_connected"] == {"hits@10": 1.0, "hits@50": 1.0, "mrr": 0.5}
    # 宿迁市 hides 戊医药 (2024): a medicine maker, outside the battery focus: no candidate
    assert (sq["cutoff"], sq["targets"], sq["targets_in_candidates"]) == ("2022-06-30", 1, 0)
    assert sq["engine"] == {"hits@10": 0.0, "hits@50": 0.0, "mrr": 0.0}
    assert res["pooled"]["engine"] == {"hits@10": 0.5, "hits@50": 0.5, "mrr": 0.5}
    assert res["pooled"]["most_connected"] == {"hits@10": 0.5, "hits@50": 0.5, "mrr": 0.25}
    text = backtest.markdown(res)
    assert "| engine | 0.500 | 0.500 | 0.500 |" in text
    assert "| most-connected | 0.500 | 0.500 | 0.250 |" in text


def test_docs_block_round_trip(tmp_path):
    doc = tmp_path / "leads.md"
    doc.write_text("# Leads\n\nbefore\n", encoding="utf-8")
    backtest.write_docs(doc, "| engine | 1 |")
    backtest.write_docs(doc, "| engine | 2 |")
    text = doc.read_text(encoding="utf-8")
    assert text.count(backtest.START) == 1 and "before" in text
    assert backtest.docs_block(doc) == "| engine | 2 |"


def test_docs_figures_are_what_the_command_prints(tmp_path):
    """docs/leads.md's real-backtest block equals a fresh run of the documented command (the
    demo as shipped: nothing read outside the repository)."""
    from cli import main
    r = CliRunner().invoke(main, ["leads-eval", "--real", "--scratch", str(tmp_path / "s")])
    assert r.exit_code == 0, r.output
    printed = r.stdout.strip() if hasattr(r, "stdout") else r.output.strip()
    assert backtest.docs_block(ROOT / "docs" / "leads.md") == printed


def test_bare_leads_eval_does_not_fail(store):
    from cli import main
    from test_query_library import build_story
    st = build_story(store)
    arg = st.uri if st.kind == "neo4j" else "embedded:" + str(st.server.dir)
    r = CliRunner().invoke(main, ["--store", arg, "leads-eval"])
    assert r.exit_code == 0 and "hits@10" in r.output and "徐州市" in r.output, r.output


