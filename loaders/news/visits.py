"""Visits in one sentence: trips, visits to companies, receptions, talks on a trip.
See docs/news-extraction.md."""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import (Entity, Registry, clean_item, has_name_signal, name_like, nested_places,
                                   plain_name, slot_entities, split_items)
from loaders.news.events import FUTURE_RE, RECEIVE_RE, bare_reference, signer_items, clause_after

VISIT_RE = re.compile(r"(到访|回访|赶到|赶赴|赶往|顺访|抵达|飞抵|转抵|访问|拜访|走访|参观|参访|观摩|考察|拜会|面拜|造访|调研|前往|来到|赴|深入(?!合作|交流|对接|研究|推进|开展|实施|学习|贯彻|了解|探讨|沟通|洽谈|推动|落实|分析|的)|走进|看望|拜望|莅临|察看|视察|"
                      r"(?:(?<=一行)|(?<=先后)|(?<=分别)|(?<=首先)|(?<=[团组队还又人]))(?:到|来)|"
                      r"(?:到|来)(?=[^,，。；;]{2,24}?(?:考察|调研|参观|走访|对接|洽谈|拜访|座谈|交流))|"
                      r"(?<=[行人长记团组队])在(?=[^,，。；;]{2,20}?(?:考察|调研|参观|走访|拜访|开展招商|招商推介))|"
                      # '率我市经贸代表团在深圳开展…交流活动': a delegation somewhere, doing its errand
                      r"(?:(?<=[团组队])|(?<=一行)|(?<=继续))在(?=[^,，。；;]{2,8}?(?:开展|举办|举行|招商|洽谈|推介)))"
                      r"了?(?![团组员])")
TRAVEL = {"赶到", "赶赴", "赶往", "前往", "抵达", "飞抵", "转抵", "访问", "来到", "赴", "到", "来", "深入", "走进", "莅临", "到访", "在"}
_SLOT_STOP = re.compile(r"拜谒|瞻仰|调研|考察|访问|开展|对接|洽谈|参观|参访|观摩|交流|学习|参加|举办|进行|推介|招商(?!局|银行|蛇口|工业|证券|基金)|拜访|走访|拜会|就|围绕|签|"
                        r"说明|介绍|汇报|商谈|座谈")


def visits_in(sentence: str, reg: Registry, last_visitor: str | None,
              article: str = "") -> tuple[list[dict], str | None]:
    """Visits stated by ``sentence`` and the visitor in effect afterwards; a place host not
    written in the sentence (我县) is named as ``article`` names it most often."""
    visitor = _visitor(sentence, reg) or last_visitor
    out = []
    for m in VISIT_RE.finditer(sentence):
        verb = m.group(1)
        if FUTURE_RE.search(sentence[max(0, m.start() - 4):m.start()]):
            continue
        slot = _slot(sentence, m.end(), verb)
        if slot.startswith("的"):  # '来我市考察的X集团一行': X is the visitor
            continue
        own = _SELF_RE.match(slot) if verb in TRAVEL else None
        if own:  # '一行到集团香港总部访问': a company's own site names itself 集团, as written
            out.append({"visitor": visitor, "host": own.group(0), "host_label": "Company", "verb": verb})
            continue
        slot = _OWN_SITE_RE.sub(r"\1", slot)  # 'X公司的生产车间和展厅': the company
        slot = _STATE_RE.sub("", slot)  # '察看了X产业园建设情况': the park
        slot = _ITEM_SITE_RE.sub("", slot)  # '参观了A、B企业生产线': B; 'X公司生产车间': X公司
        slot = _MY_PLACE_RE.sub("", slot)  # '到我市戴南镇考察': the town as named
        slot = _CAPITAL_RE.sub("", slot)  # '抵达贵州省会贵阳': the capital as named
        if verb in TRAVEL and any(nested_places(i) for i in slot.split("、")):  # 吉林省长春市: no 省长 title
            items = [x for i in slot.split("、") for x in ([i] if nested_places(i) else signer_items(i))]
        else:
            items = signer_items(slot)
        items = [x for i in items for x in (i.split("以及") if re.fullmatch(r"..+以及..+", i) else [i])]
        # a list of names (走访A、B等上市公司和重点项目: the generic 重点项目 aside)
        named = [i for i in split_items("、".join(items))[0] if not GENERIC_SITE.match(clean_item(i))]
        listed = verb not in TRAVEL and len(named) >= 2 and all(plain_name(clean_item(i)) for i in named)
        hosts = [h for h in slot_entities("、".join(items), reg, typed=listed, party=verb not in TRAVEL)
                 if h.label != "Industry"]  # '装备制造、医疗器械等领域': no host, the sites beside them are
        if not hosts and verb in TRAVEL and len(items) == 1 and _TOWN_SPOT_RE.fullmatch(clean_item(items[0])):
            # '在乐东县千家镇崇高岭现场调研': a spot in a town is the host as written, not the county
            item = clean_item(items[0])
            hosts = [reg.get(item) or reg.add(item, "Organization", "site")]
        if not hosts and verb in TRAVEL and len(items) == 1 and _DESTINATION_RE.match(
                sentence[m.end() + len(slot):]) and plain_name(clean_item(items[0])):
            # '前往中国路桥就…进行洽谈': the destination slot of a trip with a purpose holds a name
            item = clean_item(items[0])
            hosts = [reg.add(item, "Region")] if _AREA_RE.search(item) else [
                e for e in [reg.classify(items[0])] if e and e.label != "Person"]
        if not hosts and verb in ("到访", "莅临") and len(items) == 1:  # '一行到访招商局': a body by its suffix
            ent = reg.classify(clean_item(items[0]))
            hosts = [ent] if ent and ent.label in ("Company", "Organization") and ent.kind != "delegation" else []
        if not hosts and len(items) == 1:
            hosts = _one_site(clean_item(items[0]), reg)  # '参观聚龙湾项目展厅': a site by its word
        elif verb not in TRAVEL:  # '参观了规划展示馆,装备制造…等领域的企业': the sites no name covers
            # each item whole, and each part of 'A和B' (考察了X公司和Y基地: the base too)
            pieces = dict.fromkeys(p for i in items for p in [i, *split_items(i)[0]])
            hosts += [h for i in pieces if not any(m and m in i for e in hosts for m in e.mentions)
                      and not VISIT_RE.search(re.sub(r"《[^》]*》", "", i)) for h in _one_site(clean_item(i), reg)]
        if not hosts and verb not in TRAVEL and len(items) == 1 and _plain_host(clean_item(items[0]), reg):
            hosts = [reg.get(clean_item(items[0])) or reg.add(clean_item(items[0]), "Company")]  # '参观了宁德时代'
        hosts = [r for h in hosts for r in [_referent(h, sentence[:m.start()], reg)] if r]
        for h in hosts:
            if h.name != visitor and h.label != "Industry":
                v = {"visitor": visitor, "host": h.name, "host_label": h.label, "verb": verb}
                if h.label == "Region":  # as written (宁波), with the region it resolves to
                    written = [men for men in h.mentions if men in slot] or sorted(
                        (m for m in h.mentions if m), key=lambda m: (-_own_count(m, h, article), -len(m)))[:1]
                    v.update(host=max(written, key=len) if written else h.name,
                             host_name=h.name, host_code=h.code)
                out.append(v)
        if verb in TRAVEL and len(items) == 1 and any(h.label == "Company" for h in hosts):
            out += _city_before(clean_item(items[0]), visitor, verb)
    return out, visitor


def _city_before(item: str, visitor: str | None, verb: str) -> list[dict]:
    """'赴湖南长沙X集团考察': a province and a city written before the company name the trip's
    city too, as written (长沙); a city alone before the name (深圳比亚迪) may be part of it."""
    hits = nn.regions_in(item)
    if (len(hits) < 2 or hits[0][0] != 0 or hits[0][1] != hits[1][0] or hits[0][3] is None or hits[1][3] is None
            or hits[0][3]["level"] != "province" or hits[0][3]["name"] in _MUNICIPALITY
            or hits[1][3]["level"] == "province" or len(item) - hits[1][1] < 2):
        return []
    r = hits[1][3]
    return [{"visitor": visitor, "host": hits[1][2], "host_label": "Region", "host_name": r["name"],
             "host_code": r["code"], "verb": verb}]


_MUNICIPALITY = ("北京市", "天津市", "上海市", "重庆市")


def glued_places(v: dict) -> list[dict]:
    """A place host written glued to another place, no mark between: a province before a city
    (赴浙江杭州) is also the city as written (``_bare``: one_host_per_place keeps
    both; annotators write 杭州 for 浙江杭州 but sometimes keep 江苏南通); two cities (赴广州深圳)
    are two hosts. Other hosts, and municipalities before their district (重庆市九龙坡区), stay."""
    host = v["host"]
    hits = nn.regions_in(host) if v.get("host_label") == "Region" else []
    if len(hits) < 2 or hits[0][0] != 0 or hits[-1][1] != len(host) or any(
            a[1] != b[0] for a, b in zip(hits, hits[1:])) or any(r is None for *_, r in hits):
        return [v]
    parts = [h for h, nxt in zip(hits, hits[1:] + [None])
             if not (nxt and h[3]["level"] == "province" and h[3]["name"] not in _MUNICIPALITY)]
    if len(parts) == len(hits) and any(h[3]["level"] != "prefecture" for h in hits):
        return [v]  # 重庆市九龙坡区, 长春市南关区: a place inside the other, as written
    bare = len(parts) < len(hits)
    if bare and all(len(h[2]) >= 3 for h in parts):
        return [v]  # 吉林省长春市 already matches 长春市 (news-eval); only a 2-character city needs its own form
    return [v] * bare + [{**v, "host": h[2], "host_name": h[3]["name"], "host_code": h[3]["code"], "_bare": bare}
                         for h in parts]


_PROVINCE_BODY_RE = re.compile(r"省(?:委|人民政府|政府)$")
_PROVINCE_LEADERS_RE = re.compile(rf"(?<![{nn.CJK}])(?:省委书记|省长)[^。]*?(?:会见|接见|会晤|拜会)")


def provincial_host(v: dict, sentence: str) -> list[dict]:
    """A central company meets a province's leaders: the host is the province as the text
    writes it short (annotators: 青海, 甘肃). '拜会青海省委书记Y' (host read as 青海省委) and
    '省委书记X、省长Y在兰州会见了Z一行' (host read as the city of the meeting) are both the
    province; the host as read is kept beside it (news-eval: extra hosts cost nothing)."""
    host = v["host"]
    hits = nn.regions_in(host)
    r = hits[0][3] if hits and hits[0][0] == 0 else None
    if r and r["level"] == "province" and _PROVINCE_BODY_RE.fullmatch(host[hits[0][1] - 1:]):
        if host.endswith("委") and not re.search(re.escape(host) + "副?书记", sentence):
            return [v]  # '拜会湖北省委常委、武汉市委书记Y': the city's leader, not the province's
        prov = r
    elif (r and v.get("verb") == "会见" and v.get("host_label") == "Region" and r["level"] != "province"
          and r.get("code") and _PROVINCE_LEADERS_RE.search(sentence)):
        prov = _province_of(r["code"])
    else:
        return [v]
    if prov is None or prov["name"] in _MUNICIPALITY:
        return [v]
    short = re.sub(r"(?:省|(?:壮族|回族|维吾尔)?自治区)$", "", prov["name"])
    return [v, {**v, "host": short, "host_label": "Region", "host_name": prov["name"], "host_code": prov["code"],
                "_bare": True, "_met_province": True}]


def _province_of(code: str) -> dict | None:
    index = nn.full_region_index() or {}
    return next((r for r in index.values() if r.get("code") == code[:2] + "0000"), None)


def own_company(host: str, reg: Registry, article: str) -> str:
    """A company's own news names itself by a bare word ('莅临集团考察', '来集团拜访'): the host is
    the company the article names with that word at its end (地建集团, 中关村发展集团), the one
    written most often; the bare word as written when the article names none (集团公司)."""
    if host not in ("集团", "集团公司", "本公司"):
        return host
    word = host.removeprefix("本")
    names = {e.name for e in reg.by_label("Company") if e.name.endswith(word) and e.name != word
             and _clean_stem(e.name[:-len(word)])}
    counts = sorted(((article.count(n), n) for n in names), reverse=True)
    if counts and (len(counts) == 1 or counts[0][0] > counts[1][0]):
        return counts[0][1]
    return host


_VERB_LEAD = re.compile(r"^(?:加快|推动|助力|介绍|评价|感谢|欢迎|希望|支持|促进|带动|依托|围绕|标志|表明|显示|成为|作为)")


def _clean_stem(stem: str) -> bool:
    """A name's stem with no verb or function word in it (not '介绍了', '加快')."""
    return nn.good_stem(stem) and not nn.BOUNDARY_RE.search(stem) and not _VERB_LEAD.match(stem)


_BARE_REF = re.compile(r"(?:该|本|其|这家|此)?(?:公司|集团|企业|单位|集团公司)")


def _referent(h: Entity, before: str, reg: Registry) -> Entity | None:
    """A host written as a bare back-reference ('拜访集团董事长Y', '与该公司…'): the company the
    sentence named last before the verb, else none (a bare 公司 names nothing a reader could match)."""
    if not _BARE_REF.fullmatch(h.name):
        return h
    last = max(((before.rfind(men), e) for e in reg.by_label("Company") if not _BARE_REF.fullmatch(e.name)
                for men in e.mentions if men and men in before), key=lambda t: t[0], default=None)
    return last[1] if last else None


_TALKS_RE = re.compile(rf"与([{nn.NAME_CHARS}、]{{2,60}}?)(?:就[^,，。；;]{{2,30}}?)?(?:进行了?|举行了?|开展了?|深入)*"
                       r"(?:座谈|洽谈|会谈|交流|对接|商谈|沟通)")


def talks_on_trip(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """On a trip (an earlier sentence sent the visitor to a place): '与X公司董事长Y座谈' -> a
    visit of the visitor to X."""
    out = []
    for m in _TALKS_RE.finditer(sentence):
        items = signer_items(m.group(1))
        hosts = [r for h in slot_entities("、".join(items), reg, regions=False)
                 for r in [_referent(h, sentence[:m.start()], reg)] if r]
        # the local side of the talks: a body of the place visited (重庆市工商联, 广州市协作办)
        hosts += [reg.get(i) or reg.add(i, "Organization", "site") for i in map(clean_item, items)
                  if _placed_body(i) and all(i != h.name for h in hosts)]
        for h in hosts:
            if h.name != visitor and (h.label == "Company" or h.label == "Organization"
                                      and h.kind not in ("delegation", "government")):
                out.append({"visitor": visitor, "host": h.name, "host_label": h.label, "verb": "洽谈"})
    return out


_TALKS_AT_RE = re.compile(rf"在([{nn.CJK}]{{2,8}}?)(?=与)")


def talks_away(sentence: str, reg: Registry, home: Entity | None, visitor: str | None) -> list[dict]:
    """'区委书记X在兰州市与Y公司董事长Z进行座谈', 兰州市 not the article's home place (nor a
    province): our side went there and met Y -> visits of the home side to the place and to Y
    (at home, '在漳州与Y一行座谈', Y is the visitor: receptions_in)."""
    m = _TALKS_AT_RE.search(sentence)
    hits = nn.regions_in(m.group(1)) if m else []
    if len(hits) != 1 or hits[0][:2] != (0, len(m.group(1))) or hits[0][3] is None:
        return []
    r, who = hits[0][3], home.name if home else visitor
    if not who or r["level"] == "province" or (home and (r["name"] == home.name or r["name"] in who)):
        return []
    rest = sentence[m.end():]
    talks = talks_on_trip(rest, reg, who) if _TALKS_RE.match(rest) else []
    return [{"visitor": who, "host": m.group(1), "host_label": "Region", "host_name": r["name"],
             "host_code": r["code"], "verb": "座谈"}, *talks] if talks else []


_GROUP_TALKS_RE = re.compile(rf"一行(?:还|又|随后|先后|分别)?(?:同|与|和)([{nn.NAME_CHARS}、]{{2,60}}?)(?:进行了?|举行了?|开展了?)?"
                             r"(?:工作)?(?:座谈|洽谈|会谈|交流|对接|商谈|会晤)")


def group_talks(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """'X一行与Y公司董事长Z举行会谈': the side that came as 一行 visits the other side."""
    out = []
    for m in _GROUP_TALKS_RE.finditer(sentence):
        for h in slot_entities("、".join(signer_items(m.group(1))), reg):
            if h.label in ("Company", "Organization", "Region") and h.kind != "delegation" and h.name != visitor:
                v = {"visitor": visitor, "host": h.name, "host_label": h.label, "verb": "会谈"}
                if h.label == "Region":
                    v.update(host=next((x for x in h.mentions if x in m.group(1)), h.name),
                             host_name=h.name, host_code=h.code)
                out.append(v)
    return out


_HOMETOWN_RE = re.compile(rf"([{nn.CJK}]{{2,6}}?)籍[^。]{{0,30}}?(?:回到家乡|回到故乡|返乡|回乡)")


def home_visits(sentence: str, reg: Registry, visitor: str | None, article: str) -> list[dict]:
    """The home place named by a short form (来邵考察 for 邵东市) or by origin
    (新化籍…商会负责人回到家乡…考察): a visit to that place."""
    ent = None
    home = reg.home and next((e for e in reg.by_label("Region") if e.name == reg.home["name"]), None)
    if home and re.search(rf"(?:来|到|赴|莅)[{home.name[0]}](?:考察|调研|参观|洽谈|投资|交流|访问|指导|对接)", sentence):
        ent = home
    if ent is None:
        ent = _short_form_place(sentence, reg, article)
    m = _HOMETOWN_RE.search(sentence)
    if ent is None and m and re.search(r"考察|调研|参观|走访", sentence):
        for n in (4, 3, 2):  # the place is the end of the text before 籍 (…省市的新化籍)
            r = len(m.group(1)) >= n and nn.resolve_place(m.group(1)[-n:])
            if r:
                ent = reg.add_region(m.group(1)[-n:], r["name"], r)
                break
    if ent is None or (visitor and ent.name.startswith(visitor)):
        return []
    return [{"visitor": visitor, "host": written(ent, article), "host_label": "Region",
             "host_name": ent.name, "host_code": ent.code, "verb": "来"}]


_SHORT_TRIP_RE = re.compile(rf"(?:来|赴|莅|访)([{nn.CJK}])(?=考察|调研|参观|洽谈|投资|交流|访问|指导|对接|深化|开展|举办|出席|参加)")


def _short_form_place(sentence: str, reg: Registry, article: str) -> Entity | None:
    """A trip to a place by a one-character short form (来津, 访港, 来岩) when the place is not
    the known home: the one city or county of the article whose name holds that character
    (天津, 香港, 龙岩), named at least twice; provinces and China (来华) aside."""
    m = _SHORT_TRIP_RE.search(sentence)
    if not m or m.group(1) in "华我本该其此贵":
        return None
    ch = m.group(1)
    cands = {e.name: e for e in reg.by_label("Region") if not re.search(r"(?:省|自治区)$", e.name)
             and ch in re.sub(r"(?:特别行政区|自治州|自治县|市|县|区|州|旗)$", "", e.name)
             and sum(article.count(x) for x in set(e.mentions) if x) >= 2}
    return next(iter(cands.values())) if len(cands) == 1 else None


_SELF_RE = re.compile(rf"(?:集团公司|集团|本公司)(?:[{nn.CJK}]{{0,6}}?(?:总部|基地|园区|厂区|分公司))?(?![{nn.CJK}])")
_SELF_RECEIVE_RE = re.compile(rf"(?<![{nn.CJK}])(集团公司|集团|本公司)[^，,。；;]{{0,20}}?(?:会见|接待)了?"
                              rf"([{nn.NAME_CHARS}、]{{2,40}}?)一行")


def self_receptions(sentence: str, reg: Registry) -> list[dict]:
    """A company's own news: '集团公司董事长Y会见X市委书记Z一行' -> X visits 集团公司 (the host
    as the text writes itself)."""
    m = _SELF_RECEIVE_RE.search(sentence)
    if not m:
        return []
    who = nn.trim_left(m.group(2).split("、")[-1])
    org = nn.signer_org(who)
    ent = reg.get(org) if org else None
    visitor = ent.name if ent else org or re.sub(rf"^.*{nn.TITLE_RE.pattern}", "", who) or who
    return [{"visitor": visitor, "host": m.group(1), "host_label": "Company", "verb": "会见"}]


def _slot(sentence: str, pos: int, verb: str) -> str:
    """Text naming the hosts: up to the clause end, continued over following clauses that
    are bare name lists (…颐高集团,江苏丹阳仅一公司、苏州引航生物公司,深圳的…)."""
    seg = clause_after(sentence, pos)
    seg = re.split(r"并(?=进行|开展|与|同|就|听取|召开|详细|深入|实地|座谈|交流)", seg)[0]  # 'X集团并进行座谈交流'
    if verb in TRAVEL:
        seg = re.sub(r"(?:实地|现场|深入|进行了?|开展了?)+$", "", _SLOT_STOP.split(seg)[0])
    end = pos + len(seg)
    while end < len(sentence) and sentence[end] in ",，" and "等" not in seg:
        nxt = clause_after(sentence, end + 1)
        if not nxt or not _bare_list(nxt):
            break
        seg, end = seg + "、" + nxt, end + 1 + len(nxt)
    return seg


def _bare_list(clause: str) -> bool:
    if re.match(r"受到?|并|将|随后|随即|还|又|在|与|由|得到|了解|听取|详细|认真|观看|察看|查看|他|她", clause) or VISIT_RE.match(
            _ADVERB_RE.sub("", clause)) or _NOT_LIST_RE.search(clause):
        return False  # '…抵达长春市,受到X热情接待' / '…访问深圳,参观了X公司'

    items, _ = split_items(clause)
    return bool(items) and all(name_like(clean_item(i)) for i in items)


_NOT_LIST_RE = re.compile(r"陪同|出席|参加|接待|介绍|(?:说|称|表示|指出|强调|认为)$")  # '…李浩然等陪同调研', '陈国基称'
_ADVERB_RE = re.compile(r"^(?:先后|依次|相继|分别|随后|接着|继而|还|又|也|再|并|一同|共同)+")  # '先后参观了X': a visit clause
_DESTINATION_RE = re.compile(r"就|(?:进行|开展)?(?:洽谈|调研|考察|对接|座谈|拜访|参观|参访|观摩|交流|访问)|"
                             r"(?:开展|进行)[^,，。；;]{0,12}?(?:招商|合作|交流|活动)")
_AREA_RE = re.compile(r"(?:三角|湾区|地区|一带|沿海)$")  # 珠三角, 大湾区: a place, not a company
_TOWN_SPOT_RE = re.compile(rf"[{nn.CJK}]{{2,10}}?(?:县|市|区)[{nn.CJK}]{{1,6}}?(?:镇|乡|街道)[{nn.CJK}]{{2,8}}")
_DELEGATION_RE = re.compile(r"(?:代表团|考察团|招商团|参访团|访问团|考察组|调研组|工作组|小分队)")


def _visitor(sentence: str, reg: Registry) -> str | None:
    """The travelling party named before the first visit verb of ``sentence`` that has one
    before it ('刚刚抵达深圳,…的徐州代表团一行,就…拜访': the party is before 拜访)."""
    ends = [m.start() for m in VISIT_RE.finditer(sentence)] or [len(sentence)]
    for end in ends:
        who = _visitor_in(sentence[:end], reg)
        if who:
            return who
    return None


def _visitor_in(head: str, reg: Registry) -> str | None:
    for e in reversed(reg.by_label("Organization")):
        if any(men in head for men in e.mentions) and e.kind == "delegation":
            return e.name
    group = re.search(rf"([{nn.NAME_CHARS}]{{2,30}}?{_DELEGATION_RE.pattern})(?:一行)?$", head)
    if group:  # '深圳市龙岗区考察团到我县考察': the delegation as written
        who = nn.trim_left(group.group(1))
        return reg.home["name"] if reg.home and re.match(r"我(?:市|县|区)", who) else who
    m2 = re.search(rf"([{nn.CJK}、]{{2,30}}?)(?:一行|带领|带队|率领|率队|率)", head)
    if m2 and not re.search(r"代表团|领导|小分队", m2.group(1)):
        who = nn.trim_left(m2.group(1).split("、")[-1])
        org = nn.signer_org(who)
        if org and len(org) >= 2:
            ent = reg.get(org) or bare_reference(org, reg)
            return ent.name if ent else org
        return re.sub(rf"^.*{nn.TITLE_RE.pattern}", "", who) or who
    if re.search(r"(?<![来到赴临访往达抵进入在])我(?:市|县|区)", head) and reg.home:  # 来我市: the destination
        return reg.home["name"]
    return None


def receptions_in(sentence: str, reg: Registry, host: Entity | None, article: str = "") -> list[dict]:
    """The host side receives visitors: '市委书记Y会见X公司董事…一行', 'Y与X公司总裁Z一行座谈',
    '对X集团一行的到来表示欢迎' -> a visit of each company X to the article's focus place."""
    if not RECEIVE_RE.search(sentence):
        return []
    at = _RECEIVED_AT_RE.search(sentence)  # '在长沙会见了X一行': the place the visitors came to
    place = at and next((e for e in reg.by_label("Region") if clean_item(at.group(1)) in e.mentions), None)
    if place:
        host = place
    host = _receiver(sentence, reg, article) or host
    if host is None:
        return []
    arrived = _ARRIVAL_RE.search(sentence)
    guest = arrived and reg.get(arrived.group(1))
    if guest and guest is not host and guest.label in ("Region", "Organization"):
        # no visit verb: the host place welcomes the arrival of another place's delegation
        return [{"visitor": guest.name, "host": written(host, article), "host_label": host.label,
                 "host_name": host.name, "host_code": host.code, "verb": "到来"}]
    if not re.search(r"一行|考察组|考察团|座谈", sentence):
        # '市委书记X会见了比亚迪集团董事长Y': only the companies named after 会见/接待
        m = re.search(r"会见|接待", sentence)
        sentence = sentence[m.end():] if m else ""
    out = []
    named = [e for e in reg.by_label("Company") if any(men in sentence for men in e.mentions)]
    m = (re.search(rf"(?:会见|接待|欢迎)了?([{nn.NAME_CHARS}]{{2,30}}?)一行", sentence)
         or re.search(rf"[对向]([{nn.NAME_CHARS}]{{2,30}}?)一行的?(?:到来|到访|来访|莅临)", sentence)
         # '对申学清一行来汴表示热烈欢迎', '对调研组一行表示欢迎'
         or re.search(rf"[对向]([{nn.NAME_CHARS}]{{2,30}}?)一行(?:来[{nn.CJK}]{{1,2}})?表示(?:热烈|诚挚|衷心)?的?欢迎", sentence))
    if not named and m:  # '会见了比亚迪董事长王传福一行': a company without a suffix
        org = nn.signer_org(m.group(1))
        if org and plain_name(org) and not nn.regions_in(org):
            named = [reg.add(org, "Company")]
        elif org is None and 2 <= len(m.group(1)) <= 4:  # '对胡义重一行到访表示欢迎': a person
            named = [Entity(name=m.group(1), label="Person", mentions=[m.group(1)])]
    d = _RECEIVED_GROUP_RE.search(sentence)
    if not named and d:  # '会见了来广的清华EMBA学子优秀企业家考察团': a delegation without a company
        named = [reg.add(d.group(1), "Organization", "delegation")]
    for e in named:
        if e is not host:
            out.append({"visitor": e.name, "host": written(host, article), "host_label": host.label,
                        "host_name": host.name, "host_code": host.code, "verb": "会见"})
    return out


_ON_BEHALF_RE = re.compile(rf"代表([{nn.NAME_CHARS}]{{2,20}}?)(?:党工委|管委会|党委|人民政府|政府|(?<=[省市县区州])委)"
                           rf"[^。]{{0,30}}?(?:欢迎|对[^。]{{2,30}}?到来)")
_PERSON_RECEIVES_RE = re.compile(rf"^(?:[^,，。]{{0,12}}[,，])?([{nn.CJK}]{{2,3}})(?:亲切|热情)?(?:会见|接见|会晤|接待)了?")


def _receiver(sentence: str, reg: Registry, article: str) -> Entity | None:
    """The receiving side named in the sentence or by the receiver's title: '李某代表X党工委、
    管委会…表示欢迎' -> X; '陈某会见了王某一行', where the article titles him 'X党工委副书记、
    管委会主任陈某' -> X. None when neither names a place or body."""
    m = _ON_BEHALF_RE.search(sentence)
    org = m and m.group(1)
    if not org:
        p = _PERSON_RECEIVES_RE.match(sentence)
        if p and reg.get(p.group(1)) is None:
            titled = re.search(rf"([{nn.NAME_CHARS}、]{{4,40}}){re.escape(p.group(1))}", article)
            org = titled and nn.signer_org(titled.group(1).split("、")[0] + "书记")
            org = org and nn.trim_left(org)
    if not org or not name_like(org) or not (nn.regions_in(org) or re.search(r"(?:新区|示范区|开发区|园区)$", org)):
        return None
    return reg.get(org) or reg.add(org, "Organization", "government")


_HOSTED_RE = re.compile(rf"(?:^|[,，])(?:[\d一二三四五六七八九十]+月)?(?:[\d一二三四五六七八九十]+日)?(?:上午|下午)?[,，]?"
                        rf"([{nn.NAME_CHARS}]{{2,30}}?)(?:热情|隆重)?(?:迎来|接待)了?"
                        rf"([{nn.NAME_CHARS}]{{2,40}}?{_DELEGATION_RE.pattern}?)(?:一行|(?=[,，。；;]|$))")


def hosted_by_subject(sentence: str, reg: Registry) -> list[dict]:
    """'X公司迎来/接待了Y考察团一行': the subject is the host, Y the visitor."""
    m = _HOSTED_RE.search(sentence)
    if not m:
        return []
    item = clean_item(m.group(1))
    ent = reg.get(item)
    if ent is None and has_name_signal(item, reg) and name_like(item):
        ent = reg.classify(item)
    if ent is None or ent.label not in ("Company", "Organization", "Region"):
        return []
    who = nn.trim_left(m.group(2))
    org = nn.signer_org(who) or who
    v = {"visitor": org, "host": item if ent.label == "Region" else ent.name, "host_label": ent.label,
         "verb": "接待"}
    if ent.label == "Region":
        v.update(host_name=ent.name, host_code=ent.code)
    return [v]


_RECEIVED_AT_RE = re.compile(rf"在([{nn.CJK}]{{2,12}}?)(?:亲切)?(?:会见|接见|会晤|接待)")
_ARRIVAL_RE = re.compile(rf"对([{nn.CJK}]{{2,12}}?)(?:各位|有关|的)?(?:领导|嘉宾|客人|企业家|代表|和|、)*的?"
                         r"(?:到来|到访|来访|莅临)表示")


def written(host: Entity, article: str) -> str:
    """A place as the article writes it most often (我县 -> 东安县 or 东安); else its name."""
    written = sorted((m for m in host.mentions if m), key=lambda m: (-_own_count(m, host, article), -len(m)))
    return written[0] if host.label == "Region" and written else host.name


_RECEIVED_GROUP_RE = re.compile(rf"(?:会见|接待|欢迎)了?(?:来[{nn.CJK}]{{1,8}}的)?"
                                rf"([{nn.NAME_CHARS}]{{2,30}}?(?:考察团|代表团|招商团|参访团|访问团|考察组|商会))")


def _own_count(men: str, ent: Entity, text: str) -> int:
    """How often ``men`` is written not as part of a longer mention (楚雄 inside 楚雄州)."""
    bodies = len(re.findall(re.escape(men) + r"(?:委|人民政府|政府)", text))  # 天津市委: a body, not the place
    return text.count(men) - bodies - sum(text.count(m) for m in ent.mentions if men in m and m != men)


# ------------------------------------------------------------------------- itinerary lists

_SITE_RE = re.compile(r"(?:(?:前往|来到|走进|深入|先后到|分别到|先后赴|分别赴|到|赴)([^，,。；;：:]{4,160}?)(?:等[地处]|等企业|等单位)?"
                      r"(?:进行了?|开展了?)?(?:实地|现场|深入|先后)?(?:考察|参观|调研|走访|查看|察看|观摩|参访)"
                      r"|对([^，,。；;：:]{4,160}?)(?:等[地处]|等企业|等单位|等项目)?进行了?(?:实地|现场|深入)?(?:考察|参观|调研|走访|查看|察看|观摩)"
                      r"|(?:拜访|走访|参观|考察)(?![团组])了?([^，,。；;：:]{4,160}?)等(?:(?:有关|相关)?(?:企业|单位|地|处)(?:和|及)?(?:单位|企业)?|(?=[,，。；;]))"
                      r"|(?:先后|依次|相继|首先)(?:来到|前往|走进|深入|到)了?([^，,。；;：:]{4,160}?)(?=[，,。；;]))")
_SITE_WORD = re.compile(r"(?:博物馆|展览馆|纪念馆|陵园|展示馆|体验馆|科技馆|展厅|基地|园区|产业园|工业园|物流园|开发区|新区|片区|街区|商圈|"
                        r"处理厂|工厂|厂|小镇|中心|景区|农场|庄园|码头|港|学校|学院|大学|医院|广场|商场|大厦|机场|实验室|研究院|"
                       r"研究所|科创园|科技园|孵化器|示范园|展馆|总部|供水厂|项目|工程|镇|乡|街道)$")
GENERIC_SITE = re.compile(r"^(?:我[市县区州])?(?:城市建设|城区|旅游景区|项目现场|重点项目|重点企业|企业|项目|园区|景区|"
                           r"现场|车间|生产线|展厅|产业园区|部分企业|工业园区|乡村|农村|社区|乡镇|城镇|村镇|各乡镇|"
                           r"(?:企业|公司|集团|园区)?(?:产品|生产|研发)?(?:展厅|展示厅|展示中心|展馆|车间|生产线|基地|中心)|"
                           r"(?:招商|引资|重点|产业|工业|在建|新建|签约|投资|建设|民生|农业|文旅|相关|部分)+项目)$")
_CAPITAL_RE = re.compile(rf"^[{nn.CJK}]{{2,3}}?(?:省会|首府)(?=[{nn.CJK}]{{2}})")
_STATE_RE = re.compile(r"(?<=[^、的]{4})的?(?:项目)?(?:建设|发展|生产|经营|运营|推进|施工|运行)*(?:情况|进展|进度)$")
_MY_PLACE_RE = re.compile(rf"^我[市县区](?=[{nn.CJK}]{{1,10}}(?:镇|乡|街道|村|园区|产业园|工业园|开发区|经开区|高新区)$)")
_SITE_KINDS = r"(?:(?:产品|生产|研发)?(?:车间|展厅|展示厅|展示中心|生产线|厂区|基地|总部|实验室|园区)|(?:一线|干部)?(?:员工|职工|工人|技术人员))"
_ITEM_SITE_RE = re.compile(rf"(?:企业|(?:(?<=公司)|(?<=集团)))的?{_SITE_KINDS}(?=、|$)")
_OWN_SITE_RE = re.compile(rf"^([^、的]{{2,40}}?(?:公司|集团|银行|厂))(?:位于[{nn.CJK}]{{2,12}}?)?的{_SITE_KINDS}(?:(?:和|及|、){_SITE_KINDS})*$")


def _plain_host(item: str, reg: Registry) -> bool:
    """A single suffix-less name after a visit verb (参观了宁德时代): 3-8 name characters that
    are not a generic word, a person or a place."""
    return (3 <= len(item) <= 8 and plain_name(item) and name_like(item) and not GENERIC_SITE.match(item)
            and not any(a == 0 and b == len(item) for a, b, *_ in nn.regions_in(item)) and not nn.looks_like_person(item)
            and not re.search(r"[一二三四五六七八九十两几多]|情况|环境|工作", item))


_AT_RE = re.compile(rf"^(?:随后|之后|期间|同时|当天|[\d一二三四五六七八九十]+日(?:上午|下午)?)?[,，]?在([{nn.NAME_CHARS}]{{2,30}}?)"
                    r"(?:期间)?[,，](?=[^。]{0,40}?(?:参观|了解|察看|查看|听取|考察|调研|走进|观看|详细|座谈|会谈|交流|洽谈))")


def opening_site(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """No visit verb before the host: '在香港商汤科技公司总部,王某一行参观了…' / '在广州期间,
    区领导一行还参观了…' -> the visitor (in effect from earlier sentences) visited that place."""
    m = _AT_RE.match(sentence)
    if not (m and visitor):
        return []
    item = clean_item(m.group(1))
    ent = reg.get(item)
    if ent is None and has_name_signal(item, reg) and name_like(item):
        ent = reg.classify(item)
    if ent is None and _placed_body(item):  # '在广州市协作办,考察团一行与…座谈': a body of a place
        ent = reg.add(item, "Organization", "site")
    if ent is None or ent.label in ("Person", "Industry") or ent.name == visitor:
        return []
    host = item if ent.label == "Region" or item.endswith("总部") else ent.name
    return [{"visitor": visitor, "host": host, "host_label": ent.label, "verb": "在"}]


_PLANNED_RE = re.compile(rf"^[{nn.CJK}]{{0,12}}?(?:拟建|在建|新建|规划建设|规划)的")


def site_list_visits(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """An itinerary: '前往A、B、C实地考察', '对A、B等企业进行了实地考察'. Each listed site is a host
    as written, a company or not (博物馆, 实践基地, 污水处理厂), generic places (项目现场) aside.
    Only a list of two or more: one item after 前往 is an ordinary trip (visits_in)."""
    out = []
    for m in _SITE_RE.finditer(sentence):
        if FUTURE_RE.search(sentence[max(0, m.start() - 4):m.start()]):
            continue
        seg = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        seg = re.sub(r"等(?:地|处|企业|单位)$", "", _PLANNED_RE.sub("", seg))  # '…、D等处,就…调研': D  # '对沁源县拟建的A、B及C进行了实地参观考察': the sites
        pieces = [p for part in re.split(r"、|以及|及|和", seg)  # a known name as written (同达药业…: not 同+…)
                  for p in [part.strip() if reg.get(part.strip()) else clean_item(part)] if p]
        if len(pieces) < (3 if m.group(4) else 2):  # '先后来到A、B、C': an itinerary with no verb after it
            continue
        for item in pieces:
            if (GENERIC_SITE.match(item) or not re.fullmatch(rf"[{nn.NAME_CHARS}]{{2,24}}", item)
                    or nn.looks_like_person(item) or item == visitor):
                continue
            ent = reg.get(item)
            if ent is None and _SITE_WORD.search(item) and not has_name_signal(item, reg):
                ent = reg.add(item, "Organization", "site")
            ent = ent or reg.classify(item)
            if ent is None or ent.label == "Person":
                continue
            v = {"visitor": visitor, "host": item, "host_label": ent.label, "verb": "考察"}
            if ent.label == "Region":
                v.update(host_name=ent.name, host_code=ent.code)
            else:
                v["host"] = ent.name
            out.append(v)
    return out


def _one_site(item: str, reg: Registry) -> list[Entity]:
    """A single visit object with no name signal that a site word ends (展厅, 广场, 供水厂,
    X项目; a project's 建设现场 is the project)."""
    item = re.sub(r"(?<=项目)(?:建设)?(?:现场|工地)$", "", item)
    if (_SITE_WORD.search(item) and not GENERIC_SITE.match(item) and not nn.looks_like_person(item)
            and re.fullmatch(rf"[{nn.NAME_CHARS}《》]{{3,24}}", item)):
        return [reg.get(item) or reg.add(item, "Organization", "site")]
    return []


_BODY_TAIL = re.compile(r"(?:办|办公室|部|委|厅|局|联|会|院|所|中心|馆|园)$")


def _placed_body(item: str) -> bool:
    """A body named after its place: 广州市协作办, 重庆市工商联 (a region, then 2-10 characters
    ending like an office, a committee or a hall)."""
    hits = nn.regions_in(item)
    if not hits or hits[0][0] != 0:
        return False
    rest = item[hits[0][1]:]
    return 2 <= len(rest) <= 10 and bool(_BODY_TAIL.search(rest)) and name_like(item)


_STOP_RE = re.compile(rf"(?:首站|第[一二三四五六七八九十\d]+站|最后一站|下一站|一站)(?:——|—|－|是|为|:|：|,|，)*"
                      rf"(?:来到|到达|抵达|走进|是|为)?([{nn.NAME_CHARS}]{{2,20}}?)(?=[,，。；;、]|$)")


def stop_visits(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """An itinerary's stops: '访问最后一站——深圳', '第一站到达越南' -> the place or body named."""
    out = []
    for m in _STOP_RE.finditer(sentence):
        item = clean_item(m.group(1))
        ent = reg.get(item) or (reg.classify(item) if has_name_signal(item, reg) else None)
        if ent is None or ent.label in ("Person", "Industry") or ent.name == visitor:
            continue
        v = {"visitor": visitor, "host": item if ent.label == "Region" else ent.name,
             "host_label": ent.label, "verb": "站"}
        if ent.label == "Region":
            v.update(host_name=ent.name, host_code=ent.code)
        out.append(v)
    return out
