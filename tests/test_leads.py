"""The lead engine on both stores, on the story graph of test_query_library.py."""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from graph.errors import InputError
from queries.leads import rank_leads
from queries.leads.backtest import evaluate, pooled
from test_query_library import OTHERS, SIGNED, UNSIGNED, build_story


@pytest.fixture
def story(store):
    return build_story(store)


@pytest.fixture
def report(story):
    return rank_leads(story, "徐州市", source_regions=["粤港澳大湾区"], top=50, asof="2020-12-31")


def test_cmg_subsidiaries_that_did_not_sign_rank_above_unrelated_companies(report):
    names = [l.name for l in report.leads]
    sisters = [names.index(n) for n in ("招商证券", "招商基金")]      # finance: in the focus
    unrelated = [names.index(n) for n in ("前海示例金融", "示例钢材")]
    assert max(sisters) < min(unrelated)
    assert names[:2] == ["招商证券", "招商基金"]  # group + industry fit


def test_focus_is_a_filter_and_group_ties_outside_it_are_a_second_list(report):
    assert all(l.signals["industry"] > 0 for l in report.leads)
    ties = [l.name for l in report.group_leads]
    # 招商蛇口 (real estate), 招商局港口 (shipping), 招商局集团 (no industry): not finance or
    # equipment, but sisters of the signers
    assert set(ties) == {"招商蛇口", "招商局港口", "招商局集团"}
    assert "华侨城集团" not in ties + [l.name for l in report.leads]   # neither fit nor tie
    assert all(l.signals["group"] > 0 and l.signals["industry"] == 0 for l in report.group_leads)


def test_result_structure_to_dict(report):
    d = report.to_dict()
    assert set(d) >= {"region", "industries", "leads", "group_leads", "excluded", "elapsed_ms"}
    assert d["industries"] == ["金融业", "装备与智能制造"] and d["excluded"]["count"] == 0
    lead = d["leads"][0]
    assert set(lead) >= {"rank", "id", "name", "full_name", "location", "industries",
                         "stock_code", "group", "score", "contributions", "reasons", "risk"}
    assert lead["location"] == "深圳市" and lead["industries"] == ["资本市场服务"]
    assert lead["group"] == "招商局集团"
    group = next(r for r in lead["reasons"] if r["signal"] == "group")
    assert group["grade"] == "强" and group["date"] == "2020-05-11" and "徐州日报" in group["source"]
    industry = next(r for r in lead["reasons"] if r["signal"] == "industry")
    assert industry["grade"] == "中" and industry["date"] is None


def test_reasons_cite_the_group_the_fact_and_the_source(report):
    lead = next(l for l in report.leads if l.name == "招商证券")
    group = next(i for i, r in enumerate(lead.reasons) if r.signal == "group")
    text = lead.reasons[group].text
    assert text.startswith("同属招商局集团：招商银行于2020-05-11（7个月前）与云龙区人民政府")
    assert "合作意向书" in text and "（来源：" in text and "徐州日报" in text
    assert lead.evidence[group]["path"] == ["cms", "cmg", "cmb", "ag-cmb", "320303"]
    assert "徐州日报" in lead.evidence[group]["sources"]
    assert lead.score == pytest.approx(sum(lead.contributions.values()))
    # parent/sister 1.0 x freshness of a 2020-05-11 tie seen on 2020-12-31 (234 days)
    assert lead.contributions["group"] == pytest.approx(0.25 * 0.5 ** (234 / 30.4375 / 24), abs=1e-5)


def test_exclusions_hold(report):
    ids = {l.id for l in report.leads}
    assert not ids & set(SIGNED)             # party to an agreement in 云龙区 (sub-region)
    assert "crp" not in ids                   # party to an agreement in 徐州市
    assert not ids & {"xzmach", "xzbank"}     # located in the region or a sub-region
    assert {"cms", "cmfund", "qhfin", "steel"} <= ids
    assert "cmg" in {l.id for l in report.group_leads}


def test_chain_gap_and_focus_industry(story):
    rep = rank_leads(story, "320300", industries=["装备与智能制造"], top=20)
    steel = next(l for l in rep.leads if l.id == "steel")
    assert steel.signals["chain_gap"] == 1.0 and steel.signals["industry"] == 1.0
    assert any("补链：图谱中徐州市在“钢材与有色金属材料”环节没有已知本地企业" in r.text for r in steel.reasons)


def test_weights_change_the_order(story):
    rep = rank_leads(story, "徐州市", top=3, weights="group=0,industry=1,proximity=0,scale=0")
    assert rep.leads[0].signals["industry"] == 1.0 and rep.leads[0].contributions["group"] == 0
    with pytest.raises(InputError, match="unknown weight"):
        rank_leads(story, "徐州市", weights="charm=1")


def test_unknown_region_and_industry_give_closest_matches(story):
    with pytest.raises(InputError, match="徐州市"):
        rank_leads(story, "徐洲市")
    with pytest.raises(InputError, match="金融业"):
        rank_leads(story, "徐州市", industries=["金融"])


def test_backtest_random_share_runs(story):
    res = evaluate(story, "徐州市", share=0.5, seed=1)
    assert res["hidden_agreements"] == 3 and res["targets"] >= 1
    figures = pooled([res])
    assert set(figures) == {"engine", "random", "industry_only", "most_connected"}
    assert 0 <= figures["engine"]["mrr"] <= 1


def test_cli_leads_and_eval(story, tmp_path):
    from cli import main
    from cli.leads_cmds import leads_cmd, leads_eval_cmd
    main.add_command(leads_cmd)
    main.add_command(leads_eval_cmd)
    store_arg = _store_arg(story)
    out = tmp_path / "l.xlsx"
    r = CliRunner().invoke(main, ["--store", store_arg, "leads", "--region", "徐州市", "--top", "3",
                                  "--format", "xlsx", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "推荐线索"
    r = CliRunner().invoke(main, ["--store", store_arg, "leads", "--region", "徐洲市"])
    assert r.exit_code == 2 and "徐州市" in r.output
    r = CliRunner().invoke(main, ["--store", store_arg, "leads-eval", "--region", "徐州市",
                                  "--share", "0.4"])
    assert r.exit_code == 0 and "hits@10" in r.output, r.output


def _store_arg(st) -> str:
    return st.uri if st.kind == "neo4j" else "embedded:" + str(st.server.dir)


def test_agreement_signed_elsewhere_with_a_local_party_counts(story):
    story.write("MATCH (a:Agreement)-[s:SIGNED_IN]->() DELETE s")
    story.upsert_relationships("SIGNED_IN", "Agreement", "Region",
                               [{"start": f"ag-{k}", "end": "440300"} for k in SIGNED])
    rep = rank_leads(story, "徐州市", top=50)
    assert not {l.id for l in rep.leads} & set(SIGNED)
    lead = next(l for l in rep.leads if l.id == "cms")
    assert any(r.text.startswith("同属招商局集团：招商银行于2020-05-11") for r in lead.reasons)


def _add_dated_facts(story):
    """A risky finance company, and an agreement 招商证券 signed in 苏州市 (a peer city: same
    province as 徐州市) in 2020-11, with its source."""
    story.upsert_nodes("Company", [{"id": "stfin", "name": "*ST示例金融", "synthetic": True},
                                   {"id": "gone", "name": "示例注销金融", "status": "注销",
                                    "synthetic": True}])
    story.upsert_nodes("Region", [{"code": "320500", "name": "苏州市", "level": "prefecture"}])
    story.upsert_nodes("Agreement", [{"id": "ag-sz", "title": "苏州市与招商证券战略合作协议",
                                      "type": "战略合作协议", "date": "2020-11-02",
                                      "synthetic": True}])
    story.upsert_nodes("Source", [{"id": "src-sz", "title": "示例苏州新闻（测试）", "kind": "synthetic"}])
    story.upsert_relationships("PART_OF", "Region", "Region", [{"start": "320500", "end": "320000"}])
    story.upsert_relationships("IN_INDUSTRY", "Company", "Industry",
                               [{"start": "stfin", "end": "GB4754:J66"},
                                {"start": "gone", "end": "GB4754:J66"}])
    story.upsert_relationships("LOCATED_IN", "Company", "Region",
                               [{"start": "stfin", "end": "440300"}, {"start": "gone", "end": "440300"}])
    story.upsert_relationships("PARTY_TO", "Company", "Agreement",
                               [{"start": "cms", "end": "ag-sz", "source_ids": ["src-sz"]}])
    story.upsert_relationships("SIGNED_IN", "Agreement", "Region", [{"start": "ag-sz", "end": "320500"}])
    return story


def test_risky_companies_are_left_out_and_counted_or_shown_flagged(story):
    _add_dated_facts(story)
    rep = rank_leads(story, "徐州市", top=50, asof="2020-12-31")
    assert not {"stfin", "gone"} & {l.id for l in rep.leads + rep.group_leads}
    assert rep.excluded["count"] == 2
    assert rep.excluded["by_reason"] == {"特别处理（ST/*ST/退市整理）": 1, "注销或吊销": 1}
    shown = rank_leads(story, "徐州市", top=50, asof="2020-12-31", show_risky=True)
    flagged = {l.id: l.risk for l in shown.leads}
    assert flagged["stfin"] == ["*ST（退市风险警示）"] and flagged["gone"] == ["已注销"]


def test_recent_expansion_and_peer_city_are_dated_and_sourced(story):
    _add_dated_facts(story)
    rep = rank_leads(story, "徐州市", top=50, asof="2020-12-31")
    cms = next(l for l in rep.leads if l.id == "cms")
    # 2020-11-02 -> 2020-12-31: 59 days = 1.94 months -> 1 - 1.94/24 = 0.919
    assert cms.signals["expansion"] == pytest.approx(0.9192, abs=1e-3)
    assert cms.signals["peer"] == cms.signals["expansion"]          # 苏州: same province
    exp = next(r for r in cms.reasons if r.signal == "expansion")
    assert exp.date == "2020-11-02" and exp.source == "示例苏州新闻（测试）" and exp.grade == "强"
    assert "苏州市" in exp.text and "1个月前" in exp.text
    assert not rep.notes or "近期扩张" not in rep.notes[-1]
    # --asof before the signing: the fact is invisible, and the note says there is none
    before = rank_leads(story, "徐州市", top=50, asof="2020-10-31")
    cms = next(l for l in before.leads if l.id == "cms")
    assert cms.signals["expansion"] == 0 and not any(r.signal == "expansion" for r in cms.reasons)
    assert any("近期扩张" in n and "数据缺失" in n for n in before.notes)


def test_every_reason_has_a_grade_and_a_source_or_says_it_has_none(report):
    for lead in report.leads + report.group_leads:
        for r in lead.reasons:
            assert r.grade in ("强", "中", "弱")
            assert r.source or "来源未记录" in r.text or "无单独来源" in r.text, r.text


def test_gap_candidates_for_a_chain_segment(story):
    from queries.leads.engine import gap_candidates
    rep = gap_candidates(story, "徐州市", "钢材与有色金属材料", top=5)
    assert [l.id for l in rep.leads] == ["steel"]
    assert {r.signal for r in rep.leads[0].reasons} >= {"industry", "chain_gap"}


def test_cli_json_carries_both_lists_and_the_counts(story):
    import json
    from cli import main
    from cli.leads_cmds import leads_cmd
    main.add_command(leads_cmd)
    r = CliRunner().invoke(main, ["--store", _store_arg(story), "leads", "--region", "徐州市",
                                  "--format", "json", "--asof", "2020-12-31"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert {"leads", "group_leads", "excluded", "elapsed_ms", "industries"} <= set(d)
    assert d["leads"][0]["reasons"][0]["grade"] in ("强", "中", "弱")
    assert {l["name"] for l in d["group_leads"]} >= {"招商蛇口"}
