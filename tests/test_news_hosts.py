"""Visit hosts, sixth pass (docs/news-extraction.md, "Sixth pass: visit hosts"): each test is a
synthetic sentence with invented company names (real places where a region lookup is needed),
in a general form of the genre, not the wording of any one article. Each fails on the code
before that pass (main at 5a2a93b)."""
from loaders.news.extract import extract


def visits(text: str) -> list[tuple]:
    return [(v["visitor"], v["host"]) for v in extract(text)["visits"]]


def hosts(text: str) -> list[str]:
    return [v["host"] for v in extract(text)["visits"]]


def test_the_visiting_side_is_never_a_host():
    # the delegation's own district is part of the visitor, not the place visited
    assert "海门区" not in hosts("4月2日,江苏省南通市海门区党政代表团来我市考察。")
    # 来我市: the destination; the visitor is the delegation before the verb
    assert visits("邵东日报讯 4月2日,湖南禾达实业集团考察团来我市考察。") == [("湖南禾达实业集团考察团", "邵东")]


def test_our_side_travelled_so_the_talks_are_not_a_reception():
    got = visits("4月2日,邵东市委书记王建一行来到湖南禾达实业集团,与集团董事长王涛座谈交流。")
    assert got == [("邵东", "禾达实业集团")]


def test_a_reception_at_a_stated_place():
    text = "4月2日,省委书记李明在长沙会见了禾亚迪股份有限公司董事长王某一行,双方就深化合作进行了交流。"
    # the province's leaders received: the province too (twenty-first pass; annotators wrote the city
    # in dev4 182 and dev9 353, the province in dev12 459 and 460), the city kept
    assert visits(text) == [("禾亚迪股份有限公司", "长沙"), ("禾亚迪股份有限公司", "湖南")]


def test_the_subject_that_receives_is_the_host():
    assert visits("4月2日,广东禾达集团有限公司热情接待了邵东市考察团一行。") == [
        ("邵东市考察团", "广东禾达集团有限公司")]


def test_a_bare_back_reference_is_the_company_named():
    assert hosts("4月2日,县长王强带队赴广州拜访广东禾达集团有限公司,与该公司董事长王涛进行座谈。") == [
        "广州", "广东禾达集团有限公司"]
    assert hosts("4月2日,市长王建带队前往湖南禾达实业集团总部,拜访集团董事长王涛。") == ["禾达实业集团"]


def test_the_side_that_came_as_yixing_visits_the_other():
    assert hosts("4月2日,王强一行与苏州禾达集团有限公司董事长王涛举行会谈。") == ["苏州禾达集团有限公司"]


def test_the_home_place_by_a_short_form_or_by_origin():
    assert hosts("邵东日报讯 4月2日,禾达集团有限公司董事长王涛一行来邵考察,市委书记李伟陪同。") == ["邵东"]
    text = "3月13日,来自全国各地的新化籍商会负责人回到家乡,对县域经济发展情况进行了考察。"
    assert hosts(text) == ["新化"]


def test_clauses_that_are_not_host_lists():
    got = hosts("4月2日,王涛率考察团来到邵东市,先后参观了邵东禾信产业园、邵东禾商产业园。")
    assert not any(h.startswith("参观") for h in got) and "邵东禾信产业园" in got
    got = hosts("18日上午,何某带队前往禾纪集团调研,集团高级顾问李某、副总王某等陪同调研。")
    assert got == ["禾纪集团"]
    assert hosts("据悉,双方将在产业园区、基础设施等项目建设上开展深入合作交流。") == []


def test_one_host_per_place_and_no_province_beside_a_specific_host():
    got = hosts("8月3日,县长许某率我县招商考察团赴江苏、浙江等地开展招商活动,拜访了江苏禾信博新能源科技股份有限公司。")
    assert "江苏" not in got and "江苏禾信博新能源科技股份有限公司" in got
    got = hosts("考察团到访长春。3月12日,考察团抵达吉林省长春市,考察了长春禾光科技有限公司。")
    assert sorted(got) == ["吉林省长春市", "长春禾光科技有限公司"]


def test_single_sites_and_suffixless_names():
    assert hosts("4月2日,王强一行参观了禾德时代。") == ["禾德时代"]
    assert hosts("4月2日,王强一行参观了禾达集团有限公司的生产车间和展厅。") == ["禾达集团有限公司"]
    assert hosts("4月2日,王强一行实地察看了禾达智能制造项目建设现场。") == ["禾达智能制造项目"]
    assert hosts("兴化日报讯 4月2日,禾达集团董事长王涛一行到我市戴南镇考察。") == ["戴南镇"]
    assert hosts("4月2日,王强一行考察了远禾科技园和禾达产业园。") == ["远禾科技园", "禾达产业园"]
