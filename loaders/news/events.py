"""Agreements (signings) and visits in one sentence. See docs/news-extraction.md."""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Entity, Registry, slot_entities
from loaders.news.entities import clean_item, name_like, split_items
from loaders.tabular.values import parse_money_cny

SIGN_RE = re.compile(r"签署|签订|签约|签下|草签")
NOUN_RE = re.compile(r"战略合作框架协议|合作框架协议|战略合作协议|框架合作协议|框架协议|投资合作协议|"
                     r"投资协议|合作协议|补充协议|协议书|合作意向书|投资意向书|意向协议|意向书|"
                     r"谅解备忘录|合作备忘录|备忘录|投资合同|合同|协定|协议")
FUTURE_RE = re.compile(r"将|拟|计划|有望|即将|准备|预计|力争|争取|待|尚未|未|没有")
MONEY_RE = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(万亿|亿|億|万|萬)?元(?!/)")
_CLAUSE_END = "，,；;：:"
_CONNECTORS = ("与", "同", "跟", "和")
_SPREAD_RE = re.compile(r"三方|四方|多方|共同签|联合签")
_RIGHT_TAIL_RE = re.compile(r"(?:分别|共同|正式|成功|顺利|现场|集中|当场|代表|双方|在[^、]*|于[^、]*)+$")
VISIT_RE = re.compile(r"(拜访|走访|考察|拜会|面拜|造访|调研|前往|来到|赴)了?")
_TRAVEL = {"前往", "来到", "赴"}
_SLOT_STOP = re.compile(r"调研|考察|开展|对接|洽谈|参观|学习|参加|举办|进行|推介|招商|拜访|走访|拜会")


def clause_before(s: str, pos: int) -> tuple[int, str]:
    i = pos
    while i > 0 and s[i - 1] not in _CLAUSE_END:
        i -= 1
    return i, s[i:pos]


def clause_after(s: str, pos: int) -> str:
    j = pos
    while j < len(s) and s[j] not in _CLAUSE_END + "。！？!?":
        j += 1
    return s[pos:j]


# ----------------------------------------------------------------------------- agreements

def agreements_in(sentence: str, reg: Registry) -> list[dict]:
    """Signed agreements stated by ``sentence``: [{parties, type, project, status}]."""
    out = []
    for m in SIGN_RE.finditer(sentence):
        start, clause = clause_before(sentence, m.start())
        after = clause_after(sentence, m.end())
        if FUTURE_RE.search(clause[-8:]) or re.match(r"仪式|现场|活动|项目", after) and not NOUN_RE.search(clause):
            continue
        noun_before = None if NOUN_RE.search(after[:12]) else _last(NOUN_RE, clause)
        noun = NOUN_RE.search(after[:12]) or noun_before
        body = clause[:noun_before.start()] if noun_before else clause
        for parties, project in _party_groups(body, reg, sentence):
            project = project or _project_near(after, sentence[m.end():])
            out.append({"parties": parties, "type": noun.group(0) if noun else "协议",
                        "project": project, "status": "signed"})
    return out


def _project_near(after: str, rest: str) -> str | None:
    """'签署海上风电装备制造项目合同' or '…,主要建设零碳产业园项目' -> the project name."""
    m = re.match(r"(?:了)?([^,，。]{2,30}?项目)(?=" + NOUN_RE.pattern + ")", after)
    if m:
        return m.group(1)
    m = re.search(r"建设([^,，。]{2,30}?项目)", rest.split("。")[0])
    return m.group(1) if m else None


def _last(rx: re.Pattern, s: str):
    ms = list(rx.finditer(s))
    return ms[-1] if ms else None


def _party_groups(body: str, reg: Registry, sentence: str) -> list[tuple[list[str], str | None]]:
    cut = _connector(body, reg)
    if cut is None:
        ents = slot_entities(body, reg)
        return [(_names(ents), None)] if len(ents) >= 2 else []
    left_txt = re.sub(r"^.*?代表(?!团)", "", body[:cut])
    right_txt, project = _split_project(_RIGHT_TAIL_RE.sub("", body[cut + 1:]), reg)
    left, right = slot_entities(left_txt, reg), slot_entities(right_txt, reg)
    if not left or not right:
        return []
    spread = "分别" in body[cut:] or (len(left) == 1 and len(right) > 1 and not _SPREAD_RE.search(sentence))
    if spread and len(right) > 1:
        return [(_names(left + [r]), project) for r in right]
    if "分别" in body[cut:] and len(left) > 1:
        return [(_names([l] + right), project) for l in left]
    return [(_names(left + right), project)]


def _connector(body: str, reg: Registry) -> int | None:
    inside = _mention_positions(body, reg)
    for conn in _CONNECTORS:
        for m in re.finditer(conn, body):
            if m.start() not in inside and m.start() > 1:
                return m.start()
    return None


def _mention_positions(body: str, reg: Registry) -> set[int]:
    pos: set[int] = set()
    for e in reg.entities:
        for men in e.mentions:
            for m in re.finditer(re.escape(men), body):
                pos |= set(range(m.start() + 1, m.end()))
    return pos


def _split_project(right: str, reg: Registry) -> tuple[str, str | None]:
    """'眉县人民政府100MW…产业园项目' -> ('眉县人民政府', '100MW…产业园项目')."""
    m = re.search(r"项目$", right)
    if not m:
        return right, None
    best = ""
    for e in reg.entities:
        for men in e.mentions:
            if right.startswith(men) and len(men) > len(best):
                best = men
    return (best, right[len(best):]) if best else (right, None)


def _names(ents: list[Entity]) -> list[str]:
    seen: list[str] = []
    for e in ents:
        if e.name not in seen:
            seen.append(e.name)
    return seen


def amount_in(text: str) -> float | None:
    """First amount in yuan in ``text`` (64亿元, 9.8億元, 5000万元), None if none."""
    for m in MONEY_RE.finditer(text):
        try:
            return parse_money_cny(m.group(0))
        except ValueError:
            continue
    return None


# --------------------------------------------------------------------------------- visits

def visits_in(sentence: str, reg: Registry, last_visitor: str | None) -> tuple[list[dict], str | None]:
    """Visits stated by ``sentence`` and the visitor in effect afterwards."""
    visitor = _visitor(sentence, reg) or last_visitor
    out = []
    for m in VISIT_RE.finditer(sentence):
        verb = m.group(1)
        if FUTURE_RE.search(sentence[max(0, m.start() - 4):m.start()]):
            continue
        hosts = slot_entities(_slot(sentence, m.end(), verb), reg, regions=verb not in _TRAVEL)
        for h in hosts:
            if h.name != visitor:
                out.append({"visitor": visitor, "host": h.name, "host_label": h.label, "verb": verb})
    return out, visitor


def _slot(sentence: str, pos: int, verb: str) -> str:
    """Text naming the hosts: up to the clause end, continued over following clauses that
    are bare name lists (…颐高集团,江苏丹阳仅一公司、苏州引航生物公司,深圳的…)."""
    seg = clause_after(sentence, pos)
    if verb in _TRAVEL:
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
    m2 = re.search(rf"([{nn.CJK}]{{2,4}}?)(?:一行|带领|带队|率领|率队|率)", head)
    if m2 and not re.search(r"代表团|领导|小分队", m2.group(1)):
        who = nn.trim_left(m2.group(1))
        return re.sub(r"^[^,，]*?(?:市长|县长|区长|书记|主任|局长)(?=[{0}]{{2}})".format(nn.CJK), "", who)
    if re.search(r"我(?:市|县|区)", head) and reg.home:
        return reg.home["name"]
    return None
