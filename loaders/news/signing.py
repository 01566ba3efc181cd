"""Did a signing take place? The aspect of each signing mention and the article's decision.

Government news names signings it reports (签约仪式举行, 正式签署, 现场签约, 签订了, 成功签约,
集中签约, 签约项目N个) and signings it does not report: wanted or planned ones (将/拟/计划/有望/
即将/争取/力争/推动/促成/加快…签约, 洽谈签约事宜, 期待…签约, 待…签约), negated ones (尚未签约), and
earlier ones recalled as background (自…签署…以来). An article whose signing words are all of the
second kind reports talks or visits, not an agreement (docs/news-extraction.md, "Twelfth pass").

    mentions(sentence) -> [(position, label, cue)]    one per signing word
    label(sentence)    -> the sentence's strongest label (None: no signing word)
    article_signing(sentences, title) -> (took_place, reason when it did not)

Labels: ``completed`` (a reported event; a bare verb in news is one), ``attendee`` (the signing
is the object of 出席/参加/见证/观摩/陪同: it took place, the clause's subject attends it),
``intent``, ``negated``, ``background``.
"""
from __future__ import annotations

import re

# the signing verbs (签字 only in 签字仪式: signers 在协议上签字 restate a signing)
SIGN_RE = re.compile(r"签署|签订|签约|签字(?=仪式)|签下|草签|订立|缔结|签立")
_CLAUSE_END = "，,；;：:|｜_【】[]"


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


COMPLETED, ATTENDEE, INTENT, NEGATED, BACKGROUND = "completed", "attendee", "intent", "negated", "background"
TOOK_PLACE = (COMPLETED, ATTENDEE)
# why an agreement is not emitted (kg extract --json: ``dropped``, ``reason``)
REASONS = {INTENT: "意向/未来时", NEGATED: "否定/尚未签约", BACKGROUND: "往期签约(背景)", ATTENDEE: "出席/见证者非签约方",
           None: "仅考察座谈"}

# before the verb, in its clause: a wish, a plan, a purpose, a push toward a signing
_INTENT_BEFORE = re.compile(r"(?:将|拟|计划|有望|即将|准备|预计|力争|争取|(?<![接招期等对])待|推动|促成|促进|加快|加速|尽快|早日|希望|期待|"
                            r"期盼|推进|力促|确保|谋划|筹备|酝酿|以便|意向|洽谈|商谈|磋商|对接|会谈|商讨|协商|"
                            r"愿意|有意|希望)")
_AS_OCCASION = re.compile(r"以[^,，;；]{0,16}$")
_AS_OCCASION_AFTER = re.compile(r"^[^,，;；。]{0,12}?为(?:新的)?(?:契机|起点|开端|纽带|新起点)")
_NOUN_AFTER = re.compile(r"[会周节的]|活动|大会|会议|仪式|平台|机制")
_TOPIC_BEFORE = re.compile(r"就|(?<![作因成认])为(?!期)|为了|围绕|针对|关于")
_TALKS = ("洽谈", "商谈", "磋商", "对接", "会谈", "商讨", "协商")
_MONEY_PLAN = re.compile(r"(?:计划|预计|拟)(?:总)?投资[^,，;；]*?元|预计(?:年)?(?:产值|销售|税收|收入)[^,，;；]*?元")
# after the verb: the signing as a topic of talks or a goal (签约事宜, 签约意向, 签约时间)
_INTENT_AFTER = re.compile(r"^(?:的)?(?:事宜|意向|时间|细节|前期|准备|计划|筹备|条件|进程|工作)")
_DONE_NEAR = re.compile(r"已|了|完成|正式|成功|顺利")
_NEGATED_BEFORE = re.compile(r"(?:未|没有|没|尚未|并未|暂未|不)(?:能|曾|再|正式|成功|及时)?$")
# the signing as the object of attendance (出席签约仪式, 见证项目签约); not '出席…并与X签约'
_ATTEND_BEFORE = re.compile(r"(?:出席|参加|见证|观摩|陪同|列席)(?:了|并)?[^,，;；。与同和并]{0,10}$")
_THIS_ONE = re.compile(r"(?:本次|此次|这次|今天|今日|当天|现场)(?:的)?(?:集中|正式)?$")
_VISIT_BEFORE = re.compile(r"考察|调研|察看|查看|走访|视察|督导|调度|观摩(?!签约)")
# '督查调研…对…项目进行调研,重点查看…签约项目推进情况': signed projects as the object of an
# inspection named earlier in the sentence (the signing word is a modifier of 项目)
_PROGRESS_AFTER = re.compile(r"项目的?(?:推进|进展|进度|建设|落地|履约|实施)")
_BACKGROUND_BEFORE = re.compile(r"自|曾|此前|以往|过去|早在|去年|前年|上年|往年")
_BACKGROUND_AFTER = re.compile(r"以来|之后|后[,，]|以后")


def mention_label(sentence: str, m: re.Match) -> tuple[str, str]:
    start, clause = clause_before(sentence, m.start())
    before = _MONEY_PLAN.sub("", clause)  # '计划总投资10亿元的…项目签约': the plan is the money's
    after = sentence[m.end():m.end() + 30]
    if _BACKGROUND_BEFORE.search(sentence[max(0, m.start() - 12):m.start()]) and _BACKGROUND_AFTER.search(after[:25]):
        return BACKGROUND, "自…以来"
    if re.match(r"项目", after) and (_VISIT_BEFORE.search(clause) or (
            _PROGRESS_AFTER.match(after) and _VISIT_BEFORE.search(sentence[:m.start()]))):
        return BACKGROUND, "考察签约项目"  # '对…签约项目进行实地考察': projects signed before, visited now
    if re.search(r"曾(?:经)?(?:与[^,，]{0,20})?$", clause[-24:]) and "曾" in clause:
        return BACKGROUND, "曾"
    if _THIS_ONE.search(before):  # '以本次签约为契机': the signing this article reports
        return COMPLETED, _THIS_ONE.search(before).group(0)
    neg = _NEGATED_BEFORE.search(before)
    if neg:
        return NEGATED, neg.group(0)
    # '今天双方洽谈签约' / '举行洽谈签约活动': talks and signing as one compound verb, no purpose
    if _AS_OCCASION.search(before) and _AS_OCCASION_AFTER.search(after):
        return COMPLETED, "以…为契机"  # '双方将以本次协议的签订为契机': the signing is the starting point
    # '今天双方洽谈签约' / '举行洽谈签约活动': talks and signing as one compound verb, no purpose;
    # '洽谈会', '对接会': a fair, no marker
    # '双方就推动X合作签订…', '为加快…签署': a topic or a purpose of the signing, not its aspect;
    # '有投资意向的X', '在对接会上': a marker used as a modifier
    intent = [i for i in _INTENT_BEFORE.finditer(before) if not (i.end() == len(before) and i.group(0) in _TALKS)
              and not _NOUN_AFTER.match(before[i.end():]) and not _TOPIC_BEFORE.search(before[:i.start()])]
    if intent:
        tail = before[intent[-1].end():]
        # '计划…已签约', '从初步洽谈到正式签约': the marker binds another verb or an earlier stage
        # '在…推动下': a circumstance; '达成合作意向并签署', '经过会谈,随后签约': talks are an earlier
        # event, coordinated (a modal, '将加强合作并签署', scopes over both verbs)
        earlier = intent[-1].group(0) in _TALKS + ("意向",) and re.search(r"并|随后|当场|后", tail)
        if not (re.search(r"已|了$|到|至", tail) or re.match(r"下", tail) or earlier):
            return INTENT, intent[-1].group(0)
    if _INTENT_AFTER.search(clause_after(sentence, m.end())):
        return INTENT, _INTENT_AFTER.search(clause_after(sentence, m.end())).group(0)
    if _ATTEND_BEFORE.search(before):
        return ATTENDEE, _ATTEND_BEFORE.search(before).group(0)[:2]
    done = _DONE_NEAR.search(before[-6:] + after[:3])
    return COMPLETED, done.group(0) if done else m.group(0)


def mentions(sentence: str) -> list[tuple[int, str, str]]:
    """Each signing word of ``sentence``: (position, label, the cue that decided it)."""
    return [(m.start(), *mention_label(sentence, m)) for m in SIGN_RE.finditer(sentence)]


_ORDER = (COMPLETED, ATTENDEE, INTENT, NEGATED, BACKGROUND)


def label(sentence: str) -> str | None:
    """The strongest label of the sentence's signing words (completed first), None without one."""
    found = {lab for _, lab, _ in mentions(sentence)}
    return next((lab for lab in _ORDER if lab in found), None)


def article_signing(sentences: list[str], title: str | None = None) -> tuple[bool, str | None]:
    """(True, None) when a sentence or the title reports a signing that took place; else
    (False, the reason an agreement of this article is not emitted)."""
    labels = {label(s) for s in [*(sentences or []), title or ""]} - {None}
    if labels & set(TOOK_PLACE):
        return True, None
    return False, REASONS[next((lab for lab in (INTENT, NEGATED, BACKGROUND) if lab in labels), None)]
