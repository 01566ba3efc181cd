"""The subject carried across the clauses of one sentence (docs/news-extraction.md, "Fifteenth pass").

Government news writes one subject for a run of clauses, and the clause that names the other
side opens with 与 or has no words before its verb:

    孙冠一代表南关区参加了…推进会,与河西区签署对口合作协议        -> 南关区 与 河西区
    在深圳期间,鲁月参加了…座谈会,与华润集团签订…协议            -> 鲁月 is 南关区委书记 (named earlier)
    洪洞县坚持…为抓手,积极“走出去”与浙江大学精准深度对接          -> the pair for a later 双方
    近期,双方围绕…举行签约洽谈会,签署战略合作框架协议             -> 双方: the last pair named

``sentence_subject(head, reg, ctx)`` reads the subject from the first clause of ``head`` (the
sentence before the clause in question) that is not a time or occasion lead (近日, 在天津期间,
3月28日): an entity written at the clause's start (after 'P代表': the entity P represents), a
person whose office an earlier chunk names with its place or organisation first (南关区委书记鲁月),
or 双方/三方/各方/两地 (returned as ``COREF``). Nothing else is a subject: a clause that opens
with anything but a name gives None, so the clause is read as before.
"""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Entity, Registry

COREF = "coref"
_COREF_OPEN = re.compile(r"^(?:双方|三方|四方|各方|两地)")
_DATE = r"(?:\d{4}年)?[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日(?:上午|下午|晚上|晚)?"
_TIME_OPEN = re.compile(rf"^(?:{_DATE}|近日|近期|日前|随后|同时|此外|当天|当日|同日|其间|期间|会上|会后|上午|下午)+")
# a clause that only sets the time or the occasion: '在天津期间', '活动期间', '会上'
_LEAD = re.compile(r"^(?:在|于)?[^,，]{0,16}?(?:期间|之际|会上|会后|仪式上|现场)$|^(?:在|于)[^,，]{1,16}?[上中时]$")
_REPRESENTS = re.compile(r"^[^,，、与和同代]{2,4}代表(?!团)")
_LABELS = ("Company", "Organization", "Region")


def entity_at(text: str, reg: Registry, end: bool = False) -> Entity | None:
    """The registered company, organisation or region whose mention (2+ characters) opens
    ``text`` (closes it, with ``end``); the longest mention wins."""
    best: tuple[int, Entity] | None = None
    for e in reg.entities:
        if e.label not in _LABELS:
            continue
        for men in e.mentions:
            if len(men) >= 2 and (text.endswith(men) if end else text.startswith(men)) \
                    and (best is None or len(men) > best[0]):
                best = (len(men), e)
    return best[1] if best else None


def _person_org(person: str, sentences: list[str], reg: Registry) -> Entity | None:
    """The entity a chunk names before ``person`` and an office (南关区委书记鲁月 -> 南关区)."""
    for s in sentences:
        for chunk in re.split(r"[、,，。；;:：\s]", s):
            at = chunk.find(person)
            before = _TIME_OPEN.sub("", chunk[:at]) if at > 0 else ""
            if before and re.search(f"(?:{nn.TITLE_RE.pattern})$", before):
                e = entity_at(before, reg)
                if e is not None:
                    return e
    return None


def sentence_subject(head: str, reg: Registry, ctx) -> Entity | str | None:
    """The subject of the sentence whose text before the clause in question is ``head``."""
    for clause in re.split(r"[,，;；]", head):
        c = _TIME_OPEN.sub("", clause.strip(" \u3000"))
        if not c or _LEAD.match(c):
            continue
        if _COREF_OPEN.match(c):
            return COREF
        c = c[_REPRESENTS.match(c).end():] if _REPRESENTS.match(c) else c
        e = entity_at(c, reg)
        if e is not None:
            return e
        m = re.match(r"[\u4e00-\u9fff]{2,3}(?=参加|出席|带队|率队|率团|一行|在|赴|前往|到)", c)
        return _person_org(m.group(0), getattr(ctx, "sentences", []), reg) if m else None
    return None


_OPENS_WITH_PARTNER = re.compile(r"^(?:并|随后|还|又|也|再|另|同时)*(?=[与同])")


def carry_subject(body: str, head: str, reg: Registry, ctx) -> tuple[str, bool]:
    """A signing clause with no subject of its own ('…,与河西区签署', '…,签署…协议') takes the
    sentence's subject: (the clause's party text, whether a subject was carried). Where the
    subject is the article's focus party and an adverb opens the clause ('并与X签订'), the focus
    mechanism reads it already, and nothing is carried."""
    m = _OPENS_WITH_PARTNER.match(body)
    if not head.strip(" ,，") or not (m or not body.strip()):
        return body, False
    subj = sentence_subject(head, reg, ctx)
    if subj == COREF and not body.strip():
        return "双方", True
    if not isinstance(subj, Entity) or m is None:
        return body, False
    if subj.name == ctx.focus and m.group(0):
        return body, False
    if any(men and men in body for men in subj.mentions):
        return body, False
    return subj.mentions[0] + body[m.end():], True
