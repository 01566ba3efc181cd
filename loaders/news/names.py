"""Name patterns for news extraction: where a company / organisation name starts and ends,
which stems are generic words, region prefixes, and the region lookup (``loaders.reference.regions``
when present, a suffix pattern otherwise). Pure functions, no state besides caches."""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.reference.regions import region_index
from loaders.resolve.text import CJK, fold_variants

NAME_CHARS = rf"{CJK}A-Za-z0-9()·"
_NAME_CHAR_RE = re.compile(rf"[{NAME_CHARS}]")

COMPANY_SUFFIX_RE = re.compile(
    r"(?:[(（]集团[)）])(?:股份有限公司|有限责任公司|有限公司|公司)|"  # '江西省地质工程(集团)公司'
    rf"(?:银行|公司)[{CJK}]{{2,7}}?[省市](?:分行|支行|分公司)|"  # '中国进出口银行陕西省分行': a branch
    r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团公司|集团|公司|银行|分行|支行|合作社|"
    r"(?:[(（]有限合伙[)）])|事务所|株式会社")
# Weak suffixes only count inside a party / visit list (slots), never on their own.
WEAK_SUFFIXES = ("创投", "租赁", "人寿", "证券", "基金", "保险", "信托", "置业", "电力", "控股",
                 "科技", "能源", "新材料", "资本", "地产", "股份", "药业", "实业", "汽车", "电子",
                 "材料", "传媒", "物流", "重工", "电气", "化工", "光电", "生物", "医药", "铝材",
                 "电器", "电机", "机械", "装备", "制造", "智能", "食品", "牧业", "乳业", "纺织", "环保",
                 "矿业", "钢铁", "建材", "建工", "通信", "软件", "半导体", "锂业", "铜业", "制药",
                 "酒业", "茶业", "农牧", "航空", "重科", "新能", "储能", "光伏", "风电", "电池", "加工厂")
ORG_SUFFIXES = [  # longest first; (suffix, kind)
    ("人民政府", "government"), ("管理委员会", "management-committee"),
    ("管委会", "management-committee"), ("委员会", "committee"), ("政府", "government"),
    ("经济技术开发区", "development-zone"), ("高新技术产业开发区", "development-zone"),
    ("经济开发区", "development-zone"), ("开发区", "development-zone"),
    ("经开区", "development-zone"), ("高新区", "development-zone"), ("工业园区", "development-zone"),
    ("工业园", "development-zone"), ("产业园", "development-zone"),
    ("代表团", "delegation"), ("商会", "association"), ("联合会", "association"),
    ("协会", "association"), ("研究院", "research"), ("研究所", "research"),
    ("大学", "university"), ("学院", "university"), ("中心", "center"), ("局", "bureau"),
    ("工商联", "association"), ("厅", "bureau"), ("联社", "association"),
]
ORG_SUFFIX_RE = re.compile("|".join(s for s, _ in ORG_SUFFIXES))
ORG_KIND = dict(ORG_SUFFIXES)
_BUREAU_DOMAINS = ("能源", "科技", "商务", "审批", "发改", "财政", "招商", "工信", "资源", "环境",
                   "住建", "交通", "税务", "统计", "公安", "监管", "人社", "农业", "文旅", "投资",
                   "教育", "卫健", "水利", "应急", "民政", "金融")

# Words at which a name cannot continue to the left (cut after the rightmost one).
BOUNDARIES = sorted([
    "以及", "代表", "拜访了", "拜访", "走访了", "走访", "考察了", "考察", "前往了", "前往", "先后",
    "分别", "吸引了", "吸引", "引进了", "引进", "引入", "签约", "签订", "签署", "来自", "携手",
    "联合", "旗下", "下属", "包括", "其中", "双方", "一行", "面拜", "对接", "洽谈", "来到",
    "与", "和", "及", "并", "了", "的", "在", "向", "对", "由", "将", "把", "被", "给", "是",
    "就", "赴", "到", "还", "也", "都", "即", "如", "为", "从", "等", "率", "带领", "会见",
    "见证了", "见证", "拜会了", "拜会", "参观了", "参观", "参访了", "参访", "听取了", "听取", "随后",
    "会见了", "看望了", "看望", "接待了", "陪同", "到访了", "到访",
    "莅临", "支持", "多次来", "再次来", "率领", "欢迎", "共有",  # '莅临集团', '全力支持地建集团', '多次来集团': verbs before a name
], key=len, reverse=True)
_BOUNDARY_RE = BOUNDARY_RE = re.compile("|".join(map(re.escape, BOUNDARIES)))

GENERIC_STEMS = {
    "上市", "大型", "知名", "龙头", "国有", "民营", "外资", "合资", "相关", "有关", "下属", "旗下",
    "全资", "控股", "集团", "企业", "投资", "金融", "央企", "国企", "头部", "能源", "新能源",
    "科技", "建设", "服务", "管理", "开发", "发展", "商业", "股份", "实业", "项目", "工作",
    "领导", "成员", "骨干", "重点", "优质", "世界", "全球", "中外", "该", "本", "人民", "市",
    "县", "区", "省", "镇", "乡", "党", "金融服务", "产业", "招商", "服务中心", "运营",
}
_DETERMINER_RE = re.compile(r"^(?:目前|当前|如今|此外|同时|现在)?(?:还有|另有|共有|又有)?"  # '同时还有3家企业'
                            r"(?:[该本这此其我贵每某各子分总母双他她它那哪]|[\d一二两三四五六七八九十百几多数]+[家个批所])")
_GENERIC_LEAD = ("开发", "投资", "城投", "城建", "交通", "国资", "国有", "建设", "发展", "能源",
                 "国际", "中国", "国家", "商业", "农村", "农商", "人民", "城市", "工商", "银行",
                 "电力", "科技", "产业", "金融", "实业", "控股", "资产", "旅游", "文旅", "水务")
_PERSON_TAIL = re.compile(r"(院士|教授|博士|校长|董事长|总经理|总裁|书记|市长|县长|区长|主任|专家|先生|女士)$")


def left_name(text: str, end: int, max_len: int = 28) -> str:
    """The run of name characters ending at ``end`` (up to ``max_len``)."""
    i = end
    while i > 0 and end - i < max_len and _NAME_CHAR_RE.match(text[i - 1]):
        i -= 1
    return text[i:end]


def trim_left(left: str, min_stem: int = 2, rx: re.Pattern | None = None) -> str:
    """Cut ``left`` after the rightmost boundary word that still leaves ``min_stem`` chars.
    A boundary of two or more characters right at the end (…带领 + 政府办) leaves no name:
    '' is returned. One-character boundaries there are ignored (华为 + 公司)."""
    ms = list((rx or _BOUNDARY_RE).finditer(left))
    if any(len(m.group(0)) == 1 for m in ms):  # 成都, 和平区, 及…: a one-character word inside a place name
        places = [(a, b) for a, b, _, r in regions_in(left) if r and b - a >= 2]
        ms = [m for m in ms if len(m.group(0)) > 1 or not any(a <= m.start() < b for a, b in places)]
    if ms and ms[-1].end() == len(left) and len(ms[-1].group(0)) >= 2:
        return ""
    for m in reversed(ms):
        if len(left) - m.end() >= min_stem:
            return left[m.end():]
    return left


_INDUSTRY_BOUNDARY_RE = re.compile(
    "推动|围绕|根据|做大做强|加快|培育|壮大|打造|聚焦|布局|引进|发展|涵盖了?|包括|一批|重点|涉及|"
    "举办|表示|加强|学习|考察|将|等|"
    "我市|我县|我区|全市|全县|以及|" + "|".join(b for b in BOUNDARIES if len(b) >= 2 or b in "了的在对为是"))


def trim_industry(left: str) -> str:
    """Left edge of an industry phrase: verbs cut, 与/和 kept (装备与智能制造)."""
    return strip_quantity(trim_left(left, rx=_INDUSTRY_BOUNDARY_RE))


def strip_quantity(s: str) -> str:
    """Drop leading numerals/classifiers and determiners: 四大战略性 -> 战略性, 两个 -> ''."""
    return re.sub(r"^(?:[\d一二两三四五六七八九十百几多数]+[大家个批项]|[该本这此其各])+", "", s)


def good_stem(stem: str) -> bool:
    """Is ``stem`` (name without its suffix) specific enough to be a name?"""
    if len(stem) < 2 or stem in GENERIC_STEMS or _DETERMINER_RE.match(stem):
        return False
    if stem.endswith(("的", "和", "与", "及")) or stem.isdigit():
        return False
    if re.search(r"[\d一二两三四五六七八九十几多数]+[家个批所]$", stem):
        return False
    return bool(re.search(f"[{CJK}A-Za-z]", stem))


def bureau_ok(stem: str) -> bool:
    """能源局, 商务局; also the engineering bureaus of state builders (中铁一局, 中交天津航道局)."""
    return (stem.endswith(_BUREAU_DOMAINS) or bool(re.search("[省市县区]", stem))
            or bool(re.search(r"(?:[一二三四五六七八九十]|航道|工程|地质|勘察|勘探|测绘|铁路)$", stem)))


def looks_like_person(s: str) -> bool:
    return bool(_PERSON_TAIL.search(s))


# A signer: an organisation, its people's titles, a name (德州市财金集团董事长王志华,
# 邹城经济开发区党工委书记, 代县长苗玉祥). ``signer_org`` keeps the organisation.
TITLE_RE = re.compile(
    r"(?:党委|党组|党工委|县委|市委|区委)?(?:常务|执行|首席|高级)?(?:副|代)?"  # 执行副总裁
    r"(?:书记|委员|常委|董事长|总经理|经理|总裁|县长|市长|区长|州长|省长|镇长|主任|局长|"
    r"理事长|秘书长|部长|总监|主席|负责人|院长|行长|董事|厅长|处长|科长)")


def signer_org(item: str) -> str | None:
    """'德州市财金集团董事长王志华' -> '德州市财金集团'; '定边县委副书记' -> '定边县';
    '代县长苗玉祥' -> '' (a person only); None when ``item`` names no title."""
    m = TITLE_RE.search(item)
    if not m:
        return None
    org = item[:m.start()]
    org = re.sub(r"(?<=[县市区])委$", "", org)
    org = re.sub(r"(?:党委|党组|党工委|管委会)$", "", org) or org
    return re.sub(r"(集团|公司|银行)[^、]{1,10}?(?:事业部|分公司|部门|部|中心)$", r"\1", org)


def strip_descriptor(name: str) -> str:
    """'行业龙头企业大亚人造板集团有限公司' -> '大亚人造板集团有限公司'."""
    return re.sub(r"^[^企]{0,6}企业(?=[^企]{2,}(?:有限公司|有限责任公司|集团|公司)$)", "", name)


# ------------------------------------------------------------------------------ regions

@lru_cache(maxsize=1)
def full_region_index() -> dict[str, dict] | None:
    """``loaders.reference.regions.region_index()`` (name/alias -> {code, name, level}), loaded once;
    None when that module or its data is not available (pattern fallback)."""
    try:
        return region_index()
    except Exception:  # ImportError or the region data missing
        return None


def resolve_place(name: str) -> dict | None:
    """A place name (徐州, 南丰, 津市) as {code, name, level}; without the region index,
    a guess {code: None, name: 徐州市} for a 2-4 character prefix."""
    index = full_region_index()
    if index is not None:
        return index.get(name)
    if re.fullmatch(rf"[{CJK}]{{2,4}}", name):
        return {"code": None, "level": None,
                "name": name if name.endswith(("市", "县", "区")) else name + "市"}
    return None


@lru_cache(maxsize=1)
def region_lookup() -> dict[str, dict] | None:
    """Region names/aliases usable for matching free text, or None without loaders.reference.regions.
    County-level places count only by full name (平安区, not 平安); short aliases of
    provinces, prefectures and clusters (深圳, 江苏, 长三角) are kept."""
    index = full_region_index()
    if index is None:
        return None
    out = {}
    for key, r in index.items():
        full = key == r["name"]
        if r["level"] == "county" and not (full and (len(key) >= 3 or key[-1] in "县市旗")):
            continue
        if len(key) >= 2:
            out[key] = r
    return out


_REGION_PATTERN = re.compile(rf"[{CJK}]{{1,4}}?(?:自治区|自治州|省|市|县|区|旗)")
NOT_REGION = re.compile(r"^(?:我|全|本|该|各|城|都|市|县|区|省|新|大|小|园|社|景|郊|城|湾|老|东部|西部|南部|北部|中部)"
                         r"|(?:经济区|开发区|园区|新区|景区|社区|城区|市区|辖区|片区|湾区|专区|地区|校区|城市|门市|股市|上市|超市)$")


@lru_cache(maxsize=1)
def _lengths_by_head() -> dict[str, tuple[int, ...]]:
    """First two characters of region names -> their lengths, longest first."""
    heads: dict[str, set[int]] = {}
    for k in region_lookup() or {}:
        if len(k) <= 15:
            heads.setdefault(k[:2], set()).add(len(k))
    return {h: tuple(sorted(ls, reverse=True)) for h, ls in heads.items()}


_ACTING_HEAD_RE = re.compile(r"代[县市区]长")


def regions_in(text: str) -> list[tuple[int, int, str, dict | None]]:
    """(start, end, surface, region-or-None) for region mentions, longest match first."""
    lookup = region_lookup()
    if lookup is None:
        return _pattern_regions(text)
    out, i, n, raw, text = [], 0, len(text), text, fold_variants(text)
    lengths = _lengths_by_head()
    while i < n:
        for L in lengths.get(text[i:i + 2], ()):
            if L > n - i:
                continue
            r = lookup.get(text[i:i + L])
            if r and _ACTING_HEAD_RE.match(text, i) and i + L + 1 == _ACTING_HEAD_RE.match(text, i).end():
                continue  # '代县长苗玉祥': an acting county head, not 代县 (山西)
            if r:
                out.append((i, i + L, raw[i:i + L], r))
                i += L
                break
        else:
            i += 1
    return out


def _pattern_regions(text: str) -> list[tuple[int, int, str, dict | None]]:
    out = []
    for m in _REGION_PATTERN.finditer(text):
        surface = trim_left(m.group(0))
        if not NOT_REGION.search(surface):
            start = m.end() - len(surface)
            out.append((start, m.end(), surface, None))
    return out


def split_region_prefix(name: str) -> tuple[str | None, str]:
    """'深圳宝能集团' -> ('深圳', '宝能集团'). Only for short forms (not legal names ending in
    有限公司, whose region prefix belongs to the name) and only when what is left still has a
    specific stem (深圳能源集团 stays whole)."""
    if name.endswith(("有限公司", "有限责任公司")):
        return None, name
    region, rest = None, name
    for _ in range(3):
        hit = _leading_region(rest)
        if not hit:
            break
        tail = rest[len(hit):].lstrip("的")
        stem = COMPANY_SUFFIX_RE.sub("", tail) if COMPANY_SUFFIX_RE.search(tail) else tail
        if len(stem) < 2 or stem.startswith(_GENERIC_LEAD) or not good_stem(stem) \
                or re.match(r"银行|集团|公司|证券|保险|农商行|商行", tail):  # 北京银行上海分行: no 北京 + 银行…
            break
        region, rest = hit, tail
    return region, rest


def _leading_region(s: str) -> str | None:
    lookup = region_lookup()
    for L in (5, 4, 3, 2):
        head = s[:L]
        if len(s) > L + 2 and (lookup.get(head) if lookup is not None
                               else re.fullmatch(rf"[{CJK}]{{1,3}}[省市县]", head)):
            return head
    return None


# ------------------------------------------------------------------- names cut at the clause
# A name read off running text may carry the clause before it: 希望中粮集团, 标志着致盛集团,
# 副市长刘晋萍宣布吕梁经开区, 在县政府, 川泸置业等公司. ``cut_clause`` drops that clause; what
# decides is the word where the name would start and what the text says around it.

# A verb that reports, wishes or thanks: what follows is its object, never part of a name
# (a bare group word after it, 感谢集团, is a mention of the article's group).
_STRONG_VERBS = ("希望", "感谢", "期待", "期望", "表示", "介绍", "评价", "赞扬", "赞赏", "宣布", "代表",
                 "标志", "标誌", "欢迎", "邀请", "祝贺", "肯定", "询问", "了解", "到访", "来到", "走进",
                 "接待", "会见", "拜访", "走访", "考察", "调研", "参观", "查看", "深入", "参加", "对于",
                 "服务于", "有助于", "有利于", "离不开", "共有", "拥有", "随同", "带队")
# A verb or adverb that takes an object: cut only where a specific name is left (城乡融合发展集团
# stays whole: 发展集团 is no name).
_WEAK_VERBS = ("推介", "围绕", "依托", "协助", "借助", "推动", "推进", "助力", "壮大", "打造", "落户", "招引",
               "融合", "赋能", "实现", "承担", "展现", "支持", "坚定", "利用", "结合", "发挥", "响应", "深化",
               "加快", "学习", "入驻", "拓展", "增进", "贡献", "确保", "配合", "源于", "落实", "设立", "探讨",
               "优化", "召开", "访问", "加深", "跟着", "盯着", "瞄着", "照着", "网站", "进一步", "全力", "积极")
# A preposition or copula that opens the clause (是中铁一局, 予华为公司, 由台江县人民政府): cut
# at the name's first character only when what follows stands as a name on its own.
_LEAD_WORDS = ("对于", "来到", "在", "到", "由", "是", "予", "对", "于", "向", "给", "把", "被", "从", "将",
               "为", "与", "和", "及", "同", "跟", "随", "使", "让", "以", "经", "有", "而")
# After a person's name (X对集团, 黎增义对集团公司, 市政府为集团): a one-character preposition
# before a bare group word.
_LEADS_RE = re.compile("(?:" + "|".join(sorted(_LEAD_WORDS, key=len, reverse=True)) + "){1,2}")
_MID_PREPS = "对就在到为向由予给"  # 为 only after a body (市政府为集团): 华为公司 stays whole
_ASPECT_RE = re.compile(rf"(?<=[{CJK}])[了着著过]")
_STRONG_RE = re.compile("|".join(sorted(_STRONG_VERBS, key=len, reverse=True)))
_WEAK_RE = re.compile("|".join(sorted(_WEAK_VERBS, key=len, reverse=True)))
_PERSON_ACT_RE = re.compile(rf"{TITLE_RE.pattern}[{CJK}]{{1,3}}?(?:一行|等人|带队)?(?:来到|到|来|赴|在|对|为|向|就)")
_QTY_NAME_RE = re.compile(r"等(?:[\d一二两三四五六七八九十几多数]+[家个])?(?:企业|公司|集团|单位|机构|银行|商会)$")
# Stems that say nothing of whom: 技术有限公司, 环保有限公司, 县政府, 集团公司 on their own.
_GENERIC_WORDS = sorted(set(GENERIC_STEMS) | set(WEAK_SUFFIXES) | {
    "技术", "管理", "环境", "工程", "设计", "咨询", "贸易", "商贸", "供应链", "信息", "网络",
    "高新技术", "高新", "经济", "技术产业", "地方", "两级", "集团公司", "分"}, key=len, reverse=True)
_GENERIC_STEM_RE = re.compile("(?:" + "|".join(map(re.escape, _GENERIC_WORDS)) + ")*")
_ANY_NAME_SUFFIX_RE = re.compile("(?:" + COMPANY_SUFFIX_RE.pattern + "|" + ORG_SUFFIX_RE.pattern + ")$")


def name_suffix(name: str) -> str:
    """The company or organisation suffix ``name`` ends with ('' when none)."""
    m = _ANY_NAME_SUFFIX_RE.search(name)
    return m.group(0) if m else ""


def generic_name(name: str) -> bool:
    """A suffix whose stem is only generic words (技术有限公司, 环保有限公司, 集团公司, 集团,
    县政府, 经开区): a mention of some entity, not a name of one."""
    suffix = name_suffix(name)
    if not suffix:
        return False
    stem = name[:-len(suffix)]
    return len(stem) <= 4 and _GENERIC_STEM_RE.fullmatch(stem) is not None


def stands_alone(rest: str, text: str, lead: str) -> bool:
    """Does ``rest`` (what follows a leading preposition) read as a name of its own: a generic
    mention (县政府, 集团), a place first (台江县人民政府), or written in ``text`` without
    ``lead`` before it (华为公司 elsewhere in the article beside 予华为公司)?"""
    if generic_name(rest) or rest[:1] in "省市县区镇乡州":
        return True
    found = regions_in(rest[:8])
    if found and found[0][0] == 0 and found[0][3] and found[0][1] - found[0][0] >= 2:
        return True
    return any(text[max(0, m.start() - len(lead)):m.start()] != lead for m in re.finditer(re.escape(rest), text))


def cut_clause(name: str, text: str = "") -> str:
    """``name`` without the clause written before it; '' when what is left names no one
    (川泸置业等公司: the names are the listed ones). ``text``: the article, to decide a
    leading preposition (予华为公司 -> 华为公司 when 华为公司 is written elsewhere; 和记黄埔
    stays whole)."""
    if _QTY_NAME_RE.search(name):
        return ""
    suffix = name_suffix(name) or name[-2:]  # a site without a suffix (考察了渌口科创园)
    if len(name) <= len(suffix) + 1:
        return name
    stem_end = len(name) - len(suffix)

    def ok(rest: str, strong: bool) -> bool:  # a weak verb: a specific name or a bare suffix (加快集团) left
        if rest.count("》") > rest.count("《") or rest.count(")") > rest.count("("):
            return False  # 走进地建》展厅: the cut would open inside a title or a bracket
        return len(rest) >= len(suffix) and (strong or len(rest) - len(suffix) <= 1 and generic_name(rest) or (
            not generic_name(rest) and good_stem(rest[:-len(suffix)])))

    cut = 0
    for rx, strong in ((_STRONG_RE, True), (_WEAK_RE, False), (_ASPECT_RE, True), (_PERSON_ACT_RE, True)):
        for m in rx.finditer(name, 0, stem_end):
            end = m.end()
            if rx is _STRONG_RE and name[end:end + 1] in "了着著过":
                end += 1  # 介绍了集团, 标志着镇江市政府
            if end > cut and end <= stem_end and ok(name[end:], strong):
                cut = end
    name = name[cut:]
    if cut and name.startswith("的") and len(name) > len(suffix) + 1:
        name = name[1:]  # 张伯松带队的山海协作对口帮扶考察团
    if name.startswith("以及") and good_stem(name[2:len(name) - len(suffix)]):
        name = name[2:]  # never part of a name
    lead = _LEADS_RE.match(name)
    for end in sorted({lead.end(), 1}, reverse=True) if lead else ():
        rest = name[end:]  # 将在产业园, 有为政府: two words before the name
        if len(rest) >= max(2, len(suffix)) and stands_alone(rest, text, name[:end]):
            name = rest
            break
    for p in _MID_PREPS:  # 黎增义对集团, 市政府为集团: a bare group word after a person or body
        i = name.rfind(p, 0, len(name) - len(suffix))
        rest = name[i + 1:]
        if i >= 2 and generic_name(rest) and len(rest) - len(suffix) <= 1 and (
                p != "为" or _ANY_NAME_SUFFIX_RE.search(name[:i])):
            return rest
    return name
