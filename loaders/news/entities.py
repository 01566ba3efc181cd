"""Entities in a news article: companies, organisations, regions, industries.

A ``Registry`` collects every surface form and merges variants of one entity:
legal name and short form (卓阳能源集团有限公司 / 卓阳集团), region-prefixed short forms
(深圳宝能集团 -> 宝能集团, region hint 深圳), suffix variants (华能江西清洁能源公司 /
…有限责任公司), and names or aliases from the caller's gazetteer (``known``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.news import names as nn
from loaders.news.industries import scan_industries
from loaders.resolve.text import normalize_name, to_simplified

LEGAL_RE = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)$|(?:集团公司|集团|公司)$")
_QTY_TAIL_RE = re.compile(r"(?:等)?(?:[\d一二两三四五六七八九十百几多数]+|一批)(?:家|个|所|位|批)[^、]*$")
_HOME_RE = re.compile(r"^(?:我|本)([市县区省州])$")


@dataclass
class Entity:
    name: str
    label: str                      # Company | Organization | Region | Industry | Person
    mentions: list[str] = field(default_factory=list)
    id: str | None = None
    kind: str | None = None
    code: str | None = None
    region: str | None = None
    aliases: list[str] = field(default_factory=list)

    def mention(self, surface: str) -> None:
        if surface and surface not in self.mentions:
            self.mentions.append(surface)


def core(name: str) -> str:
    """Name without legal/group suffixes: 卓阳能源集团有限公司 -> 卓阳能源."""
    prev = None
    while prev != name:
        prev, name = name, LEGAL_RE.sub("", name) if len(LEGAL_RE.sub("", name)) >= 2 else name
    return name


class Registry:
    """Entities of one article, merged across surface forms."""

    def __init__(self, known: list[dict] | None = None, home: dict | None = None):
        self.entities: list[Entity] = []
        self.home = home                 # the publishing city/county, for 我市
        self._by_key: dict[tuple[str, str], Entity] = {}
        self.known = [self._known_entity(k) for k in known or []]
        self.text = ""                   # the article (scan sets it): decides a name's leading word

    # -- adding ---------------------------------------------------------------------------
    def _known_entity(self, k: dict) -> Entity:
        names = [k.get("name") or ""] + list(k.get("aliases") or [])
        e = Entity(name=k.get("name") or "", label=k.get("label") or "Company", id=k.get("id"),
                   code=k.get("code"), aliases=[to_simplified(a) for a in names if a])
        return e

    def add(self, surface: str, label: str, kind: str | None = None,
            known: Entity | None = None) -> Entity:
        surface = surface.strip()
        if label in ("Company", "Organization") and not known:  # 希望中粮集团 -> 中粮集团
            surface = nn.cut_clause(surface, self.text) or surface
            owner = self._owner(surface, label)
            if owner is not None:  # 技术有限公司 beside 华为技术有限公司: a mention of it
                owner.mention(surface)
                self._index(owner, surface)
                return owner
        region, name = (nn.split_region_prefix(surface) if label == "Company" and not known
                        else (None, surface))
        ent = known and self._existing(known) or self._find(name, label)
        if ent is None:
            ent = known or Entity(name=name, label=label, kind=kind)
            ent.mentions = []
            self.entities.append(ent)
        self._index(ent, name)
        ent.mention(surface)
        ent.mention(name)
        ent.region = ent.region or region
        ent.kind = ent.kind or kind
        legal = ("有限公司", "有限责任公司")
        if known is None and ent.id is None and name.endswith(legal) and not ent.name.endswith(legal):
            ent.name = name  # the full legal name is the canonical one
        return ent

    def _owner(self, name: str, label: str) -> Entity | None:
        """The entity a bare generic name (集团, 集团公司, 技术有限公司, 县政府) is the tail of: one
        of ``label`` with a specific name ending so (集团公司: any group), the one the text
        names most when there are several; None for a specific name or no such entity."""
        if not nn.generic_name(name):
            return None
        tail = name.replace("人民", "")
        group = tail in ("集团", "集团公司")
        cands = [e for e in self.entities if e.label == label and e.id is None and not nn.generic_name(e.name)
                 and any(m.replace("人民", "").endswith(tail) or group and "集团" in m for m in [e.name, *e.mentions])]
        if not cands:
            return None
        return max(cands, key=lambda e: (sum(self.text.count(m) for m in e.mentions if len(m) >= 3), -self.entities.index(e)))

    def settle(self) -> dict[str, str]:
        """Merge each bare generic entity added before the name it is the tail of into that
        entity (``_owner``); returns {old name: new name} for the facts that cite it."""
        renames = {}
        for e in [e for e in self.entities if e.id is None and e.label in ("Company", "Organization")
                  and nn.generic_name(e.name)]:
            owner = self._owner(e.name, e.label)
            if owner is None or owner is e:
                continue
            self.entities.remove(e)
            for m in e.mentions:
                owner.mention(m)
            for key, ent in list(self._by_key.items()):
                if ent is e:
                    self._by_key[key] = owner
            renames[e.name] = owner.name
        return renames

    def _existing(self, known: Entity) -> Entity | None:
        return known if known in self.entities else None

    def _index(self, ent: Entity, name: str) -> None:
        self._by_key[(ent.label, normalize_name(name))] = ent
        self._by_key[(ent.label, "core:" + core(normalize_name(name)))] = ent

    def _find(self, name: str, label: str) -> Entity | None:
        key = normalize_name(name)
        hit = self._by_key.get((label, key)) or self._by_key.get((label, "core:" + core(key)))
        if hit or label != "Company":
            return hit
        return self._group_match(key)

    def _group_match(self, key: str) -> Entity | None:
        """卓阳集团 ~ 卓阳能源集团有限公司: a 'X集团' short form and a name with 集团 whose
        core starts with X (both directions)."""
        for e in self.entities:
            if e.label != "Company":
                continue
            for m in e.mentions:
                a, b = sorted((key, normalize_name(m)), key=len)
                b2 = b[len(nn._leading_region(b) or ""):]
                if a.endswith("集团") and "集团" in b and len(a) > 3 and (
                        not b.endswith("集团") or b2 == a or len(b) == len(a)) and (
                        b.startswith(a[:-2]) or b2.startswith(a[:-2])):
                    return e
        return None

    def get(self, surface: str) -> Entity | None:
        key = normalize_name(surface)
        for label in ("Company", "Organization", "Region", "Industry", "Person"):
            e = self._by_key.get((label, key))
            if e:
                return e
        region, name = nn.split_region_prefix(surface)
        hit = self._find(name, "Company")
        cut = nn.cut_clause(surface, self.text)
        return hit or (self.get(cut) if cut and cut != surface else None)

    # -- classification of free list items ---------------------------------------------------
    def classify(self, item: str) -> Entity | None:
        """A list item from a party/visit slot as an entity (added), or None if not a name."""
        item = clean_item(item)
        if not item or len(item) > 24 or not name_like(item):
            return None
        m = _HOME_RE.match(item)
        if m:
            # the publisher's place unknown: keep the words (我县), a party all the same
            return self.add(self.home["name"] if self.home else item, "Region")
        hit = self.get(item)
        if hit:
            hit.mention(item)
            return hit
        label = _label_of(item)
        if label == "Region":
            return self.add_region(item, *_region_of(item))
        return self.add(item, label, _org_kind(item))

    def alias(self, ent: Entity, surface: str) -> None:
        """``surface`` names ``ent`` from here on (a short form the article defines)."""
        ent.mention(surface)
        self._index(ent, surface)

    def add_region(self, surface: str, name: str, r: dict | None) -> Entity:
        e = self.add(name, "Region")
        e.mention(surface)
        e.code = e.code or (r or {}).get("code")
        e.kind = e.kind or (r or {}).get("level")
        return e

    def by_label(self, label: str) -> list[Entity]:
        return [e for e in self.entities if e.label == label]


def _label_of(item: str) -> str:
    if nn.looks_like_person(item):
        return "Person"
    if nn.ORG_SUFFIX_RE.search(item[-5:]) and _org_kind(item):
        return "Organization"
    if 2 <= len(item) <= 4 and nn.resolve_place(item) and nn.full_region_index() is not None:
        return "Region"
    if nn.full_region_index() is not None and nested_places(item):
        return "Region"  # 广东佛山, 江苏长兴县: places one inside the other
    if (re.search(r"(?:省|市|县|区|旗|自治州)$", item) and not nn.COMPANY_SUFFIX_RE.search(item)
            and not nn.NOT_REGION.search(item)):
        return "Region"
    return "Company"


def nested_places(item: str) -> bool:
    """'吉林省长春市', '广东佛山': places written one inside the other."""
    found = nn.regions_in(item) if len(item) <= 12 else []
    return len(found) >= 2 and found[0][0] == 0 and found[-1][1] == len(item) and all(
        a[1] == b[0] for a, b in zip(found, found[1:]))


def _region_of(item: str) -> tuple[str, dict | None]:
    """'江苏长兴县' -> ('长兴县', {code…}): the most specific region named by ``item``."""
    hit = nn.resolve_place(item) if nn.full_region_index() is not None else None
    if hit:
        return hit["name"], hit
    found = nn.regions_in(item)
    if found and found[-1][1] == len(item) and found[-1][3]:
        return found[-1][3]["name"], found[-1][3]
    return item, None


def _org_kind(item: str) -> str | None:
    for suffix, kind in nn.ORG_SUFFIXES:
        if item.endswith(suffix):
            return kind
    return None


_GENERIC_ITEM = re.compile(r"^(?:企业|公司|客商|项目|单位|部门|机构|活动|资源|平台|基地|车间|"
                           r"现场|情况|经验|地区|城市|园区|企业家|客户|伙伴)$|"
                           r"(?:车间|展厅|生产线|研发中心|展示中心|技术中心|实验室|(?<!加)工厂|基地)$|"
                           r"(?:活动|工作|会议|情况|经验|资源|项目|车间|平台)$")
_VERB2 = re.compile(r"进行|洽谈|交流|表示|介绍|推进|推动|开展|参加|举行|签[约订署]|充分|表达|深入|"
                    r"了解|学习|对接|达成|探讨|沟通|要求|强调|实现|支持|落地|发展|拜访|走访|考察|调研|拜会")
_VERB1 = re.compile(r"[是有将把就为了签在]")
_ANY_SUFFIX = re.compile("(?:" + "|".join([nn.COMPANY_SUFFIX_RE.pattern, *nn.WEAK_SUFFIXES,
                                           nn.ORG_SUFFIX_RE.pattern]) + ")$")


def clean_item(item: str) -> str:
    item = item.strip(" ,，。;；:：“”\"'")
    item = nn.strip_descriptor(re.split(r"[”\"」]", item)[-1])
    if "—" in item:
        item = item.split("—")[-1]
    item = _QTY_TAIL_RE.sub("", item)
    item = re.sub(r"(?:代表|负责人|双方|一行|等)$", "", item)
    item = re.sub(r"(?<=..)[两三四五六七八九十多]+(?:市|县|区|地|省|国|方)$", "", item)  # '成都、自贡两市': 自贡
    item = re.sub(r"(?:近日|日前|近期|今天|今日|昨天|昨日|当天|当日|同日|日|上午|下午|晚上|"
                  r"[\d一二三四五六七八九十]+月[\d一二三四五六七八九十]+日)+$", "", item)
    item = re.sub(r"(?<=公司|集团|银行)(?:生产基地|研发基地|基地|总部|生产车间|车间|展厅|工厂|厂区|园区)$", "", item)
    item = re.sub(r"^.*?见证了?|^(?:了|先后|分别|还|又|也|与|和|同|及|向|对)", "", item)
    item = re.sub(r"^(?:包括|分别是|分别为|依次是|其中有?)", "", item)  # a list's opening word
    if not any(b == len(item) for _, b, _, r in nn.regions_in(item) if r):  # 成都, 首都 keep 都
        item = re.sub(r"(?:分别|先后|相继|陆续|依次|共同|一起|一同|正式|同时|成功|顺利|已经|已|还|也|又|均|都)+$", "", item)
    if "的" in item:  # 深圳的望家欢农产品集团 -> keep the part after 的
        item = item.split("的")[-1]
    return item.strip()


_EXISTENTIAL_RE = re.compile(r"(?:还有|另有|共有|又有|共计|合计|总计|有)$")  # '(同)时还有3家企业进行签约': a count, no name
# '引进了世界500强、中国500强、民营企业500强等一批头部企业': a ranking, a class of companies, no name
_RANKING_RE = re.compile(r"[\d百千万]+强$")


def name_like(item: str) -> bool:
    if len(item) < 2 or _GENERIC_ITEM.search(item) or _EXISTENTIAL_RE.search(item) or _RANKING_RE.search(item):
        return False
    if not re.fullmatch(rf"[{nn.NAME_CHARS}（）]+", item):
        return False
    verb = _VERB2.search(re.sub("代表团|委员会|管委会$", "", item))
    legal = re.search(r"(?:有限公司|有限责任公司)$", item)  # 湖北达成医疗科技有限公司
    if verb and not (legal and verb.start() > 0):
        return False
    # 华为, 美的: a short name may end in a character that is a verb elsewhere
    return bool(_ANY_SUFFIX.search(item)) or not _VERB1.search(item[:-1] if len(item) <= 4 else item)


_NOT_NAME_WORD = re.compile(r"[项目了的着过在向对从把被将会要于以及而并或等其之第轮批次期届场]|企业|双方|各方|"
                            r"领导|代表|嘉宾|负责|现场|仪式|活动|合作|协议|投资|建设|发展|产业|工作|计划|"
                            r"方面|领域|上午|下午|当天|随后|同时|最后|首先|其中|此外|另外|目前|会上|会议|"
                            r"模式|前景|情况|经营|规划|政策|环境|优势|理念|经验|流程|历程|成果|举措|措施|机制|"
                            r"体系|水平|能力|服务|管理|产品|品牌|文化|市场|生产|基础|条件|资源|特色|亮点|"
                            r"^(?:共|有|总|计|合计|累计|另|又|再|还|已|均|全|本|该|此|各)")


def plain_name(item: str) -> bool:
    """A suffix-less item that a party slot may still take as a name (宁德时代, 中国石化):
    2-10 name characters, no function word, no generic word."""
    if has_suffix(item):
        return True
    return (2 <= len(item) <= 10 and not _NOT_NAME_WORD.search(item)
            and not re.search(r"\d", item) and not nn.looks_like_person(item))


def has_suffix(item: str) -> bool:
    return bool(_ANY_SUFFIX.search(item))


def has_name_signal(item: str, reg: "Registry") -> bool:
    """Evidence that a list item is a name by itself: known already, a company/organisation
    suffix (also the weak ones such as 人寿, 电力), a person's title, or a region."""
    return bool(reg.get(item) or _ANY_SUFFIX.search(item) or nn.looks_like_person(item)
                or _label_of(item) == "Region" or bool(_HOME_RE.match(item)))


def split_items(segment: str) -> tuple[list[str], bool]:
    """'A、B、C等16家企业' -> ([A, B, C], True); splits on 、 and on 和/及/与 between items.
    The flag says whether a classifier tail (等16家企业, 五家机构, 一批企业) typed the list."""
    if "—" in segment:  # appositive: 此行第一家客商——招商局集团
        segment = re.split("—+", segment)[-1]
    typed = bool(_QTY_TAIL_RE.search(segment)) or bool(re.search(r"等[^、]{0,6}(?:企业|公司|机构|集团)$", segment))
    if "等" in segment:  # 'A、B等公司及C商会': C is an item too
        head, _, tail = segment.rpartition("等")
        more = re.match(r"[^、]{0,6}?(?:企业|公司|单位|机构)(?:以及|及|和)(.{2,24})$", tail)
        segment = head + ("、" + more.group(1) if more else "")
    segment = _QTY_TAIL_RE.sub("", segment)
    out = []
    for piece in re.split(r"、|/", segment):
        out += _split_conjunction(piece)
    return [p for p in out if p], typed


_SITE_END = re.compile(r"(?:科学园|物流园|产业园|科技园|科创园|工业园|示范园|园区|博物馆|展览馆|纪念馆|展馆|展厅|基地|商圈|片区|"
                       r"街区|总部|孵化器|实验室|研究院|研究所)$")


def _split_conjunction(piece: str) -> list[str]:
    """Split 'A和B' / 'A与B' / 'A及B' only where A ends like a name (a company or
    organisation suffix, a region): 仁和人寿 and 上海联和创投 stay whole."""
    for m in re.finditer(r"以及|和|与|及", piece):
        left, right = piece[:m.start()], piece[m.end():]
        if len(left) >= 2 and len(right) >= 2 and (_ANY_SUFFIX.search(left) or _label_of(left) == "Region"
                                                   or _SITE_END.search(left)):
            return [left] + _split_conjunction(right)
    return [piece]


def slot_entities(segment: str, reg: "Registry", *, regions: bool = True,
                  typed: bool = False, party: bool = False) -> list[Entity]:
    """Entities named in a party or visit slot. Items count when the list is typed by a
    classifier tail (or ``typed``: the slot's place in the sentence says it holds names), or
    when most items carry a name signal (see ``has_name_signal``). In a signing's ``party``
    slot one item with a signal types the list: its other items count when ``plain_name``."""
    items, tail_typed = split_items(segment)
    typed = typed or tail_typed
    items = [clean_item(i) for i in items]
    # a name the scan found (金山第二工业区发展公司: 发展 reads as a verb) counts as it is written
    items = [i for i in items if i and (name_like(i) or _found(i, reg)) and len(i) <= 24
             and (not typed or tail_typed or plain_name(i)) and not (party and tail_typed and not plain_name(i))]
    if not items:
        return []
    found = {i: reg.get(i) for i in items if not name_like(i)}  # the rest of those kept above
    signal = lambda i: i in found or has_name_signal(i, reg)  # noqa: E731
    signals = sum(map(signal, items))
    if party and signals and not typed:
        items = [i for i in items if signal(i) or plain_name(i)]
        typed = True
    if not typed and signals * 2 < len(items):
        return []
    out = [found.get(i) or reg.classify(i) for i in items if typed or signal(i)]
    return [e for e in out if e and (regions or e.label != "Region")]


def _found(item: str, reg: Registry) -> bool:
    e = reg.get(item)
    return e is not None and e.label == "Company" and item in e.mentions and has_suffix(item)


# ------------------------------------------------------------------------- scanning text

def scan(text: str, reg: Registry) -> None:
    """Find gazetteer names, pattern companies and organisations, regions, industries."""
    reg.text = text
    taken = _scan_known(text, reg)
    taken |= _scan_suffix(text, reg, nn.COMPANY_SUFFIX_RE, "Company", taken)
    _scan_suffix(text, reg, nn.ORG_SUFFIX_RE, "Organization", taken)
    for _, end, surface, r in nn.regions_in(text):
        if r and r["name"].endswith("自治州") and text[end:end + 1] == "州" and surface[-1] != "州":
            surface += "州"  # 楚雄州, the usual short form of 楚雄彝族自治州
        reg.add_region(surface, r["name"] if r else surface, r)
    for m in _TYPED_LIST_RE.finditer(text):
        slot_entities(trim_list_head(m.group(0)), reg)
    for m in _BROUGHT_IN_RE.finditer(text):  # 先后引进了A、B等一批新能源企业 / 等电气产业项目
        slot_entities(m.group(1) + "等企业", reg)
    for m in _STOCK_RE.finditer(text):  # 中环控股(01735), 宁德时代(300750.SZ): a listed company
        name = clean_item(nn.trim_left(m.group(1)))
        if name_like(name) and (has_suffix(name) or plain_name(name)) and not reg.get(name):
            reg.add(name, "Company")
    _scan_defined(text, reg)
    _scan_marked(text, reg)
    _scan_cores(text, reg)
    scan_industries(text, reg)


_AFTER_CORE_RE = re.compile(r"[、,，;；。等与和及的项目]|$")


def _scan_cores(text: str, reg: Registry) -> None:
    """A legal name's core written on its own is a mention of it ('签约项目包括永州联兴不锈钢管、
    …等项目' … '永州联兴不锈钢管有限公司'): the core (4+ characters) counts where it stands
    outside the full name and is followed by a list mark, a connector or 项目."""
    for e in reg.by_label("Company"):
        if not re.search(r"有限(?:责任)?公司$", e.name):
            continue
        short = core(e.name)
        if len(short) < 4 or short in e.mentions:
            continue
        for m in re.finditer(re.escape(short), text):
            if not text.startswith(e.name, m.start()) and _AFTER_CORE_RE.match(text, m.end()):
                e.mention(short)
                reg._index(e, short)
                break


_DEFINED_RE = re.compile(rf"([{nn.NAME_CHARS}]{{2,40}}?)[(（](?:以下)?(?:简称|下称)[“\"「『]?([{nn.NAME_CHARS}]{{2,12}}?)"
                         r"[”\"」』]?[)）]")


def _scan_defined(text: str, reg: Registry) -> None:
    """'中国医药集团联合工程有限公司(简称“国药工程”)', '…双流区人民政府(以下简称“双流区”)': the
    short form names the entity found before it; a suffix-less short form is added to it."""
    for m in _DEFINED_RE.finditer(text):
        full, short = m.group(1), clean_item(m.group(2))
        ent = next((e for e in reversed(reg.entities) if e.label in ("Company", "Organization", "Region")
                    and any(full.endswith(men) for men in e.mentions if len(men) >= 3)), None)
        if ent is not None and short and not reg.get(short):
            reg.alias(ent, short)


# A suffix-less company in running text, marked by what surrounds it: a company title after it
# ('汉江国投副总经理刘刚', '新濠博亚娱乐首席顾问'), or a company descriptor before it
# ('骨干央企中国一冶,', '世界500强企业中国能建的').
_TITLED_RE = re.compile(rf"(?:^|(?<=[,，、;；:：。(（与和及]))([{nn.CJK}A-Za-z]{{2,8}}?)(?:党委书记、)?"
                        rf"(?:董事长|副董事长|总经理|副总经理|总裁|副总裁|首席[{nn.CJK}]{{2}}|主要负责人|总会计师)"
                        rf"(?=[{nn.CJK}]{{2}}|[,，、])")
_DESCRIBED_RE = re.compile(rf"(?:央企|国企|龙头企业|上市公司|500强企业|500强)([{nn.CJK}]{{2,6}}?)(?=[,，、。的与和及])")
_NOT_COMPANY_END = re.compile(r"(?:省|市|县|区|州|镇|乡|村|局|委|办|部|厅|处|会|院|所|校|团|组|队|中心|政府|方)$")


def _scan_marked(text: str, reg: Registry) -> None:
    for rx in (_TITLED_RE, _DESCRIBED_RE):
        for m in rx.finditer(text):
            name = clean_item(nn.trim_left(m.group(1)))
            if (plain_name(name) and nn.good_stem(name) and name_like(name) and not reg.get(name)
                    and not _NOT_COMPANY_END.search(name) and not nn.looks_like_person(name)
                    and not nn.resolve_place(name) and _label_of(name) == "Company"):
                reg.add(name, "Company")


_TYPED_LIST_RE = re.compile(r"[^，,。；;:：]{2,160}?等(?:[\d一二两三四五六七八九十几多数]+家|一批)?"
                            r"(?:来自[^，,。；、的]{2,6}的)?(?:[^，,。；、的]{0,6}的)?"
                            r"(?:大|知名|重点|龙头|优质|骨干|领军|高质量|头部)?"
                            r"(?:企业|公司|集团|客商|金融机构|机构|央企|国企|民企|外企|产业项目|"
                            rf"[{nn.CJK}]{{0,4}}企业家代表)")  # 'A、B等成渝企业家代表': their companies


_BROUGHT_IN_RE = re.compile(r"(?:引进|吸引|引入|招引)了?([^，,。；;:：“”]{2,160}?)等[^，,。；;、]{0,14}?"
                            r"(?:企业|公司|集团|项目)")


_STOCK_RE = re.compile(rf"([{nn.CJK}A-Za-z]{{2,14}})[(（](?:\d{{6}}|\d{{4,5}})(?:\.(?:SH|SZ|HK|BJ))?[)）]")


_LEADERS_RE = re.compile(r"^.*?(?:[省市县区州旗镇]|校|园区)?领导(?:[^、及和,，]{2,4}、)*[^、及和,，]{2,4}(?:以及|及|和)")


def trim_list_head(seg: str) -> str:
    """Drop what precedes the first item of a list: '先后吸引了农夫山泉、…' -> '农夫山泉、…';
    people listed after a leaders' word ('县领导A、B、C及X公司、Y公司等10家企业') are no items."""
    seg = _LEADERS_RE.sub("", seg)
    head, sep, rest = seg.partition("、")
    return nn.trim_left(head) + sep + rest


def _scan_known(text: str, reg: Registry) -> set[int]:
    taken: set[int] = set()
    for k in sorted(reg.known, key=lambda e: -max(map(len, e.aliases or [""]))):
        for alias in k.aliases:
            if len(alias) < 2:
                continue
            for m in re.finditer(re.escape(alias), text):
                if m.start() in taken:
                    continue
                ent = reg.add(k.name, k.label, known=k)
                ent.mention(alias)
                taken |= set(range(m.start(), m.end()))
    return taken


def _scan_suffix(text: str, reg: Registry, rx: re.Pattern, label: str, taken: set[int]) -> set[int]:
    new: set[int] = set()
    bare = []
    for m in rx.finditer(text):
        if m.start() in taken or m.end() - 1 in taken:
            continue
        name = _name_before(text, m)
        name = name and nn.cut_clause(name, text)  # 希望中粮集团, 川泸置业等公司 (no name)
        if name and _accept(name, m.group(0), label, text[m.end():m.end() + 2]):
            reg.add(name, label, nn.ORG_KIND.get(m.group(0)) if label == "Organization" else None)
            new |= set(range(m.end() - len(name), m.end()))
        elif name and nn.generic_name(name):
            bare.append(name)
    for name in bare:  # 介绍了集团: a mention of the article's group, when it names one
        owner = reg._owner(name, label)
        if owner is not None:
            reg.alias(owner, name)
    return new


def rename_refs(facts: list[dict], renames: dict[str, str]) -> None:
    """Point agreements and visits at the merged entity's name (``Registry.settle``)."""
    if not renames:
        return
    for f in facts:
        if f.get("parties"):
            f["parties"] = list(dict.fromkeys(renames.get(p, p) for p in f["parties"]))
        for k in ("implicit_party", "host", "host_name", "visitor"):
            if f.get(k) in renames:
                f[k] = renames[f[k]]


def _name_before(text: str, m: re.Match) -> str | None:
    raw = nn.left_name(text, m.start())
    left = nn.trim_left(raw)
    cut = len(raw) - len(left)
    if left and cut >= 2 and raw[cut - 1] in "为和与及并" and nn.generic_name(left + m.group(0)):
        # 与华为技术有限公司: a one-character word inside the name (华为) is no boundary when
        # what it leaves is generic (技术有限公司); the name starts at the boundary before it
        b = list(nn.BOUNDARY_RE.finditer(raw, 0, cut - 1))
        start = b[-1].end() if b else 0
        if 1 <= cut - 1 - start <= 4:
            left = raw[start:]
    elif cut == 1 and raw[0] == "和" and not nn.stands_alone(left + m.group(0), text, "和"):
        left = raw  # 和记黄埔有限公司 at a clause's start: 和 begins the name, nothing is joined
    if left[:1] == "(" and ")" not in left:  # '进行签约(原子高科股份有限公司、…)': an opening mark, no name
        left = nn.trim_left(left[1:])
    return nn.strip_descriptor(left + m.group(0)) if left else None


def _accept(name: str, suffix: str, label: str, after: str) -> bool:
    stem = name[: -len(suffix)]
    if not nn.good_stem(stem):
        return False
    if label == "Organization":
        if suffix in ("局", "厅") and not nn.bureau_ok(stem):
            return False
        if suffix == "中心" and after[:1] and after[:1] in "城区地位工任点":
            return False
        if after[:1] in ("长", "办") or suffix == "局" and after[:1] in "面势限":
            return False
        if suffix == "政府" and stem.endswith(("市", "县", "区")) and len(stem) < 2:
            return False
    return True
