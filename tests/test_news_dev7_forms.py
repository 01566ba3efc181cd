"""Nineteenth pass (docs/news-extraction.md, "Nineteenth pass (dev7)"): the forms behind dev7's
wrong and missed agreements. Signed projects that an inspection looks at (`督查调研…重点查看…
签约项目推进情况`) are no signing; a ranking (世界500强) is no company; a group's abbreviation
(中交集团) beside its full name with a legal form is one signing; `X代表工程局与Y签订` names the
organisation of X's title. Hand-written sentences with invented company and person names, real
places; the rules alone (model=False)."""
from loaders.news import signing
from loaders.news.extract import extract
from loaders.news.short_forms import abbreviation_of


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


# ---------------------------------------------------------------- signed projects inspected

INSPECTION = ("督查组深入各县区,对华岳新材料产业园、青松食品深加工等20个重点项目进行调研,"
              "重点查看项目建设进展,以及投资贸易洽谈会签约项目推进情况。")


def test_signed_projects_inspected_are_background():
    assert signing.label(INSPECTION) == signing.BACKGROUND


def test_an_inspection_article_gives_no_agreement():
    got = run("近期,自治区商务厅对各市招商引资工作开展督查调研。" + INSPECTION)
    assert got["agreements"] == [], got["agreements"]


def test_a_signing_after_a_visit_is_still_reported():
    # the visit verb before, but the signed projects are news, not under review
    s = "考察结束后,双方举行签约仪式,签约项目3个,总投资10亿元。"
    assert signing.label(s) == signing.COMPLETED


# ---------------------------------------------------------------- a ranking is no company

def test_a_ranking_is_no_company():
    text = ("包头市举行招商大会。大会集中签约项目45个。"
            "签约落地项目中,引进了世界500强、中国500强、民营企业500强等一批头部企业。")
    got = run(text)
    assert not any("500强" in c["name"] for c in got["companies"]), got["companies"]
    assert not any("500强" in p for a in got["agreements"] for p in a["parties"]), got["agreements"]


def test_a_named_company_in_the_same_list_stays():
    got = run("包头市举行招商大会。签约落地项目中,引进了华岳新材料集团、世界500强等一批头部企业。")
    assert any(c["name"] == "华岳新材料集团" for c in got["companies"]), got["companies"]


# ---------------------------------------------------------------- a group's abbreviation, legal form set aside

def test_abbreviation_with_a_legal_form():
    assert abbreviation_of("中交集团", "中国交通建设集团有限公司")
    assert abbreviation_of("华建集团", "华岳建设集团股份有限公司")
    assert not abbreviation_of("华岳集团", "华岳建设集团有限公司")  # one run left out: a parent
    assert not abbreviation_of("中交公司", "中国交通建设集团")  # the last two differ


def test_headline_abbreviation_and_full_name_are_one_signing():
    text = ("成都市政府与华建集团签署战略合作协议\n"
            "2月8日,成都市人民政府与华岳建设集团股份有限公司今天在蓉签署战略合作协议。")
    assert parties(text) == [["华岳建设集团股份有限公司", "成都市人民政府"]]


# ---------------------------------------------------------------- 'X代表工程局与Y': the organisation of X's title

def test_the_represented_generic_side_is_the_titled_organisation():
    text = ("5月19日,中铁华岳局党委副书记、总经理张立新带队参加苏州市相城区建设企业签约进驻仪式,"
            "活动上,张立新代表工程局与苏州市相城区人民政府签订战略合作协议。")
    assert parties(text) == [["中铁华岳局", "苏州市相城区人民政府"]]


def test_a_generic_side_without_a_titled_organisation_stays():
    text = ("活动上,张立新代表工程局与苏州市相城区人民政府签订战略合作协议。"
            "华岳科技有限公司董事长王明出席。")
    got = parties(text)
    assert got and not any("华岳科技有限公司" in p for ps in got for p in ps), got


def test_a_titled_organisation_of_another_kind_is_not_the_side():
    # the signer's title names a company (公司), the side a bureau (局): not read as one
    text = ("华岳科技有限公司董事长张立新出席签约进驻仪式,"
            "活动上,张立新代表工程局与苏州市相城区人民政府签订战略合作协议。")
    assert not any("华岳科技有限公司" in p for ps in parties(text) for p in ps), parties(text)
