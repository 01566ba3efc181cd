"""Seventeenth pass (docs/news-extraction.md, "Seventeenth pass (precision, dev9)"): fewer wrong
agreements. A pinyin gloss giving several readings (了(le/liǎo)) is dropped like a one-reading
gloss; a company a fair invited (推介会邀请了A、B等企业代表参加会议) is not paired by the ceremony
fallback; one signing written with the full name and with a short form (葛洲坝三公司, 农发行十堰分行)
is one agreement. Hand-written sentences with invented company and person names, real places;
the rules alone (model=False)."""
import pytest

from loaders.news import events
from loaders.news.entities import Entity, Registry
from loaders.news.extract import extract
from loaders.news.short_forms import short_form_of


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


# ---------------------------------------------------------------- glosses with several readings

GLOSSED = ("眉山发布\n高新区管委会与市工投公司出(chū)资组建了(le/liǎo)一(yī / yì /yí)家合资公司,"
           "爲(wéi / wèi)园区建设服务(wù)。")


def test_a_gloss_of_several_readings_is_dropped():
    names = [c["name"] for c in run(GLOSSED)["companies"]]
    assert "市工投公司" in names
    assert not [n for n in names if ")" in n or "/" in n or "l" in n], names


def test_a_bracket_that_is_no_gloss_is_kept():
    text = "乐山发布\n3月5日,乐山市与华远信息(ICT)有限公司签署战略合作协议(a / b)。"
    assert run(text)["agreements"][0]["evidence"].endswith("签署战略合作协议(a / b)。")


# ---------------------------------------------------------------- a fair's invited guests

CO = "南京华星化工有限公司"  # invented
CO2 = "常州蓝海智能装备有限公司"  # invented
FAIR = ("锦州发布\n近日,锦州在南京举行了招商引资推介会和项目集中签约仪式。"
        f"推介会邀请了长三角地区{CO}、{CO2}等157家知名企业代表参加会议。")


def test_an_invited_company_is_no_signer():
    sentence = f"推介会邀请了长三角地区{CO}、{CO2}等157家知名企业代表参加会议。"
    assert events.not_a_signer(Entity(CO2, "Company", [CO2]), sentence) == events.NOT_SIGNER["invited"]


@pytest.mark.parametrize("sentence", [
    f"锦州市邀请{CO}代表共同签约。",  # its clause names the signing
    f"会上,锦州市邀请{CO}董事长李某致辞,并见证项目签约。",  # a signing sentence: as for a guest received
])
def test_an_invited_company_at_a_signing_is_kept(sentence):
    assert events.not_a_signer(Entity(CO, "Company", [CO]), sentence) is None


def test_the_fallback_pairs_no_invited_company_and_lists_it():
    out = run(FAIR)
    assert out["agreements"] == []
    assert sorted(d["reason"] for d in out["dropped"]) == [events.NOT_SIGNER["invited"]] * 2


# ---------------------------------------------------------------- one signing, two names

GEZHOUBA = ("永清发布\n永清与葛洲坝三公司签订战略合作协议\n"
            "9月8日,永清县人民政府与中国葛洲坝集团第三工程有限公司签署战略合作协议。")
BANK = ("竹山发布\n竹山与农发行十堰分行签署战略合作协议\n"
        "8月19日,竹山县人民政府与中国农业发展银行(简称农发行)十堰分行举行战略合作协议签约仪式。"
        "会上,县长王某代表县政府与农发行十堰分行签订协议。农发行十堰分行将提供信贷支持。")


def test_a_signing_with_the_full_name_and_a_short_form_is_one_agreement():
    assert parties(GEZHOUBA) == [sorted(["永清县人民政府", "中国葛洲坝集团第三工程有限公司"])]


def test_the_merged_party_is_named_as_the_article_writes_it_most():
    assert parties(BANK) == [sorted(["竹山县人民政府", "农发行十堰分行"])]


@pytest.mark.parametrize("text", [
    # a parent group and its subsidiary: two companies
    ("梧州发布\n梧州市与上海电气集团签署战略合作协议。梧州市与上海电气环保集团签署项目投资协议。"),
    # two companies of one place
    ("滨州发布\n滨州市与滨州市华滨公司签署合作协议。滨州市与滨州市华宏纺织有限公司签署投资协议。"),
])
def test_two_companies_stay_two_agreements(text):
    assert len(run(text)["agreements"]) == 2


def test_short_form_of():
    reg = Registry()
    bank = reg.add("中国农业发展银行", "Company")
    reg.alias(bank, "农发行")
    assert short_form_of("农发行十堰分行", "中国农业发展银行(简称农发行)十堰分行", reg)
    assert short_form_of("华滨聚成公司", "华滨聚成环保科技有限公司", reg)
    assert short_form_of("葛洲坝三公司", "中国葛洲坝集团第三工程有限公司", reg)
    assert not short_form_of("电气集团", "电气环保集团", reg)  # a subsidiary's group, no legal form
    assert not short_form_of("华星公司", "华星电子公司", reg)  # the full name without a legal form
    assert not short_form_of("华星有限公司", "华星电子有限公司", reg)  # both legal names: two companies
    assert not short_form_of("华为公司", "华夏为民科技有限公司", reg)  # 华为 is not written together there
    reg.add("滨州市", "Region")
    assert not short_form_of("滨州市宏达公司", "滨州市华宏纺织达远有限公司", reg)  # the head after the place
    assert not short_form_of("中国葛洲坝集团第三工程有限公司", "葛洲坝三公司", reg)


# ---------------------------------------------------------------- 联社, and 市X局 for the article's own city

JIANGMEN = ("江门市农业农村局与江门市供销合作联社签订战略合作框架协议\n"
            "3月27日上午,市农业农村局与市供销合作联社签订了战略合作框架协议,市农业农村局局长李某、"
            "市供销合作联社主任张某以及双方有关领导和科室负责人参加了签订仪式。")


def test_a_cooperative_union_is_a_party():
    names = [o["name"] for o in run(JIANGMEN)["organizations"]]
    assert "江门市供销合作联社" in names


def test_the_citys_bureau_written_short_is_one_agreement_under_its_full_name():
    assert parties(JIANGMEN) == [sorted(["江门市农业农村局", "江门市供销合作联社"])]


def test_of_the_place():
    from loaders.news.short_forms import _of_the_place
    reg = Registry()
    reg.add("江门市", "Region")
    assert _of_the_place("市农业农村局", "江门市农业农村局", reg)
    assert not _of_the_place("市农业农村局", "城市农业农村局", reg)  # 城市 is no registered place
    assert not _of_the_place("县农业农村局", "江门市农业农村局", reg)


# ---------------------------------------------------------------- 双方 back to the pair that founded a company

FOUNDED = ("眉山发布\n高新区管委会与市工投公司出资组建了一家合资公司。"
           "10月18日,双方正式签订合作协议,并完成了合资公司眉山瑞远发展有限公司的工商注册。")


def test_shuangfang_is_the_pair_that_founded_a_company_together():
    out = run(FOUNDED)
    assert [(sorted(a["parties"]), a["mechanism"]) for a in out["agreements"]] == [
        (sorted(["高新区管委会", "市工投公司"]), "coreference")]
    assert "出资组建" in out["agreements"][0]["party_evidence"]


# ---------------------------------------------------------------- 两大经开区: the pair named before, like 双方

TWO_ZONES = ("邹城经济开发区与济宁高新技术产业开发区建立合作共建关系\n"
             "7月13日,济宁高新技术产业开发区一行到邹城经济开发区参观考察。"
             "随后,在座谈会上,两大经开区全面签署了合作共建协议。")


def test_two_named_zones_referred_to_as_the_two_sign():
    out = run(TWO_ZONES)
    assert [(sorted(a["parties"]), a["mechanism"]) for a in out["agreements"]] == [
        (sorted(["邹城经济开发区", "济宁高新技术产业开发区"]), "coreference")]
