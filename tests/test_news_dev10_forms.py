"""Eighteenth pass (docs/news-extraction.md, "Eighteenth pass (dev10)"): the forms behind dev10's
wrong and missed agreements that also occur in other dev splits. A description of the cooperation
written after the other side (`A与B文旅融合…战略合作签约仪式举行`); one signing named by a full name and
by a word-by-word abbreviation (中行温州分行, 省文旅集团); signers' offices before 代表双方 that are not
the sides; a side written with its other name in brackets (`县工商联(商会)与…`); 代县长 (an acting
county head) is no county; a list opening with 与 after a comma. Hand-written sentences with invented
company and person names, real places; the rules alone (model=False)."""
import pytest

from loaders.news.extract import extract
from loaders.news.short_forms import abbreviation_of


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


# ---------------------------------------------------------------- a description after the other side

CO = "山东华岳景区投资集团有限公司"  # invented
CO2 = "河南华岳文旅投资集团"  # invented


@pytest.mark.parametrize("sentence, pair", [
    (f"2月27日,云台山旅游度假区与{CO}合作签约仪式举行。", ["云台山旅游度假区", CO]),
    (f"11月2日下午,{CO2}与宜阳县人民政府文旅融合高质量发展战略合作签约仪式在宜阳县举行。",
     [CO2, "宜阳县人民政府"]),
])
def test_a_description_of_the_cooperation_is_no_part_of_the_name(sentence, pair):
    got = run("日照发布\n" + sentence)["agreements"]
    assert len(got) == 1 and len(got[0]["parties"]) == 2, got
    # each side as written, a province before a group's short name set aside (河南华岳… -> 华岳…)
    assert all(any(want.endswith(p) and len(p) >= 6 for p in got[0]["parties"]) for want in pair), got
    assert got[0]["mechanism"] == "clause"  # the sentence names both sides: no fallback


def test_a_listed_other_side_keeps_each_item():
    text = ("张北发布\n10月26日,河北华岳学院与张北县人民政府战略合作签约仪式举行。"
            "张北县农业农村局、卫健局、科工局、文广旅体局、新能源发展中心分别与河北华岳学院经济管理学院、"
            "附属第一医院、科研处、艺术学院、理学院进行战略合作签约。")
    got = parties(text)
    assert ["张北县人民政府", "河北华岳学院"] in got
    # the list after 与 is not cut to its first item: the later items stay parties (as main reads it)
    assert any("艺术学院" in p for p in got) and any("科研处" in p for p in got), got


# ---------------------------------------------------------------- one signing, an abbreviation

def test_abbreviation_of():
    assert abbreviation_of("中行温州分行", "中国银行温州市分行")
    assert abbreviation_of("中行浙江省分行", "中国银行股份有限公司浙江省分行")
    assert abbreviation_of("省文旅集团", "文化旅游投资集团")  # the full name's place set aside
    assert not abbreviation_of("电气集团", "电气环保集团")  # one run left out: a parent group
    assert not abbreviation_of("中行温州分行", "中国农业银行温州分行")  # another bank
    assert not abbreviation_of("中国银行温州分行", "中国建设银行温州分行")
    assert not abbreviation_of("华岳集团", "华岳景区投资集团")  # one run: the group beside its subsidiary
    assert not abbreviation_of("温州分行", "中国银行温州市分行")  # not the first character


BANK = ("苍南发布\n3月2日,苍南县人民政府与中国银行温州市分行签署战略合作协议。"
        "仪式上,县政府与中行温州分行签订《金融支持合作协议》。")


def test_a_signing_with_the_full_name_and_its_abbreviation_is_one_agreement():
    got = parties(BANK)
    assert got == [["中国银行温州市分行", "苍南县人民政府"]], got


def test_the_full_name_names_the_merged_side():
    text = ("宜阳发布\n省文旅集团与宜阳县签署战略合作协议\n"
            f"11月2日下午,河南省文化旅游投资集团与宜阳县人民政府文旅融合战略合作签约仪式在宜阳县举行。")
    got = parties(text)
    assert len(got) == 1 and any("文化旅游投资集团" in p for p in got[0]), got


def test_a_parent_and_its_subsidiary_stay_two_agreements():
    text = (f"日照发布\n2月27日,云台山旅游度假区与{CO}签署合作协议。"
            "当天,云台山旅游度假区还与山东华岳集团有限公司签署战略合作协议。")
    assert len(parties(text)) == 2


def test_a_place_beside_its_government_is_one_side():
    text = ("竹山发布\n竹山与华岳银行十堰分行签署战略合作协议\n"
            "8月19日,竹山县人民政府与华岳银行十堰分行举行战略合作协议签约仪式。"
            "会上,县长王某代表县政府与华岳银行十堰分行签订协议。")
    assert parties(text) == [["华岳银行十堰分行", "竹山县人民政府"]]


# ---------------------------------------------------------------- offices before 代表双方

def test_offices_before_daibiao_shuangfang_are_not_the_sides():
    text = ("开化发布\n4月14日下午,绍兴滨海新区与衢州市开化县签订共建产业飞地框架协议。"
            "开化县委常委、常务副县长樊某某,新区党工委副书记、管委会常务副主任胡某某代表双方签约。")
    got = parties(text)
    assert got == [["滨海新区", "衢州市开化县"]] or got == [["绍兴滨海新区", "衢州市开化县"]], got


def test_named_signers_for_two_named_parties_still_sign():
    text = ("诸暨发布\n5月6日,诸暨市与浙江华岳智能科技有限公司举行座谈。"
            "浙江华岳智能科技有限公司总经理李某某、诸暨市经信局局长王某某代表双方签约。")
    got = parties(text)
    assert len(got) == 1 and "浙江华岳智能科技有限公司" in got[0], got


def test_a_company_the_pair_does_not_hold_signs_for_itself():
    text = ("诸暨发布\n5月6日,诸暨市与浙江华岳智能科技有限公司举行座谈。"
            "当天,浙江青峰新材料有限公司总经理李某某、诸暨市经信局局长王某某代表双方签约。")
    got = parties(text)
    assert any("浙江青峰新材料有限公司" in p for p in got), got


# ---------------------------------------------------------------- a side with its other name in brackets

@pytest.mark.parametrize("sentence, side", [
    ("8月24日,县工商联(商会)与上海市华岳商会举行缔结友好商会签约仪式。", "县工商联"),
    ("黄埔区(广州开发区)与新罗区签署对口合作框架协议。", "黄埔区"),
])
def test_a_bracketed_other_name_is_set_aside(sentence, side):
    got = parties("长岭发布\n" + sentence)
    assert len(got) == 1 and side in got[0], got


# ---------------------------------------------------------------- 代县长 is an acting county head

def test_an_acting_county_head_is_no_county():
    text = ("苍南发布\n日前,县人民政府与中国银行温州市分行签署战略合作协议。"
            "县委副书记、代县长张某某出席签约仪式。")
    assert "代县" not in [r["name"] for r in run(text)["regions"]]


def test_the_county_dai_is_still_read():
    assert "代县" in [r["name"] for r in run("忻州发布\n代县县长张某某到华岳集团考察。")["regions"]]


# ---------------------------------------------------------------- a list opening with 与 after a comma

def test_a_list_opening_with_yu_after_a_comma_keeps_its_first_item():
    first, second = "福建华岳新材料有限公司", "福建华岳数据有限公司"  # invented
    text = (f"长乐发布\n活动中,长乐区在欧洲等地设11个分会场,与{first}、{second}等11家企业集中签约。")
    got = parties(text)
    assert ["长乐区", first] in [sorted(p, key=lambda x: x != "长乐区") for p in got], got
    assert len(got) == 2, got
