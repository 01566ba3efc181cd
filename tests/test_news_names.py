"""Entity names cut at the clause (docs/news-extraction.md, "Entity names cut at the clause"):
the clause written before a company or organisation name is no part of it, a bare generic
name beside the full one is a mention of it, and the scorer's entity precision. Hand-written
sentences with invented company and person names (real places where the region lookup is
needed); the rules alone (model=False)."""
import pytest

from loaders.news.evaluate import entity_precision, ratios, score_article
from loaders.news.extract import extract
from loaders.news.names import cut_clause, generic_name

CO = "深圳市华远科技有限公司"  # invented


def names(text: str) -> tuple[list[str], list[str]]:
    r = extract(text, model=False)
    return [c["name"] for c in r["companies"]], [o["name"] for o in r["organizations"]]


def company(text: str, name: str) -> dict:
    return next(c for c in extract(text, model=False)["companies"] if c["name"] == name)


@pytest.mark.parametrize("text, kept, gone", [
    # a reporting or wishing verb before the name
    ("座谈会上,王林希望远泰集团加大在南丰县的投资。", "远泰集团", "希望远泰集团"),
    ("李强感谢远泰集团长期以来的支持。", "远泰集团", "感谢远泰集团"),
    ("双方期待远泰集团早日落户。", "远泰集团", "期待远泰集团"),
    # a verb with an aspect marker
    ("此次签约标志着远泰集团正式进入西南市场。", "远泰集团", "标志着远泰集团"),
    (f"考察团实地调研了{CO},了解生产情况。", CO, f"实地调研了{CO}"),
    # a location word or preposition at the start, decided by what follows
    ("仪式由南丰县人民政府主办。", "南丰县人民政府", "由南丰县人民政府"),
    (f"此次获奖予{CO},{CO}表示感谢。", CO, f"予{CO}"),
    # a quantity tail: the named ones, not the tail
    ("会上,远泰科技等公司作了发言。", None, "远泰科技等公司"),
])
def test_the_clause_before_a_name_is_cut(text, kept, gone):
    cos, orgs = names(text)
    assert gone not in cos + orgs
    if kept:
        assert kept in cos + orgs


def test_a_title_and_a_persons_name_before_the_name():
    cos, orgs = names("南丰县委书记王林一行到远泰集团有限公司考察。副县长陈明代表县人民政府致辞。")
    assert "远泰集团有限公司" in cos and not any("王林" in n for n in cos)
    assert not any("陈明" in n for n in orgs)
    assert cut_clause("常务副县长陈明代表县人民政府") == "县人民政府"
    assert cut_clause("副市长刘明宣布南丰经开区") == "南丰经开区"


@pytest.mark.parametrize("name", [
    "华为技术有限公司",  # 为 inside the name
    "华为公司",
    "和记黄埔有限公司",  # begins with 和
    "城乡融合发展集团",  # 融合 inside: what it would leave (发展集团) is no name
    "中国农业发展银行",
])
def test_names_that_begin_or_hold_such_words_survive(name):
    assert cut_clause(name, f"今年,{name}在南丰县投资。") == name


def test_a_leading_preposition_stays_when_the_rest_is_written_nowhere_alone():
    # 向红工业园: nothing says 红工业园 is a name of its own
    assert cut_clause("向红工业园", "代表团参观了向红工业园。") == "向红工业园"
    # 是中铁一局: 中铁一局 is written on its own elsewhere in the article
    assert cut_clause("是中铁一局", "中铁一局承建。承建方是中铁一局。") == "中铁一局"


def test_names_survive_in_running_text():
    cos, _ = names("南丰县与华为技术有限公司签订战略合作协议。和记黄埔有限公司也出席了签约仪式。")
    assert "华为技术有限公司" in cos and "和记黄埔有限公司" in cos
    assert "技术有限公司" not in cos


def test_a_bare_generic_tail_is_a_mention_of_the_longer_name():
    text = ("南丰县与远泰环保有限公司签订投资协议。王林详细介绍了环保有限公司的发展历程。"
            "会谈中简要介绍了集团公司情况,远泰环保有限公司表示将加大投资。")
    cos, _ = names(text)
    assert cos.count("远泰环保有限公司") == 1 and "环保有限公司" not in cos
    assert "环保有限公司" in company(text, "远泰环保有限公司")["mentions"]
    assert generic_name("环保有限公司") and generic_name("集团公司") and not generic_name("远泰环保有限公司")


def test_the_group_word_is_a_mention_of_the_group_and_parties_use_the_full_name():
    text = ("3月5日,南丰县与远泰集团签订投资协议。县长王林一行到集团考察,感谢集团对南丰的支持。")
    r = extract(text, model=False)
    cos = [c["name"] for c in r["companies"]]
    assert cos == ["远泰集团"]
    assert all(p in ("南丰县", "远泰集团") for a in r["agreements"] for p in a["parties"])


def test_company_precision_on_a_tiny_gold():
    gold = {"agreements": [], "visits": [],
            "companies": [{"mentions": ["远泰集团有限公司", "远泰集团"]}, {"name": "甲乙科技有限公司"}],
            "organizations": [{"name": "南丰县人民政府"}]}
    pred = {"agreements": [], "visits": [],
            "companies": [{"name": "远泰集团有限公司", "mentions": ["远泰集团有限公司", "集团"]},
                          {"name": "希望丙丁公司", "mentions": []},  # no gold company
                          {"name": "乙科技", "mentions": ["甲乙科技"]}],  # a mention matches
            "organizations": [{"name": "南丰县政府"}, {"name": "县人民政府"}]}
    s = score_article(gold, pred)
    assert (s["co_right"], s["co_pred"]) == (2, 3)
    assert (s["org_right"], s["org_pred"]) == (1, 2)  # 县人民政府 is in 南丰县人民政府 (3+ characters)
    r = ratios(s)
    assert r["companies_precision"] == 0.67 and r["organizations_precision"] == 0.5
    # no organisations in the gold: none counted
    assert entity_precision({"companies": []}, pred)["org_pred"] == 0
