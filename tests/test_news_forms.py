"""Forms of the genre that issue 14's rules handle (docs/news-extraction.md, "generalising").

Every article here is synthetic: invented names in the shape of real local news, written for
these tests (no company facts). Each test names the form it checks."""
from loaders.news.extract import extract
from loaders.resolve.text import split_sentences

HOME = "平江县融媒体中心讯\n"  # a county medium: 我县 = 平江县


def parties(text: str) -> list[list[str]]:
    return [a["parties"] for a in extract(text)["agreements"]]


def test_a_party_without_a_suffix_when_the_other_side_holds_names():
    assert parties("青禾县与云栖时代签约锂电池项目") == [["青禾县", "云栖时代"]]
    assert parties("会上，市政府与云栖时代、北辰智造签署战略合作协议。") == [
        ["市政府", "云栖时代"], ["市政府", "北辰智造"]]


def test_people_who_sign_for_both_sides_are_not_parties():
    assert parties("张某和陈某代表双方签署了战略合作框架协议。") == []


def test_pairs_listed_before_fenbie():
    text = "仪式上,市政府与临川集团、马山经开区与临川控股股份有限公司分别签署战略合作协议。"
    assert parties(text) == [["市政府", "临川集团"], ["马山经开区", "临川控股股份有限公司"]]


def test_fenbie_pairs_parties_with_projects():
    r = extract("活动现场，开发区管委会分别与华禾电力、中禾汇能签约光伏项目和储能项目。")
    assert [(a["parties"][1], a["project"]) for a in r["agreements"]] == [
        ("华禾电力", "光伏项目"), ("中禾汇能", "储能项目")]


def test_the_company_after_the_verb():
    assert parties("5月8日，宁远县成功签约深圳市鑫禾电子有限公司年产500万套电子元器件项目。") == [
        ["宁远县", "深圳市鑫禾电子有限公司"]]


def test_other_signing_verbs_and_joint_connectors():
    text = "消息面上,中禾控股近日联合凤山县人民政府、江苏中禾等参与方订立框架协议。"
    assert parties(text) == [["中禾控股", "凤山县人民政府", "江苏中禾"]]


def test_listed_companies_sign_with_the_focus_party():
    text = "4月20日，南禾高新区举行重大项目集中签约活动，华为、小禾、联禾等企业项目现场签约。"
    assert parties(text) == [["南禾高新区", "华为"], ["南禾高新区", "小禾"], ["南禾高新区", "联禾"]]


def test_signing_ceremony_without_both_sides_in_one_sentence():
    r = extract(HOME + "鑫禾电子项目签约仪式在平江县举行。深圳市鑫禾电子有限公司董事长李某、"
                "县长王某出席签约仪式。")
    [a] = r["agreements"]
    assert a["parties"] == ["平江县", "深圳市鑫禾电子有限公司"] and a["implicit_party"] == "平江县"
    assert a["evidence"].startswith("鑫禾电子项目签约仪式") and "董事长李某" in a["party_evidence"]


def test_an_earlier_signing_recalled_is_not_news():
    text = HOME + "县委书记会见了华禾集团一行。他说,自双方签署《战略合作框架协议》以来,合作成果丰硕。"
    assert parties(text) == []


def test_a_place_opening_a_company_name_is_not_the_focus():
    # no publisher: 我县 stays as written rather than becoming 浙江省
    assert parties("5月5日上午，我县与浙江华禾新能源科技有限公司签订年产5GW光伏组件项目投资协议。") == [
        ["我县", "浙江华禾新能源科技有限公司"]]


def test_a_space_beside_a_connector_does_not_end_the_sentence():
    assert split_sentences("永城市人民政府 与 中国禾煤集团 签署战略合作框架协议") == [
        "永城市人民政府 与 中国禾煤集团 签署战略合作框架协议"]
    assert split_sentences("招商动态 平江县召开会议") == ["招商动态", "平江县召开会议"]


def test_a_listed_company_with_a_stock_code():
    names = [c["name"] for c in extract("中禾控股(01735)再涨超8%。")["companies"]]
    assert names == ["中禾控股"]


def hosts(text: str) -> list[tuple]:
    return [(v["visitor"], v["host"]) for v in extract(HOME + text)["visits"]]


def test_visits_to_my_county_and_receptions():
    assert hosts("4月3日，深圳华禾集团董事长张三一行莅临我县考察。") == [("华禾集团", "平江县")]
    assert hosts("5月6日，县委书记张三会见了比禾迪董事长王某一行。") == [("比禾迪", "平江县")]
    assert hosts("市委书记张三在市行政中心会见了比禾集团董事长王某。") == [("比禾集团", "平江县")]
    assert hosts("冯某代表县委、县政府对胡某某一行到访表示欢迎。") == [("胡某某", "平江县")]
    assert hosts("6月1日，县长赵某会见了来我县考察的中国禾材集团董事长周某一行。") == [
        ("中国禾材集团", "平江县")]


def test_visit_verbs_and_slots():
    assert hosts("县长李四一行到访三禾集团。") == [("李四", "三禾集团")]
    assert hosts("张三一行在深圳考察期间，拜访了比禾股份有限公司。") == [
        ("张三", "深圳"), ("张三", "比禾股份有限公司")]
    assert hosts("许某一行还看望了江苏中禾新能源科技股份有限公司董事长蔡某。") == [
        ("许某", "江苏中禾新能源科技股份有限公司")]
    assert [h for _, h in hosts("德州市委书记李某赴广东海禾集团就项目签约深入对接交流。")] == ["海禾集团"]
    assert ("平江县", "广东佛山") in hosts("6月5日至7日，我县党政代表团赴广东佛山、东莞考察学习。")


def test_visit_lists():
    assert [h for _, h in hosts("先后考察了深圳禾达建工、禾灏集团等公司及中山禾州商会。")] == [
        "禾达建工", "禾灏集团", "中山禾州商会"]
    assert [h for _, h in hosts("考察团一行先后来到湖北达成医疗科技有限公司、湖北禾克汽车配件有限公司。")] == [
        "湖北达成医疗科技有限公司", "湖北禾克汽车配件有限公司"]


def test_talks_on_a_trip_are_visits_to_the_company():
    text = ("5月3日至5日，县委书记张三带队赴深圳开展招商活动。在深圳期间，张三一行与华禾集团董事长李某、"
            "禾达科技有限公司总经理王某进行座谈。")
    assert hosts(text) == [("张三", "深圳"), ("张三", "华禾集团"), ("张三", "禾达科技有限公司")]
    # at home the same talks are a reception: the company visited us
    assert hosts("县委书记张三与华禾集团董事长李某一行进行座谈。") == [("华禾集团", "平江县")]


# third pass (docs/news-extraction.md): forms of the new dev articles, invented names
def test_itinerary_lists_name_every_site():
    assert [h for _, h in hosts("在平期间，张三一行还前往禾香博物馆、四川禾柳醪糟、森禾实践基地实地考察。")] == [
        "禾香博物馆", "禾柳醪糟", "森禾实践基地"]
    assert [h for _, h in hosts("商会负责人对我县城市建设以及禾家工业园污水处理厂、禾印科技、禾瓷展览馆等企业进行了实地考察。")] == [
        "禾家工业园污水处理厂", "禾印科技", "禾瓷展览馆"]
    # generic places are not hosts; a single item after 前往 stays an ordinary trip
    assert "项目现场" not in [h for _, h in hosts("考察团还前往禾元开发区、旅游景区、项目现场等地进行了实地考察。")]


def test_delegation_received_and_arrival():
    assert hosts("7日下午，县委书记张三会见了来平的禾华企业家考察团。") == [("禾华企业家考察团", "平江县")]
    assert [h for _, h in hosts("考察团今日抵达吉林省长春市，受到市政协副主席李某热情接待。")] == ["吉林省长春市"]
    assert hosts("我县二级调研员李某任顾问。") == []


def test_a_company_names_itself_and_a_trip_names_its_destination():
    assert [h for _, h in hosts("5月28日，禾州市委书记张三一行到集团香港总部访问。")] == ["集团香港总部"]
    own = extract("当前位置：禾土发展集团有限公司>>集团新闻\n5月7日上午，集团公司董事长王某会见禾津县委书记张三一行。")
    assert [v["host"] for v in own["visits"]] == ["集团公司"]
    assert [h for _, h in hosts("18日下午，李某陪同副市长张三一行前往中国禾桥就相关项目进行洽谈。")] == ["中国禾桥"]


def test_shuangfang_after_a_visit_to_one_company():
    r = extract(HOME + "5月6日下午，县长张三带队拜访禾蛇口工业区控股股份有限公司，双方签订战略合作协议。")
    assert [a["parties"] for a in r["agreements"]] == [["平江县", "禾蛇口工业区控股股份有限公司"]]


def test_photo_credits_are_not_parties():
    r = extract(HOME + "签署战略合作协议（集团总部 王某摄）\n禾猫集团与禾政集团签署战略合作协议。")
    assert all("摄" not in p and "总部" not in p for a in r["agreements"] for p in a["parties"])


# ---- fourth pass (docs/news-extraction.md, "Fourth pass"): invented names throughout

def test_project_sides_stand_for_their_investors():
    text = ("7月3日,县领导见证了禾溪乡政府与投资1.8亿元的禾麦食品有限公司面点加工项目、"
            "投资5000万元的禾丰材料加工厂包装箱项目和城关乡政府与总投资8000万元的"
            "禾安消防科技有限公司、禾乐玩具有限公司的两个项目正式签约。")
    assert parties(text) == [["禾溪乡政府", "禾麦食品有限公司"], ["禾溪乡政府", "禾丰材料加工厂"],
                             ["城关乡政府", "禾安消防科技有限公司"], ["城关乡政府", "禾乐玩具有限公司"]]


def test_a_project_whose_investor_is_named_elsewhere():
    text = (HOME + "7月23日,平江县与前期洽谈成熟的,由禾电建设有限公司投资的平江县禾灿储能项目,举行签约仪式。\n"
            "副县长李某指出,平江县人民政府与平江县禾灿储能项目举行签约仪式,这是双方深化合作的重大举措。")
    assert [p for p in parties(text)] == [["平江县人民政府", "禾电建设有限公司"]]


def test_a_restated_signing_adds_no_implicit_party():
    text = ("禾前县人民政府与禾建一局有限公司、禾亚新能源科技有限公司联合举行合作框架协议签约仪式,"
            "由禾建一局投资40亿元的城市建设项目、禾亚集团投资30亿元的光伏大棚项目正式签约。")
    assert parties(text) == [["禾前县人民政府", "禾建一局有限公司"], ["禾前县人民政府", "禾亚新能源科技有限公司"]]


def test_a_joint_side_before_the_signing_clause():
    text = "5月8日下午,禾科工业园集团联合骨干央企中国禾冶,与禾江新区就禾科园项目签订合作协议。"
    assert parties(text) == [["禾科工业园集团", "中国禾冶", "禾江新区"]]


def test_signatories_sign_for_their_organisations():
    text = ("禾丘市人民政府市长张某、禾天集团董事长刘某出席仪式。\n"
            "随后,张某与刘某共同签署战略合作框架协议。")
    assert parties(text) == [["禾丘市人民政府", "禾天集团"]]


def test_companies_marked_by_a_title_or_a_descriptor():
    r = extract("谷城县宣传部副部长陈某、禾江国投副总经理刘某出席签约仪式。龙头企业禾式集团、禾通展览主要负责人参加。"
                "禾兴集团是世界500强企业中国禾建的核心企业。")
    names = [c["name"] for c in r["companies"]]
    assert {"禾江国投", "禾通展览", "中国禾建"} <= set(names)
    assert not any(n.endswith(("县", "部")) for n in names)


def test_itineraries_without_a_visit_verb_after_them():
    got = [h for _, h in hosts("考察团一行先后来到禾家桥物流园、禾瓜山片区、禾风湖片区和禾务集团,深入交流经营经验。")]
    assert {"禾家桥物流园", "禾瓜山片区", "禾风湖片区", "禾务集团"} <= set(got)
    got = [h for _, h in hosts("王某一行拜访了禾港生产力促进局,考察了禾港科学园和禾汤科技公司总部。")]
    assert "禾港科学园" in got or "科学园" in got
    assert any("禾汤科技公司" in h for h in got)
    assert [h for _, h in hosts("4月16日至21日,市委副书记吴某带领有关部门赴珠三角开展经贸合作交流活动。")] == ["珠三角"]


def test_an_arrival_welcomed_is_a_visit_without_a_verb():
    # real places (regions are reference data, not company facts); the sentences are invented
    r = extract("潍坊日报\n6月2日上午,潍坊市与上海市徐汇区签署深化战略合作协议。\n"
                "市长李某代表市委、市政府对徐汇区各位领导和企业家的到来表示欢迎。")
    assert [(v["visitor"], v["host"]) for v in r["visits"]] == [("徐汇区", "潍坊市")]


def test_a_place_in_a_list_before_dengdi_is_not_an_industry():
    r = extract("考察团了解了广州、深圳等发达地区的产业、科技等领域的发展信息。")
    assert not any(i["name"] in ("广州", "深圳") for i in r["industries"])


def test_a_sentence_opening_at_a_site_and_itineraries_ending_in_chakan():
    got = hosts("5月3日,县长张三率队赴深圳招商。在禾讯科技有限公司,张三一行参观了公司展厅,详细了解企业发展情况。"
                "在广州期间,张三一行还参观了禾信集团。")
    assert {("张三", "禾讯科技有限公司"), ("张三", "广州"), ("张三", "禾信集团")} <= set(got)
    got = hosts("9月8日,禾安市考察团来我县考察。考察团先后到禾府衙、禾学小镇等地实地查看。")
    assert {"禾府衙", "禾学小镇"} <= {h for _, h in got}
    assert not any("团" in h for _, h in got)


def test_a_provincial_paper_reporting_a_county_and_an_adverb_before_yu():
    # real places (a province and a county); invented companies
    r = extract("河南日报讯 3月2日,内黄县与禾达科技有限公司签约。随后,副县长李某又与禾光集团签订投资协议。")
    assert [a["parties"] for a in r["agreements"]] == [["内黄县", "禾达科技有限公司"], ["内黄县", "禾光集团"]]
    r = extract("河南日报讯 3月2日,内黄县与禾达科技有限公司签约。随后,又与禾光集团签订投资协议。")
    assert ["内黄县", "禾光集团"] in [a["parties"] for a in r["agreements"]]
