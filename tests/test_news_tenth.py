"""Tenth pass (docs/news-extraction.md, "Tenth pass"): wrong agreements found on the tuned half
of dev5 (the odd ids of the former blind set test5). Each test is a synthetic text with invented
company, school and person names (real places where the region lookup is needed), in a general
form of the genre, not the wording of any one article; each fails on main at 1fd4f19. The rules
alone are tested (model=False)."""
from loaders.news.extract import extract


def run(text: str) -> dict:
    return extract(text, model=False)


def parties(text: str) -> list[list[str]]:
    return sorted(sorted(a["parties"]) for a in run(text)["agreements"])


def test_the_signing_places_own_project_names_no_owner():
    # a county's collective signing lists its projects; one carries the county's name and a brand
    # (舟曲县甲乙汽车4S店建设项目): the county's own project, not a company that signs
    text = ("7月4日,招商项目签约仪式在州分会场举行。县长王某在签约仪式上签约。\n"
            "此次签约会上,舟曲县签约的3个项目分别是:舟曲县森林康养小镇建设项目,总投资3.1个亿;"
            "舟曲县甲乙汽车4S店建设项目,总投资190万;舟曲县景区基础设施建设项目,总投资3个亿。")
    assert parties(text) == []


def test_leaders_listed_before_the_companies_are_people():
    # '县领导A、B、C及X集团、Y科技等10家企业负责人参加签约仪式': A, B, C sign nothing
    text = ("2月25日,临颍县举行招商引资项目集中签约仪式,县领导李某伟、任某刚、陈某辉及"
            "香港甲乙集团、上海丙丁科技等10家企业负责人参加签约仪式。")
    ps = parties(text)
    assert ps and all(any(p.endswith(("集团", "科技")) for p in pair) for pair in ps)
    assert not any("李某伟" in p or "任某刚" in p for pair in ps for p in pair)


def test_witnesses_of_a_signing_are_no_parties():
    text = ("3月1日,株洲市一季度重大招商项目集中签约仪式举行。"
            "市领导刘某,株洲高新区党工委副书记、管委会主任张某一同见证签约。")
    assert parties(text) == []


def test_a_universitys_own_news_says_our_school():
    # 我校 is the university the article names (in the headline); a year before the side is no name
    text = ("甲乙大学与东昌府区人民政府签订深化校地合作协议\n"
            "10月14日,校地合作签约大会举行。我校与东昌府区人民政府签署深化校地合作协议。\n"
            "校长王某在会上谈到,2020年我校与聊城市政府签订城校融合发展协议以来,合作不断深化。")
    ps = parties(text)
    assert ["东昌府区人民政府", "甲乙大学"] in ps and ["甲乙大学", "聊城市政府"] in ps
    assert not any("我校" in p for pair in ps for p in pair)


def test_attending_companies_whose_project_is_not_listed_do_not_sign():
    # the signed projects are named; only the company whose name a project carries signs
    text = ("5月16日上午,开封市鼓楼区举行招商引资项目签约仪式,区委书记陶某,甲乙咨询有限公司董事长李某、"
            "河南丙丁建科董事长朱某、戊己生物科技集团董事长孙某参加仪式。\n"
            "此次集中签约的鼓楼区文创科技产业园、河南庚辛新材料科研产业园、戊己生物科技等项目,总投资16.1亿元。")
    ps = parties(text)
    assert len(ps) == 1 and any(p.startswith("戊己生物科技") for p in ps[0])


def test_one_company_written_with_two_words_swapped_is_one_party():
    text = ("2月25日,临颍县举行项目集中签约仪式,上海甲乙丙丁高新产业技术集团等10家企业负责人参加签约仪式。\n"
            "县委书记李某主持签约仪式,上海甲乙丙丁高新技术产业集团合伙人梁某作为签约企业代表发言。")
    assert len(run(text)["agreements"]) == 1


# after the halves protocol (from the checked half, so tuned, not measured on unseen text)

def test_a_count_is_no_side_and_two_cities_are_named_once():
    # '签约仪式上,X市共计7个项目签约': a count, no party; '成都、自贡两市签署…': 两市 is no part of a name
    assert parties("签约仪式上,宝鸡市共计7个项目签约,总投资87.05亿元。") == []
    assert parties("5月8日,成都、自贡两市签署政府合作协议9个。") == [["成都", "自贡"]]  # as written


def test_a_counted_list_of_projects_names_no_owners():
    # 'A、B、C等9个项目': the items are projects of the county's ceremony, no companies that sign
    text = ("1月10日,石门县招商引资项目集中签约仪式举行,共有九大项目成功签约。"
            "本次签约的项目涵盖新材料、文化等领域,分别是湖南甲乙新材料微纳米纤维、中国读书公园、"
            "石门丙丁物流园等9个项目。")
    assert parties(text) == []


def test_companies_listed_among_the_governments_units_sign_nothing():
    text = ("3月30日上午,惠济区举行重点项目集中签约仪式。区委办、区政府办、商务局、科工局、"
            "甲乙公司、丙丁公司等单位主要负责同志,企业代表参加签约仪式。")
    assert parties(text) == []


def test_a_quoted_term_and_a_branch_are_no_second_party():
    # '北京银行上海分行负责人…表示,北京银行与张江园区…签订': the bank once; '“试点银行”' is a term
    text = ("日前,甲乙银行与张江高新技术产业开发区管理委员会在沪签订战略合作协议。\n"
            "甲乙银行上海分行负责人在签约仪式上表示,甲乙银行与张江园区本次签订战略合作协议,"
            "将发挥“试点银行”对接“试点地区”的优势。")
    ps = parties(text)
    assert len(ps) == 1 and "甲乙银行" in ps[0]


def test_a_bank_named_for_its_city_keeps_the_city():
    from loaders.news.names import split_region_prefix
    assert split_region_prefix("北京银行上海分行") == (None, "北京银行上海分行")
    assert split_region_prefix("深圳宝能集团") == ("深圳", "宝能集团")


def test_a_signing_ceremony_written_qianzi():
    text = "1月16日,金山区人民政府与上海甲乙银行股份有限公司战略合作协议签字仪式举行。"
    assert parties(text) == [["上海甲乙银行股份有限公司", "金山区人民政府"]]


def test_a_person_attending_for_a_body_signs_for_it():
    # 'Y教授代表A出席会议并与B签署《…》': A is the left side
    text = ("5月10日,合作协议签署仪式在自贡市举行,我校李某教授代表甲乙大学出席会议并与"
            "四川丙丁食品有限公司签署《校企产学研合作框架协议》。")
    assert parties(text) == [["四川丙丁食品有限公司", "甲乙大学"]]
