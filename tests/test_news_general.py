"""General mechanisms of the fifth pass (docs/news-extraction.md, "Fifth pass"): each test is a
synthetic sentence with invented names (real places where a region lookup is needed), in a
form not written for any one article. Each fails on the code before that pass."""
from loaders.news.extract import extract


def parties(text: str) -> list[list[str]]:
    return [a["parties"] for a in extract(text)["agreements"]]


def hosts(text: str) -> list[str]:
    return [v["host"] for v in extract(text)["visits"]]


def test_a_place_or_occasion_after_the_subject_is_not_a_party():
    text = "1月1日,在全省活动上,云栖能建晋中电建应邀在长治分会场与山西省襄垣县政府签署投资合作协议。"
    assert parties(text) == [["云栖能建晋中电建", "山西省襄垣县政府"]]


def test_the_subsidiary_of_a_group_signs():
    text = "3月27日,我县与长江水发集团有限公司下属江汉水源开发有限责任公司签署战略合作协议。"
    assert parties(text) == [["我县", "江汉水源开发有限责任公司"]]


def test_shuangfang_after_a_trip_of_one_party_to_one_place():
    text = ("2019年5月22日,星河研究院院长李明教授带队赴河北省丰宁满族自治县进行调研,"
            "并与县长及相关负责人进行交流座谈。座谈后,双方共同签订了战略合作框架协议。")
    assert parties(text) == [["星河研究院", "丰宁满族自治县"]]


def test_three_sides_word_is_not_part_of_a_name():
    text = "6月1日,阜平县人民政府、蓝海建设有限公司与北方材料研究院三方签订合作协议。"
    assert parties(text) == [["阜平县人民政府", "蓝海建设有限公司", "北方材料研究院"]]


def test_a_place_name_keeps_characters_that_are_words_elsewhere():
    # 都 (also), 和 (and): not cut inside 成都 or 双流区 / 成都市
    assert "成都" in hosts("代表团一行飞抵成都,随即拜会四川省商务厅。")
    text = "3月15日,云杉建设集团总经理李四拜会成都市双流区人民政府区长王五,双方签订战略合作协议。"
    assert parties(text) == [["成都市双流区人民政府", "云杉建设集团"]]


def test_visit_verbs_and_traditional_characters():
    assert "深圳" in hosts("香港青禾商会会长李四率代表团访问深圳,参观了星辰电子公司。")
    assert "星辰电子公司" in hosts("香港青禾商会会长李四率代表团访问深圳,参观了星辰电子公司。")
    assert {"台中", "台中市政府"} <= set(hosts("會長李四率團前往臺中參訪,並拜會臺中市政府。"))


def test_a_visit_list_ended_by_deng_and_sites_without_a_company_suffix():
    text = ("2023年1月3日,阜平县考察团赴广州市天河区对接合作。考察团先后考察了星河中央商务区、"
            "云杉科技园管委会、青禾广场、蓝海集团、极光智慧农业等,并与天河区有关部门进行了座谈。")
    assert {"星河中央商务区", "青禾广场", "蓝海集团", "极光智慧农业"} <= set(hosts(text))


def test_a_single_site_after_a_visit_verb():
    text = "3月24日下午,区委书记张三到访星河实业集团有限公司,参观云湾项目展厅,并参加工作交流会。"
    assert {"星河实业集团有限公司", "云湾项目展厅"} <= set(hosts(text))


def test_the_local_side_of_talks_on_a_trip():
    text = "6月10日,某县县长王五率队赴杭州市考察。考察团还拜访了杭州市商务局,并与杭州市工商联举行座谈会。"
    assert {"杭州市", "杭州市商务局", "杭州市工商联"} <= set(hosts(text))
    text = "5月3日,阜平县考察团赴广州考察。在广州市协作办,考察团一行与协作办负责人进行座谈。"
    assert "广州市协作办" in hosts(text)


def test_itinerary_stops():
    text = "青禾商会代表团27日下午转抵大湾区内地城市访问最后一站——深圳,参观星辰汽车工业园。"
    assert {"深圳", "星辰汽车工业园"} <= set(hosts(text))


def test_a_short_form_the_article_defines():
    r = extract("华丰物流有限公司(以下简称“华丰”)与永福县人民政府签约。华丰董事长李四表示感谢。")
    company = next(c for c in r["companies"] if c["name"] == "华丰物流有限公司")
    assert "华丰" in company["mentions"]


def test_related_articles_after_the_story_are_chrome():
    text = ("星辰能源集团与阜平县人民政府签约,双方将在新能源等领域合作。\n相关阅读\n"
            "• 阜平县与蓝海建设有限公司签署战略合作协议\n• 上一篇:曲阳县与红星集团签约")
    assert parties(text) == [["星辰能源集团", "阜平县人民政府"]]
