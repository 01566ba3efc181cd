"""Sixteenth pass (docs/news-extraction.md, "Sixteenth pass: one side written as a list"): probes
of the genre's list forms, one side of a signing being several parties, in the ways government
news writes it, and probes where a list is not a side (guests, attendees, projects, witnesses,
a count with no names).

Hand-written sentences with invented company names and real places; the rules alone
(model=False). Each probe states the agreements a reader takes from the text, as sets of
parties, and the extractor must give exactly those: the same names, with a place written before
a company's name (赣州鑫宇稀土集团 / 鑫宇稀土集团) or 人民政府 after a place's set aside (stricter
than the scorer, which takes one name inside the other: 睢宁县先后 is not 睢宁县). Where one signing sentence
already stands in the article (``OTHER``), the ceremony fallback (each company of a signing
sentence with the focus party) does not run, so the sentence must be read for itself."""
import re

import pytest

from loaders.news import names as nn
from loaders.news.extract import extract

HOME = "睢宁县融媒体中心讯\n"  # a county medium: the focus party is 睢宁县
OTHER = "上午,睢宁县与徐州华信建设集团签订战略合作协议。"  # a signing named in full elsewhere
HX = "徐州华信建设集团"
A, B, C = "扬州金桥电子有限公司", "江苏华宇包装有限公司", "南京博远物流有限公司"  # invented
D, E = "江西金源铜业有限公司", "赣州鑫宇稀土集团"  # invented
LU, QUAN = "山东鲁信新能源集团有限公司", "济南泉盛化工集团有限公司"  # invented
LU_QUAN = f"{LU}、{QUAN}负责人参加活动。"


def got(text: str) -> list[frozenset[str]]:
    return [frozenset(a["parties"]) for a in extract(text, model=False)["agreements"]]


def key(name: str) -> str:
    """A party's name with a leading place (of a company) and a trailing 人民政府 set aside."""
    return nn.split_region_prefix(re.sub(r"(?:人民)?政府$", "", name))[1]


def agree(text: str, expected: list[set[str]]) -> tuple[bool, list]:
    """Do the agreements of ``text`` name exactly the ``expected`` party sets (names compared as
    the scorer compares them)?"""
    pred = got(text)
    want = [frozenset(x) for x in expected]

    def eq(p: frozenset, w: frozenset) -> bool:
        return len(p) == len(w) and {key(x) for x in p} == {key(x) for x in w}
    left = list(pred)
    for w in want:
        hit = next((p for p in left if eq(p, w)), None)
        if hit is None:
            return False, pred
        left.remove(hit)
    return not left, pred


# one side a list: (id, text, the agreements as sets of parties)
LISTS = [
    ("dunhao_yu", f"3月5日,{A}、{B}与睢宁县人民政府签约年产5万吨新材料项目。",
     [{A, B, "睢宁县人民政府"}]),
    ("he_yu", "近日,安徽华晟光电科技有限公司和合肥润泽能源集团与肥西县人民政府签署投资合作协议。",
     [{"安徽华晟光电科技有限公司", "合肥润泽能源集团", "肥西县人民政府"}]),
    ("ji_yu", "当天,南京联创环保科技有限公司及江苏绿源水务集团与盱眙县签署合作协议。",
     [{"南京联创环保科技有限公司", "江苏绿源水务集团", "盱眙县"}]),
    ("list_yu_fenbie", f"会上,{A}、{B}、{C}与赣县区人民政府分别签订项目投资协议。",
     [{A, "赣县区人民政府"}, {B, "赣县区人民政府"}, {C, "赣县区人民政府"}]),
    ("list_fenbie_yu", f"{D}、{E}分别与赣县区人民政府签订项目投资协议。",
     [{D, "赣县区人民政府"}, {E, "赣县区人民政府"}]),
    ("he_fenbie_yu", f"{D}和{E}分别与赣县区签订项目投资协议。",
     [{D, "赣县区"}, {E, "赣县区"}]),
    ("signers_fenbie_yu", HOME + f"{D}董事长李强、{E}总经理张伟分别与睢宁县县长王明签署投资协议。",
     [{D, "睢宁县"}, {E, "睢宁县"}]),
    ("yu_signers_fenbie", HOME + f"睢宁县县长王明与{D}董事长李强、{E}总经理张伟分别签署投资协议。",
     [{D, "睢宁县"}, {E, "睢宁县"}]),
    ("yu_list_count", f"4月12日,宜宾市叙州区与{A}、{B}、{C}三家企业签约。",
     [{"叙州区", A}, {"叙州区", B}, {"叙州区", C}]),
    ("deng_count_yu", f"{A}、{B}等5家企业与常熟市签订投资协议。", [{A, B, "常熟市"}]),
    ("count_typed_side", "昨日,瑞丰电子、恒通精密两家公司与惠东县签约落户。", [{"瑞丰电子", "恒通精密", "惠东县"}]),
    ("fenbie_projects", f"活动现场,滁州经开区分别与{A}、{B}签约光伏组件项目和储能电池项目。",
     [{"滁州经开区", A}, {"滁州经开区", B}]),
    ("pairs_fenbie", f"仪式上,溧阳市人民政府与江苏天目湖旅游集团、溧阳经济开发区与{C}分别签署合作协议。",
     [{"溧阳市人民政府", "江苏天目湖旅游集团"}, {"溧阳经济开发区", C}]),
    ("xianhou_yu_list", HOME + f"会上,睢宁县先后与{A}、{B}、{C}签约。", [{"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("xiangji_yu_list", HOME + f"会上,睢宁县相继与{A}、{B}签订投资协议。", [{"睢宁县", A}, {"睢宁县", B}]),
    ("defined_item", HOME + OTHER + f"下午,睢宁县与{A}(以下简称“金桥电子”)、{B}签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}]),
    ("yiji", f"随后,涟水县人民政府与{A}、{B}以及{C}签订项目投资协议。",
     [{"涟水县人民政府", A}, {"涟水县人民政府", B}, {"涟水县人民政府", C}]),
    ("short_forms", LU_QUAN + "会上,章丘区与鲁信集团、泉盛集团签订投资协议。", [{"章丘区", LU}, {"章丘区", QUAN}]),
    # short forms in a list stand for the legal names the article gives
    ("short_brands_count", LU_QUAN + "会上,章丘区与鲁信、泉盛两家企业签订投资协议。", [{"章丘区", LU}, {"章丘区", QUAN}]),
    ("short_company_forms", "山东鲁信新能源股份有限公司、济南泉盛化工有限公司负责人参加活动。会上,章丘区与鲁信公司、泉盛公司签订投资协议。",
     [{"章丘区", "山东鲁信新能源股份有限公司"}, {"章丘区", "济南泉盛化工有限公司"}]),
    # the list written with commas (mixed punctuation), closed by a count or not, after a signing elsewhere
    ("comma_count", HOME + OTHER + "下午,绵阳市与川西理工学院,蜀南职业技术学院,涪江师范学院三所高校签署战略合作协议。",
     [{"睢宁县", HX}, {"绵阳市", "川西理工学院"}, {"绵阳市", "蜀南职业技术学院"}, {"绵阳市", "涪江师范学院"}]),
    ("comma_count_deng", HOME + OTHER + f"下午,睢宁县人民政府与{A},{B},{C}等三家企业签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("comma_right", HOME + OTHER + f"下午,睢宁县人民政府与{A},{B},{C}签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("comma_left", HOME + OTHER + f"下午,{A},{B}与睢宁县人民政府签订投资协议。",
     [{"睢宁县", HX}, {A, B, "睢宁县人民政府"}]),
    ("comma_ji", HOME + OTHER + f"下午,睢宁县与{A},{B}及{C}签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("comma_deng", HOME + OTHER + f"下午,睢宁县还与{A},{B}等企业签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}]),
    ("comma_fenbie", HOME + OTHER + f"下午,睢宁县分别与{A},{B}签约光伏组件项目和储能电池项目。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}]),
    ("comma_regions_left", "会上,常州市,无锡市与上海市签署长三角产业协作框架协议。", [{"常州市", "无锡市", "上海市"}]),
    ("comma_traditional", HOME + OTHER + "下午，睢寧縣人民政府與揚州金橋電子有限公司，江蘇華宇包裝有限公司簽訂投資協議。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}]),
    # a count, then the names after it in the same sentence
    ("count_then_names", HOME + OTHER + f"活动现场,睢宁县还与3家企业签订合作协议,分别是{A}、{B}和{C}。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("count_then_comma_names", HOME + OTHER + f"下午,睢宁县与3家企业签订投资协议,分别是:{A},{B},{C}。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}, {"睢宁县", C}]),
    ("left_count_then_names", HOME + OTHER + f"下午,3家企业与睢宁县签订投资协议,包括{A}、{B}和{C}。",
     [{"睢宁县", HX}, {A, B, C, "睢宁县"}]),
    # a count of projects signed, then the projects listed with their companies' names
    ("projects_listed_next", HOME + OTHER + f"下午,睢宁县集中签约3个招商引资项目,协议投资额达5亿元。分别是:{A}年产5000吨电子材料项目;"
                             f"建设2条生产线,购置检测设备的{B}包装材料项目;睢宁县物流园项目。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", B}]),
    ("projects_listed_same", HOME + OTHER + f"下午,睢宁县签约2个项目,分别是{A}电子材料项目、{C}物流中心项目。",
     [{"睢宁县", HX}, {"睢宁县", A}, {"睢宁县", C}]),
    ("projects_listed_township", HOME + OTHER + f"6月5日,高作镇成功签约2个招商引资项目。分别是:{A}电子材料项目,{B}包装材料项目。",
     [{"睢宁县", HX}, {"高作镇", A}, {"高作镇", B}]),
    # the listed side faces a description, not a name: the listed parties sign together
    ("list_faces_description", HOME + OTHER + "第二批次为新沂市、邳州市与上海知名产业招商服务机构签订三方合作协议。",
     [{"睢宁县", HX}, {"新沂市", "邳州市"}]),
]

# a list that is not a side: only the agreement the text names is taken
NOT_SIDES = [
    ("guests", f"{A}、{B}等企业代表出席活动。睢宁县人民政府与南京华泰建设集团签署合作协议。",
     [{"睢宁县人民政府", "南京华泰建设集团"}]),
    ("attendees", f"{D}董事长李强、{E}总经理张伟出席签约仪式。会上,海安市与上海宝成物流集团签约。",
     [{"海安市", "上海宝成物流集团"}]),
    ("attendees_commas", HOME + OTHER + f"{D}董事长李强,{E}总经理张伟,县长王明出席签约仪式。", [{"睢宁县", HX}]),
    ("projects", "会上,阜宁县与江苏新海能源集团签约,签约项目包括光伏电站项目、储能电站项目、氢能产业园项目。",
     [{"阜宁县", "江苏新海能源集团"}]),
    ("witnesses", "南京银行副行长李某、江苏银行副行长赵某共同见证签约。泰兴市人民政府与泰州恒达化工有限公司签订投资协议。",
     [{"泰兴市人民政府", "泰州恒达化工有限公司"}]),
    ("count_only", "活动现场,灌南县与12家企业签订合作协议,总投资56亿元。", []),
    ("count_then_projects", HOME + OTHER + "活动现场,睢宁县还与3家企业签订合作协议,分别是光伏电站项目、储能电站项目和氢能产业园项目。",
     [{"睢宁县", HX}]),
    ("count_then_amount", HOME + OTHER + "活动现场,睢宁县还与3家企业签订合作协议,总投资20亿元。", [{"睢宁县", HX}]),
    ("received", f"县委书记会见了{A}、{B}等企业负责人一行。", []),
    ("visited_commas", HOME + OTHER + f"代表团先后走访了{A},{B},并与{C}签订合作协议。",
     [{"睢宁县", HX}, {"睢宁县", C}]),
    ("comma_not_a_list", HOME + OTHER + f"会上,{A},{B}分别作了发言,{C}与睢宁县签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", C}]),
    ("count_then_kinds", HOME + OTHER + "下午,睢宁县与3家企业签订投资协议,分别是新材料、新能源和高端装备企业。",
     [{"睢宁县", HX}]),
    ("projects_counted_no_owner", HOME + OTHER + "下午,睢宁县签约3个项目,分别是光伏电站项目、储能电站项目和氢能产业园项目。",
     [{"睢宁县", HX}]),
    ("projects_counted_no_list", HOME + OTHER + f"下午,睢宁县签约3个项目。{A}董事长李强介绍了{B}年产5000吨包装材料项目。",
     [{"睢宁县", HX}]),
    ("projects_counted_planned", HOME + OTHER + f"下半年,睢宁县将签约2个项目。分别是:{A}电子材料项目,{B}包装材料项目。",
     [{"睢宁县", HX}]),
    ("short_form_fits_two", LU_QUAN + "山东鲁信化工有限公司也参加了活动。会上,章丘区与鲁信、泉盛签订投资协议。",
     [{"章丘区", "鲁信"}, {"章丘区", QUAN}]),
    ("group_not_its_listed_company", "上海临港控股股份有限公司董事长出席。会上,浦东新区与临港集团、华虹集团签约。",
     [{"浦东新区", "临港集团"}, {"浦东新区", "华虹集团"}]),
    ("not_whole_names", HOME + OTHER + f"其中,{A},{B}为上市企业,{C}与睢宁县签订投资协议。",
     [{"睢宁县", HX}, {"睢宁县", C}]),
    ("units", "县发改委、商务局、县投资促进中心等单位负责人参加签约仪式。会上,泗洪县与江苏洪泽湖渔业集团签署投资协议。",
     [{"泗洪县", "江苏洪泽湖渔业集团"}]),
    ("description_not_counted", HOME + OTHER + "下午,新沂市、邳州市与上海知名产业招商服务机构签订合作协议。", [{"睢宁县", HX}]),
    ("description_two_sided", HOME + OTHER + "新沂市、邳州市与上海知名产业招商服务机构进行了座谈。", [{"睢宁县", HX}]),
]


@pytest.mark.parametrize("text,expected", [p[1:] for p in LISTS], ids=[p[0] for p in LISTS])
def test_one_side_a_list(text, expected):
    ok, pred = agree(text, expected)
    assert ok, pred


@pytest.mark.parametrize("text,expected", [p[1:] for p in NOT_SIDES], ids=[p[0] for p in NOT_SIDES])
def test_a_list_that_is_not_a_side(text, expected):
    ok, pred = agree(text, expected)
    assert ok, pred
