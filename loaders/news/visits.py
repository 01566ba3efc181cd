"""Visits in one sentence: trips, visits to companies, receptions, talks on a trip.
See docs/news-extraction.md."""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Entity, Registry, clean_item, name_like, plain_name, slot_entities, split_items
from loaders.news.events import FUTURE_RE, RECEIVE_RE, bare_reference, signer_items, clause_after

VISIT_RE = re.compile(r"(到访|拜访|走访|参观|考察|拜会|面拜|造访|调研|前往|来到|赴|深入|走进|看望|拜望|莅临|察看|视察|"
                      r"(?:(?<=一行)|(?<=先后)|(?<=分别)|(?<=[团组队还又人]))(?:到|来)|"
                      r"(?:到|来)(?=[^,，。；;]{2,24}?(?:考察|调研|参观|走访|对接|洽谈|拜访|座谈|交流))|"
                      r"(?<=[行人长记团组队])在(?=[^,，。；;]{2,20}?(?:考察|调研|参观|走访|拜访|开展招商|招商推介)))"
                      r"了?(?![团组])")
TRAVEL = {"前往", "来到", "赴", "到", "来", "深入", "走进", "莅临", "到访", "在"}
_SLOT_STOP = re.compile(r"调研|考察|开展|对接|洽谈|参观|学习|参加|举办|进行|推介|招商|拜访|走访|拜会|就|围绕|签")


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
        items = signer_items(slot)
        listed = verb not in TRAVEL and len(split_items("、".join(items))[0]) >= 2 and all(
            plain_name(clean_item(i)) for i in split_items("、".join(items))[0])
        for h in slot_entities("、".join(items), reg, typed=listed, party=verb not in TRAVEL):
            if h.name != visitor:
                v = {"visitor": visitor, "host": h.name, "host_label": h.label, "verb": verb}
                if h.label == "Region":  # as written (宁波), with the region it resolves to
                    written = [men for men in h.mentions if men in slot] or sorted(
                        (m for m in h.mentions if m), key=lambda m: (-_own_count(m, h, article), -len(m)))[:1]
                    v.update(host=max(written, key=len) if written else h.name,
                             host_name=h.name, host_code=h.code)
                out.append(v)
    return out, visitor


_TALKS_RE = re.compile(rf"与([{nn.NAME_CHARS}、]{{2,60}}?)(?:进行|举行|开展|深入)?(?:座谈|洽谈|会谈|交流|对接|商谈)")


def talks_on_trip(sentence: str, reg: Registry, visitor: str | None) -> list[dict]:
    """On a trip (an earlier sentence sent the visitor to a place): '与X公司董事长Y座谈' -> a
    visit of the visitor to X."""
    out = []
    for m in _TALKS_RE.finditer(sentence):
        for h in slot_entities("、".join(signer_items(m.group(1))), reg, regions=False):
            if h.label == "Company" and h.name != visitor:
                out.append({"visitor": visitor, "host": h.name, "host_label": h.label, "verb": "洽谈"})
    return out


def _slot(sentence: str, pos: int, verb: str) -> str:
    """Text naming the hosts: up to the clause end, continued over following clauses that
    are bare name lists (…颐高集团,江苏丹阳仅一公司、苏州引航生物公司,深圳的…)."""
    seg = clause_after(sentence, pos)
    if verb in TRAVEL:
        seg = _SLOT_STOP.split(seg)[0]
    end = pos + len(seg)
    while end < len(sentence) and sentence[end] in ",，" and "等" not in seg:
        nxt = clause_after(sentence, end + 1)
        if not nxt or not _bare_list(nxt):
            break
        seg, end = seg + "、" + nxt, end + 1 + len(nxt)
    return seg


def _bare_list(clause: str) -> bool:
    items, _ = split_items(clause)
    return bool(items) and all(name_like(clean_item(i)) for i in items)


_DELEGATION_RE = re.compile(r"代表团|考察团|招商团|工作组|小分队")


def _visitor(sentence: str, reg: Registry) -> str | None:
    """The travelling party named before the first visit verb of ``sentence``."""
    m = VISIT_RE.search(sentence)
    head = sentence[:m.start()] if m else sentence
    for e in reversed(reg.by_label("Organization")):
        if any(men in head for men in e.mentions) and e.kind == "delegation":
            return e.name
    m2 = re.search(rf"([{nn.CJK}、]{{2,30}}?)(?:一行|带领|带队|率领|率队|率)", head)
    if m2 and not re.search(r"代表团|领导|小分队", m2.group(1)):
        who = nn.trim_left(m2.group(1).split("、")[-1])
        org = nn.signer_org(who)
        if org and len(org) >= 2:
            ent = reg.get(org) or bare_reference(org, reg)
            return ent.name if ent else org
        return re.sub(rf"^.*{nn.TITLE_RE.pattern}", "", who) or who
    if re.search(r"我(?:市|县|区)", head) and reg.home:
        return reg.home["name"]
    return None


def receptions_in(sentence: str, reg: Registry, host: Entity | None, article: str = "") -> list[dict]:
    """The host side receives visitors: '市委书记Y会见X公司董事…一行', 'Y与X公司总裁Z一行座谈',
    '对X集团一行的到来表示欢迎' -> a visit of each company X to the article's focus place."""
    if host is None or not RECEIVE_RE.search(sentence):
        return []
    if not re.search(r"一行|考察组|考察团|座谈", sentence):
        # '市委书记X会见了比亚迪集团董事长Y': only the companies named after 会见/接待
        m = re.search(r"会见|接待", sentence)
        sentence = sentence[m.end():] if m else ""
    out = []
    named = [e for e in reg.by_label("Company") if any(men in sentence for men in e.mentions)]
    m = (re.search(rf"(?:会见|接待|欢迎)了?([{nn.NAME_CHARS}]{{2,30}}?)一行", sentence)
         or re.search(rf"对([{nn.NAME_CHARS}]{{2,30}}?)一行的?(?:到来|到访|来访|莅临)", sentence))
    if not named and m:  # '会见了比亚迪董事长王传福一行': a company without a suffix
        org = nn.signer_org(m.group(1))
        if org and plain_name(org) and not nn.regions_in(org):
            named = [reg.add(org, "Company")]
        elif org is None and 2 <= len(m.group(1)) <= 4:  # '对胡义重一行到访表示欢迎': a person
            named = [Entity(name=m.group(1), label="Person", mentions=[m.group(1)])]
    for e in named:
        if e is not host:
            written = sorted((m for m in host.mentions if m), key=lambda m: (-_own_count(m, host, article), -len(m)))
            out.append({"visitor": e.name, "host": written[0] if host.label == "Region"
                        and written else host.name, "host_label": host.label,
                        "host_name": host.name, "host_code": host.code, "verb": "会见"})
    return out


def _own_count(men: str, ent: Entity, text: str) -> int:
    """How often ``men`` is written not as part of a longer mention (楚雄 inside 楚雄州)."""
    return text.count(men) - sum(text.count(m) for m in ent.mentions if men in m and m != men)
