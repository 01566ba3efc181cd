"""Agreements (signings) in one sentence, and what they refer back to. See docs/news-extraction.md."""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Entity, Registry, slot_entities
from loaders.news.entities import clean_item, core, plain_name, split_items, trim_list_head
from loaders.news.lists import as_items, comma_list, described_other_side, full_name, named_count, project_owners_listed
from loaders.news.signing import _CLAUSE_END, SIGN_RE, TOOK_PLACE, clause_after, clause_before  # noqa: F401
from loaders.news.signing import ATTENDEE, BACKGROUND, INTENT, REASONS, mention_label
from loaders.news.subject import carry_subject, entity_at, sentence_subject
from loaders.tabular.values import parse_money_cny

NOUN_RE = re.compile(r"项目合作书|合作书|战略合作框架协议|合作框架协议|战略合作协议|框架合作协议|框架协议|投资合作协议|"
                     r"投资协议|合作协议|补充协议|协议书|合作意向书|投资意向书|意向协议|意向书|"
                     r"谅解备忘录|合作备忘录|备忘录|投资合同|合同|协定|协议")
FUTURE_RE = re.compile(r"将|拟|计划|有望|即将|准备|预计|力争|争取|待|尚未|未|没有")
MONEY_RE = re.compile(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)\s*(万亿|亿|億|万|萬)?元(?!/)")
_CONNECTORS = ("与", "同", "跟", "和", "-", "—")
_SPREAD_RE = re.compile(r"三方|四方|多方|共同签|联合签")
_RIGHT_TAIL_RE = re.compile(r"(?:分别|共同|联合|正式|成功|顺利|现场|集中|当场|代表|双方|[三四五六多各]方|举行|进行|完成项目|完成|达成|"
                            r"在[^、]*|于[^、]*|就[^、]*|举行[^、]*)+$")  # '…C举行全面合作签约仪式': the occasion

# ----------------------------------------------------------------------------- agreements

class SignContext:
    """What a signing sentence may refer back to: the article's focus party (the government
    or zone that signs with everyone: '与X签订' with no left side) and the last pair of
    parties named together ('A与B举行座谈', for '双方/三方签署'), with its sentence."""

    def __init__(self, focus: str | None = None):
        self.focus = focus
        self.pair: list[str] = []
        self.pair_evidence: str | None = None
        self.signing_companies: list[Entity] = []
        self.investors: dict[str, Entity] = {}
        self.person_org: dict[str, str] = {}
        self.dropped: list[dict] = []  # agreements read from a signing that did not take place, with the reason

    def collect(self, sentences: list[str], reg: Registry) -> None:
        """Companies named as signers anywhere ('签约企业代表X公司总经理Y作了发言'), and
        whether the article reports a signing ceremony of its focus party."""
        self.sentences = sentences  # where a carried subject's office is named (subject.py)
        self.ceremony = any(re.search(r"签约仪式|集中签约|签约活动|签约大会", s) for s in sentences)
        self.investors = {}  # '由X投资的Y项目' anywhere: Y's investor is X
        for s in sentences:  # '商丘市人民政府市长张建慧' -> 张建慧 signs for 商丘市人民政府
            for chunk in re.split(r"[、,，。；;:：]", s):
                m = re.search(rf"{nn.TITLE_RE.pattern}([{nn.CJK}]{{2,3}}?)(?:$|(?=出席|参加|主持|致辞|见证|陪同))", chunk)
                org = nn.signer_org(chunk[:m.end()]) if m else None
                ent = org and (reg.get(org) or bare_reference(org, reg))
                if ent and ent.label in ("Company", "Organization", "Region"):
                    self.person_org.setdefault(m.group(m.lastindex), ent.name)
        for s in sentences:
            for m in _INVESTED_RE.finditer(s):
                ent = reg.get(clean_item(m.group(1)))
                if ent is not None and ent.label == "Company":
                    self.investors[m.group(2)] = ent
        for s in sentences:
            if re.search(r"签约企业|签约方|签约代表|签约单位", s):
                for e in reg.by_label("Company"):
                    if e not in self.signing_companies and any(m in s for m in e.mentions):
                        self.signing_companies.append(e)

    def following(self, sentence: str) -> str:
        """The sentence after ``sentence`` in the article ('' when none or unknown)."""
        ss = getattr(self, "sentences", [])
        return next((ss[i + 1] for i in range(len(ss) - 1) if ss[i] == sentence), "")

    def note_visit(self, sentence: str, reg: Registry) -> None:
        """'Y带队拜访X公司,双方签订…': a visit to one company names the pair of a 双方 later
        in the same sentence (the focus party and X)."""
        m = _COREF_RE.search(sentence)
        head = sentence[:m.start()] if m else ""
        if not (self.focus and m and _VISITED_RE.search(head)):
            return
        cos = [e for e in reg.by_label("Company") if any(men and men in head for men in e.mentions)]
        if len(cos) == 1 and cos[0].name != self.focus:
            self.pair, self.pair_evidence = [self.focus, cos[0].name], sentence

    def note(self, sentence: str, reg: Registry) -> None:
        if self.focus and RECEIVE_RE.search(sentence) and "一行" in sentence:
            # '县委书记A会见了X集团一行' / '与X公司一行座谈': the pair for a later 双方
            cos = [e for e in reg.by_label("Company") if any(m and m in sentence for m in e.mentions)]
            if len(cos) == 1:
                self.pair, self.pair_evidence = [self.focus, cos[0].name], sentence
                return
        if not _PAIR_HINT.search(sentence):
            return
        for clause in re.split(r"[，,；;。]", sentence):
            cut = _connector(clause, reg)
            if cut is None:
                continue
            left_txt = re.sub(r"^.*?代表(?!团)", "", clause[:cut])
            right_txt = _RIGHT_TAIL_RE.sub("", _PAIR_TAIL_RE.split(clause[cut + 1:])[0])
            left, right = _known(left_txt, reg), _known(right_txt, reg)
            if SUBJECT_CARRIED and not (left and right):  # registered names as written (subject.py)
                left, right = self._as_written(left, right, left_txt, right_txt, sentence[:sentence.find(clause)], reg)
            if left and right:
                self.pair, self.pair_evidence = _names(left + right), sentence
                return

    def _as_written(self, left, right, left_txt: str, right_txt: str, head: str, reg: Registry):
        """'就深化香港和浙江合作': a registered name closing the left text and one opening the
        right text; '洪洞县坚持…,积极与浙江大学对接': no left side, the sentence's subject."""
        opens = entity_at(right_txt, reg)
        if opens is not None and not right and _MET_AFTER.match(right_txt[len(_opening(opens, right_txt)):]):
            right = [opens]  # '与浙江大学精准深度对接', not '介绍了A和B的招商项目'
        if right and not left:
            subj = entity_at(left_txt, reg, end=True) or sentence_subject(head, reg, self)
            left = [subj] if isinstance(subj, Entity) and subj not in right else []
        return left, right


# the fifteenth pass: a signing or pairing clause with no subject takes the sentence's (subject.py).
# Shipped off by its author (it moves only dev3 and dev6, the splits it was read from); switched on
# after the blind check: test7, test8 and `test` unchanged both ways (docs/news-extraction.md,
# "Fifteenth pass", "The decision"); dev agreements recall 184/200 -> 188/200, precision 209/217 -> 214/222.
SUBJECT_CARRIED = True
# what follows the other side of a pair met or worked with ('…浙江大学精准深度对接', '浙江合作')
_MET_AFTER = re.compile(r"$|[^,，。、的]{0,4}?(?:对接|交流|合作|会面|会谈|座谈|洽谈|签)")


def _opening(e: Entity, text: str) -> str:
    return max((m for m in e.mentions if text.startswith(m)), key=len)


_VISITED_RE = re.compile(r"拜访|走访|到访|考察|调研|参观|前往|来到")
RECEIVE_RE = re.compile(r"会见|座谈|会谈|接待|欢迎|见面")
_GENERIC_SIDE = re.compile(r"(?:各|签约|相关)?(?:企业|客商|项目方|投资方)(?:代表)?")
_PAIR_HINT = re.compile(r"与|同|和|跟")
_PAIR_TAIL_RE = re.compile(r"举行|进行|开展|座谈|会谈|洽谈|签|合作|共同|就|在|达成|出资|合资|组建|共建")
_COREF_RE = re.compile(r"双方|三方|四方|各方|两地|两大[^,，。、]{0,2}?(?:开发区|经开区|高新区|园区|新区|城市|集团|企业|高校)")


def agreements_in(sentence: str, reg: Registry, ctx: SignContext | None = None) -> list[dict]:
    """Signed agreements stated by ``sentence``: [{parties, type, project, status}]; with
    ``ctx`` also 与X签订 (the focus party signs) and 双方/三方 (the last pair named)."""
    ctx = ctx or SignContext()
    out = []
    for m in SIGN_RE.finditer(sentence):
        start, clause = clause_before(sentence, m.start())
        clause = _DEFINED_RE.sub("", clause)  # 'A有限公司(以下简称“A”)、B': the definition is no item
        wide = comma_list(sentence, start, m.start(), reg, _connector)  # '与A,B,C五所高校签署' (lists.py)
        listed = wide != start
        if listed:
            start, clause = wide, as_items(sentence[wide:m.start()])
        after = clause_after(sentence, m.end())
        held = _not_signed(sentence, m, clause)  # a signing wanted, planned, denied or recalled: listed, not emitted
        if _WITNESS_RE.search(clause[-6:]):  # '…管委会主任刘某一同见证签约': witnesses, not parties
            continue
        ceremony = (re.match(r"仪式|现场|活动|项目", after) and not NOUN_RE.search(clause)
                    and not NOUN_RE.search(after[:12]))
        if ceremony and not (re.match(r"仪式", after) and _connector(clause, reg) is not None):
            continue
        noun_before = None if NOUN_RE.search(after[:12]) else _last(NOUN_RE, clause)
        noun = NOUN_RE.search(after[:12]) or noun_before
        body = clause[:noun_before.start()] if noun_before else clause
        body = _TIME_LEAD_RE.sub("", body)  # '2020年我校与…', '自2018年底X集团与…': a time, no name
        named = named_count(body, sentence[m.end():], reg)  # '与3家企业签订…,分别是A、B和C' (lists.py)
        listed, body = listed or named != body, named
        if held:  # '希望A与B早日签订': the wish's words around the pair, listed under `dropped`
            body = _WISH_TAIL_RE.sub("", _WISH_HEAD_RE.sub("", body))
        # 'Y教授代表A出席会议并与B签署': A is the left side
        body = _ATTENDED_FOR_RE.sub(r"\1", body)
        if re.match(r"(?:并|随后|还)?[与同]", body) and start > 1:
            prev = clause_before(sentence, start - 1)[1]  # 'A联合B,与C就…签订': the joint side before
            if _JOINT_RE.search(prev):
                body = _JOINT_RE.sub("、", prev) + body
        carried = False
        if SUBJECT_CARRIED and start > 1:  # '孙冠一代表南关区参加…,与河西区签署' (subject.py)
            body, carried = carry_subject(body, sentence[:start], reg, ctx)
        groups = _party_groups(body, reg, sentence, ctx)
        if carried or listed:
            src = "subject" if carried else "list"
            groups = [(p, pr, ex if "party_evidence" in ex else {**ex, "_src": src}) for p, pr, ex in groups]
        if not groups:
            groups = _groups_after(sentence[m.end():], reg, ctx)
        if not groups and not ceremony:
            groups = _object_groups(body, after, reg, ctx)
        if not groups:  # '集中签约3个项目。分别是:A公司…项目;B公司…项目' (lists.py)
            groups = _listed_projects(body, after, sentence, m.end(), reg, ctx)
        paired = _projects_listed(after)
        paired = paired if len(groups) > 1 and len(paired) == len(groups) else []
        groups = [(_for_persons(parties, ctx), project, extra) for parties, project, extra in groups]
        groups = [g for g in groups if len(g[0]) >= 2]
        if any("implicit_party" not in a and not a.get("_not_signed") for a in out):
            groups = [g for g in groups if "implicit_party" not in g[2]]  # '…签约仪式,X项目正式签约'
        for k, (parties, project, extra) in enumerate(groups):
            # '分别与A、B签约X项目和Y项目': the n-th party signs the n-th project
            project = paired[k] if paired else project or _project_near(after, sentence[m.end():])
            a = {"parties": parties, "type": noun.group(0) if noun else "协议",
                 "project": project, "status": "signed"}
            a.update(extra)
            if held:
                a["_not_signed"] = held
            out.append(a)
    return out


_DEFINED_RE = re.compile(r"[(（](?:以下)?(?:简称|下称)[^()（）,，。]{0,16}[)）]")
_TOWNSHIP_RE = re.compile(rf"[{nn.CJK}]{{2,6}}(?:镇|乡|街道)")


def _listed_projects(body: str, after: str, sentence: str, end: int, reg: Registry, ctx: SignContext) -> list:
    """The signing's object is a count of projects and a list names them: the clause's subject
    (else the focus party) signs with each company whose name a listed project carries."""
    owners, source = project_owners_listed(after, sentence[end:], ctx.following(sentence), reg)
    if not owners:
        return []
    subject = _RIGHT_TAIL_RE.sub("", body)
    left = [e for e in _signers(subject, reg) if e.label != "Company"]
    if not left and _TOWNSHIP_RE.fullmatch(subject):  # '乐乡街道集中签约…': a township as written
        left = [reg.add(subject, "Region")]
    extra = {"_src": "list", **({"party_evidence": source} if source else {})}
    if not left and ctx.focus and not FUTURE_RE.search(body):
        left, extra = [reg.get(ctx.focus) or reg.add(ctx.focus, "Region")], {**extra, "implicit_party": ctx.focus}
    return [(_names(left[:1] + [c]), None, extra) for c in owners if left and c not in left]


def _not_signed(sentence: str, m: re.Match, clause: str) -> str | None:
    """Why the signing word ``m`` reports no signing that took place (signing.REASONS), or None."""
    lab = mention_label(sentence, m)[0]
    if lab == ATTENDEE and _connector_free(clause):
        return None  # '出席签约仪式' with no pair in the clause: nothing is read from it anyway
    if lab == ATTENDEE:
        return REASONS[ATTENDEE]
    if lab not in TOOK_PLACE:
        return REASONS[lab]
    if _background(sentence, m):
        return REASONS[BACKGROUND]
    if FUTURE_RE.search(clause[-8:]) and not re.search(r"已|正式|成功", clause[-8:]):
        return REASONS[INTENT]
    return None


def _connector_free(clause: str) -> bool:
    return not re.search(r"[与同和跟]", clause)


_WISH_HEAD_RE = re.compile(r"^.*?(?:希望|期待|期盼|推动|促成|促进|争取|力争|力促)")
_WISH_TAIL_RE = re.compile(r"(?:将|拟|计划|有望|即将|准备|争取|力争|早日|尽快|近期|于近期|年内|尚未|未能|未|没有)+$")
_TIME_LEAD_RE = re.compile(r"^(?:自|从|早在|于)?\d{2,4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:底|初|末|年中|以来)?")
_ATTENDED_FOR_RE = re.compile(r"^.*代表([^,，、与和]{2,30}?)(?:出席|参加)[^,，与和]{0,12}?并(?=与|同|和)")
_WITNESS_RE = re.compile(r"(?:见证|出席|观摩)了?(?:双方)?$")


def _for_persons(parties: list[str], ctx: SignContext) -> list[str]:
    """'张建慧与刘海涛共同签署': people named elsewhere with their organisation's title
    (市长张建慧, 董事长刘海涛) sign for those organisations."""
    out: list[str] = []
    for p in parties:
        # '与向英华签订': a surname that is also a boundary word (向, 和, 于) cut the name
        p = ctx.person_org.get(p) or next((o for k, o in ctx.person_org.items()
                                           if len(p) == 2 and len(k) == 3 and k.endswith(p)), p)
        if p not in out:
            out.append(p)
    return out


_NOT_YET_RE = re.compile(r"推动|促成|促进|加快|尽快|早日|希望|期待|有望|争取|力争|将|拟|计划|准备|待|未|洽谈|商谈|"
                         r"对接|意向|会谈|磋商")


def signed_here(sentence: str) -> bool:
    """Does ``sentence`` report a signing that took place (签约仪式 included)?"""
    for m in SIGN_RE.finditer(sentence):
        if not _NOT_YET_RE.search(sentence[max(0, m.start() - 10):m.start()]) and not _background(sentence, m):
            return True
    return False


def _background(sentence: str, m: re.Match) -> bool:
    """'自双方签署…协议以来' / '此前曾签订…': an earlier signing recalled, not news."""
    before, after = sentence[max(0, m.start() - 10):m.start()], sentence[m.end():m.end() + 30]
    return bool(re.search(r"自|曾|此前|以往|过去", before) and re.search(r"以来|之后", after))


def ceremony_agreements(sentences: list[str], signing: list[tuple[int, dict]], reg: Registry,
                        ctx: SignContext) -> list[dict]:
    """The article reports a signing but no sentence names both sides ('X项目签约仪式在Y县
    举行。X公司董事长A、县长B出席'): each company named in a signing sentence (else in
    the sentence after it) signs with the focus party, the naming sentence as party_evidence."""
    focus = reg.get(ctx.focus) if ctx.focus else None
    if focus is None:
        return []
    out, listed = [], signed_projects(sentences)
    for i, when in signing:
        for j in (i, i + 1):
            if j >= len(sentences):
                break
            cos = [e for e in reg.by_label("Company") if e is not focus
                   and any(men and len(men) >= 2 and _unquoted(men, sentences[j]) for men in e.mentions)
                   and (not listed or _owns_one(e, listed)) and not _among_units(e, sentences[j])
                   and not _attends_only(e, sentences[j])]
            roles = {e.name: SIGNER_ROLES and not_a_signer(e, sentences[j]) for e in cos}
            for e in cos:
                a = {"parties": [focus.name, e.name], "type": _noun_of(sentences[i]), "project":
                     _project_near("", sentences[i]), "status": "signed", "implicit_party": focus.name,
                     "evidence": sentences[i], "amount_cny": None, **when}
                if j != i:
                    a["party_evidence"] = sentences[j]
                if roles[e.name]:  # named, but in another role: listed under `dropped`, not paired
                    _add_unique_dropped(ctx, {**a, "status": "not_signer", "reason": roles[e.name]})
                    continue
                out.append(a)
            cos = [e for e in cos if not roles[e.name]]
            if cos:
                break
    # '北京银行上海分行负责人在签约仪式上表示': a branch of a party already paired is that party
    return [a for a in out if not any(b["parties"][1] != a["parties"][1] and a["parties"][1].startswith(b["parties"][1])
                                      for b in out)]


# Which named company is a signer (docs/news-extraction.md, "Fourteenth pass"; the switch:
# SIGNER_ROLES). The fallback pairs a company named in the signing sentence or, failing that, in
# the sentence after it. A name that names no one company (贸易公司 written alone in a list: a kind
# of project; 招引2家上市公司: a count) signs nothing; nor does a company whose clause gives it
# another role than signing and does not name the signing: a guest received (会见…X公司总经理Y, in
# a sentence naming no signing), a guest invited (推介会邀请了X、Y等企业代表参加会议: the seventeenth
# pass), an earlier arrival (先后引进了X、Y等企业), a recommender (招商大使(X公司董事长Y为…推荐)).
# Shipped off by its author because it changed only dev6, the split it was read from; switched
# on after the blind check: on test7 and test8 (never read) and on every other split it changes
# no output, so where the roles do not occur it costs nothing (docs: "The decision").
SIGNER_ROLES = True
_COUNT_NAME_RE = re.compile(r"[\d一二两三四五六七八九十几数多]+(?:家|个|批|户)")
_GUEST_BEFORE_RE = re.compile(r"会见|接见|会晤|看望|宴请|拜会")
_INVITED_BEFORE_RE = re.compile(r"邀请|邀约")
_ARRIVED_BEFORE_RE = re.compile(r"(?:先后|已经|已|累计|陆续|近年来|此前|曾经|曾)[^,，;；。]{0,6}?(?:引进|引来|招引|落户|入驻)")
_RECOMMENDER_RE = re.compile(r"推荐|引荐|招商大使|招商顾问")
NOT_SIGNER = {"generic": "泛称(非具体企业)", "count": "数量(非企业名)", "guest": "会见的客商(非签约方)",
              "arrived": "此前引进的企业(非签约方)", "recommender": "推荐人/招商大使(非签约方)",
              "invited": "邀请的嘉宾(非签约方)"}


def not_a_signer(e: Entity, sentence: str) -> str | None:
    """Why ``e``, a company the ceremony fallback would pair from ``sentence``, is not a signer
    (a ``NOT_SIGNER`` reason), or None."""
    if nn.generic_name(e.name) and _written_alone(e.name, sentence):
        return NOT_SIGNER["generic"]
    if _COUNT_NAME_RE.search(e.name):
        return NOT_SIGNER["count"]
    for seg in re.split(r"[,，;；。]", sentence):
        at = [seg.find(m) for m in e.mentions if m and m in seg]
        if not at:
            continue
        head, rest = seg[:min(at)], seg[min(at):]
        if SIGN_RE.search(seg):
            return None  # its clause names the signing: '…X公司共同签约', 'X公司作为签约企业代表发言'
        if _GUEST_BEFORE_RE.search(head) and not SIGN_RE.search(sentence):
            return NOT_SIGNER["guest"]  # '会见X行长Y一行,并共同见证协定签署': a guest received at a signing signs
        if _INVITED_BEFORE_RE.search(head) and not SIGN_RE.search(sentence):  # '推介会邀请了A、B等157家企业代表参加会议'
            return NOT_SIGNER["invited"]
        if _ARRIVED_BEFORE_RE.search(head):
            return NOT_SIGNER["arrived"]
        if _RECOMMENDER_RE.search(head[-12:] + rest):
            return NOT_SIGNER["recommender"]
    return None


def _written_alone(name: str, sentence: str) -> bool:
    """``name`` only ever written after a separator in ``sentence`` ('…、贸易公司等6个项目'), not as
    the tail of a longer name (上海电气集团: 电气集团 is its short form)."""
    at = [m.start() for m in re.finditer(re.escape(name), sentence)]
    return bool(at) and all(i == 0 or sentence[i - 1] in "、,，;；:：(（“\"和及与等的了" for i in at)


def _add_unique_dropped(ctx: SignContext, a: dict) -> None:
    if all(set(d["parties"]) != set(a["parties"]) for d in ctx.dropped):
        ctx.dropped.append(a)


_SIGNED_LIST_RE = re.compile(r"签约的([^,，。；;:：]{4,200}?)等(?:[\d一二两三四五六七八九十]+个)?项目")


def signed_projects(sentences: list[str]) -> list[str]:
    """'此次集中签约的A产业园、B科研产业园、C等项目' -> [A产业园, B科研产业园, C]: the signed
    projects when the article names them (two or more)."""
    for s in sentences:
        m = _SIGNED_LIST_RE.search(s)
        items = [x for x in re.split(r"、|和|及", m.group(1)) if len(x) >= 2] if m else []
        if len(items) >= 2:
            return items
    return []


def _unquoted(men: str, sentence: str) -> bool:
    """``men`` named in ``sentence`` other than as a quoted term ('发挥“试点银行”对接…的优势')."""
    return any(sentence[max(0, m.start() - 1):m.start()] not in ("“", "「", '"')
               for m in re.finditer(re.escape(men), sentence))


# 出席/参加 are not here: a company attending its own collective signing is its signer (the
# gold convention; dev5 225 loses its one agreement with them)
_ATTENDS_RE = re.compile(r"见证|陪同")


def _attends_only(e: Entity, sentence: str) -> bool:
    """'…X公司董事长A一同见证签约' / '陪同考察': a company named only as the witness or the
    escort of a signing, in every clause that names it, signs nothing."""
    segs = [seg for seg in re.split(r"[,，;；。]", sentence) if any(m and m in seg for m in e.mentions)]
    return bool(segs) and all(_ATTENDS_RE.search(seg[max(seg.find(m) for m in e.mentions if m and m in seg):])
                              and not SIGN_RE.search(seg[:max(seg.find(m) for m in e.mentions if m and m in seg)])
                              for seg in segs)


_UNIT_ITEM_RE = re.compile(r"(?:局|办|委|办公室|中心|部)$")


def _among_units(e: Entity, sentence: str) -> bool:
    """'区委办、商务局、X公司、Y公司等单位主要负责同志…参加签约仪式': a company listed among the
    government's own units attends as one of them; it signs nothing."""
    for seg in re.split(r"[,，;；。]", sentence):
        if any(m and m in seg for m in e.mentions) and re.search(r"等(?:部门|单位)", seg):
            return sum(bool(_UNIT_ITEM_RE.search(x)) for x in seg.split("、")) >= 2
    return False


def _owns_one(e: Entity, projects: list[str]) -> bool:
    """A company attending a collective signing signs when a listed project carries its name."""
    stems = {core(m)[len(nn._leading_region(core(m)) or ""):] for m in e.mentions if m}
    return any(len(st) >= 2 and st[:4] in p for st in stems for p in projects)


def _noun_of(sentence: str) -> str:
    m = NOUN_RE.search(sentence)
    return m.group(0) if m else "协议"


def settled_in(sentence: str, reg: Registry, ctx: SignContext) -> list[dict]:
    """In an article about the focus party's signing ceremony: 'A、B、C等纷纷落户' or
    'X…项目正式落户该区' -> one signed agreement focus + company each."""
    if not (ctx.ceremony and ctx.focus) or "落户" not in sentence:
        return []
    out = []
    for m in re.finditer("落户", sentence):
        _, clause = clause_before(sentence, m.start())
        if FUTURE_RE.search(clause[-6:]) or re.search(r"推动|促进|吸引|争取|引导|继", clause) \
                or re.match(r"[^,，。]{0,8}后", sentence[m.end():]):  # 继X项目落户开发区后
            continue
        seg = re.split(r"等(?=[^、]*$)", clause)[0] if "等" in clause else clause
        seg = re.sub(r"(?:签约|成功|正式|纷纷|相继|顺利|项目)+$", "", seg)
        ents = [e for e in reg.by_label("Company") if any(men in clause for men in e.mentions)]
        if "等" in clause:
            ents += [e for e in slot_entities(nn.trim_left(seg) + "等企业", reg) if e not in ents]
        focus = reg.get(ctx.focus) or reg.add(ctx.focus, "Region")
        for e in ents:
            if e.label == "Company" and e is not focus:
                out.append({"parties": [focus.name, e.name], "type": "协议", "project": None,
                            "status": "signed", "implicit_party": ctx.focus})
    return out


def _groups_after(rest: str, reg: Registry, ctx: SignContext) -> list:
    """'同时签署的还有三项合作协议,分别是A、B与C的合作协议,D与E的合作协议'."""
    out = []
    for m in re.finditer(r"([^,，;；。:：]{4,80}?)的(?:[^,，;；。]{0,12}?)(?:" + NOUN_RE.pattern + ")",
                         rest.split("。")[0]):
        seg = re.sub(r"^.*?(?:分别是|分别为|包括|即)", "", m.group(1))
        if _connector(seg, reg) is not None:
            out += _party_groups(seg, reg, seg, ctx, implicit=False)
    return out
def _projects_listed(after: str) -> list[str]:
    """'光伏项目和储能项目' / '了A项目、B项目' -> the projects in order."""
    text = re.sub(r"^了", "", after)
    parts = re.split(r"、|和|及|以及", text)
    if len(parts) < 2 or not all(re.search(r"项目$", p.strip()) for p in parts):
        return []
    return [p.strip() for p in parts]


def _object_groups(body: str, after: str, reg: Registry, ctx: SignContext) -> list:
    """The company after the verb: '宁远县成功签约深圳市鑫达电子有限公司年产…项目'."""
    cos = _lead_companies(re.sub(r"^了", "", after), reg)
    if not cos:
        return []
    left = [e for e in _signers(_RIGHT_TAIL_RE.sub("", body), reg) if e not in cos]
    extra = {}
    if not left and ctx.focus and not FUTURE_RE.search(body):
        left, extra = [reg.get(ctx.focus) or reg.add(ctx.focus, "Region")], {"implicit_party": ctx.focus}
    return [(_names(left + [c]), None, extra) for c in cos if left and c not in left]


def _lead_companies(text: str, reg: Registry) -> list[Entity]:
    """Companies that open the items of a list (A公司年产…项目、B集团…项目等)."""
    out = []
    text = re.sub(r"^(?:并|还|又|也)?与", "", text)  # '…,与A、B等11家企业集中签约': no left side, A is an item
    for piece in re.split(r"[、,，]|以及|及|和", text):
        piece = re.sub(r"^[^、]*?(?:包括|分别是|分别为)", "", piece.strip())  # '…的项目包括A、B'
        piece = re.sub(r"^(?:其中|包括|分别是|分别为|有|了|即|如|[(（])+", "", piece)  # '签约(A公司、B公司)
        best = None
        for e in reg.by_label("Company"):
            for men in e.mentions:
                if len(men) >= 2 and piece.startswith(men) and (best is None or len(men) > best[0]):
                    best = (len(men), e)
        if best and best[1] not in out:
            out.append(best[1])
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


def _party_groups(body: str, reg: Registry, sentence: str, ctx: SignContext,
                 implicit: bool = True) -> list[tuple[list[str], str | None, dict]]:
    body = investor_items(body, reg)
    pairs = re.split("、", re.sub(r"分别$", "", _RIGHT_TAIL_RE.sub("", body)))
    if not (len(pairs) >= 2 and all(_worded_pair(p, reg) for p in pairs)):
        pairs = re.split(r"和(?=[^和]*与)", body)  # 'A与B、C和D与E、F': two pairs of sides
    if len(pairs) >= 2 and all(_worded_pair(p, reg) for p in pairs):
        # 'A与B、C与D分别签署': one agreement per pair
        return [g for p in pairs for g in _party_groups(p, reg, p, ctx, implicit=False)]
    cut, joint = _connector(body, reg), False
    if cut is None and _JOINT_RE.search(body):  # 'A携手B签约' / 'A联合B、C订立': one signing
        body, joint = _JOINT_RE.sub("与", body, count=1), True
        cut = _connector(body, reg)
    coref = _COREF_RE.search(body) and ctx.pair
    if cut is None:
        ents = _signers(_RIGHT_TAIL_RE.sub("", body), reg)
        lead = _lead_companies(body, reg) if re.search("等|项目", body) else []
        if implicit and ctx.focus and not coref and (lead or "等" in body):
            # 'A公司…项目、B集团…项目等现场签约' / '华为、小米等企业项目签约': each with the focus
            focus = reg.get(ctx.focus) or reg.add(ctx.focus, "Region")
            cos = [e for e in lead or ents if e.label == "Company" and e is not focus]
            if cos:
                return [([focus.name, e.name], None, {"implicit_party": ctx.focus}) for e in cos]
        # a company the pair does not hold is a signer of its own ('乙公司董事长A、县长B代表双方签约')
        if len(ents) >= 2 and not (coref and implicit and _FOR_BOTH_RE.search(body)
                                   and not any(e.label == "Company" and e.name not in ctx.pair
                                               and nn.COMPANY_SUFFIX_RE.search(e.name) for e in ents)):
            return [(_names(ents), None, {})]
        if coref and implicit:
            return [(list(ctx.pair), None, {"party_evidence": ctx.pair_evidence})]
        return []
    left_txt = re.sub(r"^.*?代表(?!团)", "", body[:cut])
    # 'X应邀在长治分会场与Y签署': a place or occasion after the subject is not a party
    left_txt = re.sub(r"(?<=[^、]{2})(?:应邀|受邀|正式|共同|一起)*(?:在|于)[^、]{2,24}$", "", left_txt)
    if joint is False and "、" in left_txt:  # 'A、骨干央企B与C': descriptors before an item
        left_txt = re.sub(r"(?<=、)[^、]{0,4}?(?:央企|国企|民企|龙头企业)(?=[^、]{2,})", "", left_txt)
        left_txt = trim_list_head(left_txt)  # '第一批次为新会、台山与…': the list starts at its first name
    right_txt = re.sub(r"(?:19|20)\d{2}年.*$", "", body[cut + 1:])  # 秀屿区2023年对口帮扶
    right_txt = _RIGHT_TAIL_RE.sub("", right_txt)
    invested = next((e for y, e in ctx.investors.items() if right_txt.endswith("项目") and
                     (right_txt in y or y in right_txt)), None)
    right_txt, project = (invested.name, right_txt) if invested else _split_project(right_txt, reg)
    left, right = _signers(left_txt, reg), _signers(right_txt, reg)
    if not left and _ALIAS_RE.search(left_txt):  # '县工商联(商会)与…': the name without its bracketed other name
        left_txt = _ALIAS_RE.sub("", left_txt)
        left = _signers(left_txt, reg)
    persons = re.search(r"代表(?!团)", body[cut:])  # 'Y和Z代表双方签署': people, not parties
    if not persons and (left and not right or right and not left
                        or _single(left_txt) and _single(right_txt)):
        # the other side holds names: 'A与B签约' says B is a party even without a suffix
        left = left or _signers(left_txt, reg, typed=bool(right) or _single(right_txt))
        right = right or _signers(right_txt, reg, typed=bool(left))
    if not right and _GENERIC_SIDE.fullmatch(right_txt.strip()) and implicit:
        right = [e for e in ctx.signing_companies if e not in left]
    extra: dict = {}
    if (right and not left and implicit and ctx.focus and not _COREF_RE.search(body)
            and not re.search(r"[”\"]|公司|集团|银行|协会|商会|大学", left_txt)
            and not FUTURE_RE.search(left_txt)):
        left = [reg.get(ctx.focus) or reg.add(ctx.focus, "Region")]
        extra = {"implicit_party": ctx.focus}
    if left and not right and described_other_side(left, right_txt, sentence):
        return [(_names(left), project, {"_src": "list"})]  # '新会、台山与…招商服务机构签订三方合作协议' (lists.py)
    if not left or not right:
        if coref and implicit:
            return [(list(ctx.pair), project, {"party_evidence": ctx.pair_evidence})]
        return []
    spread = "分别" in body or (len(left) == 1 and len(right) > 1 and not _SPREAD_RE.search(sentence)
                                and not joint)
    if spread and len(right) > 1:
        groups = [(_names(left + [r]), project, extra) for r in right]
    elif len(left) > 1 and ("分别" in body[cut:] or body[:cut].endswith("分别")):  # 'A、B分别与C签订': one each
        groups = [(_names([l] + right), project, extra) for l in left]
    else:
        groups = [(_names(left + right), project, extra)]
    return [g for g in groups if len(g[0]) >= 2]


_STAKE_RE = re.compile(r"(?:前期洽谈成熟的|计划)?(?:总)?投资(?:额)?(?:约|达)?[\d.一二三四五六七八九十百千]+"
                       r"(?:万亿|亿|億|万|萬)?(?:美)?元(?:人民币)?的")
_BY_RE = re.compile(r"由([^、,，由]{2,40}?)(?:计划|拟|出资)?投资(?:[\d.]+(?:亿|億|万|萬)?元)?(?:的|建设的)")
_INVESTED_RE = re.compile(r"由([^、,，。由]{2,40}?)(?:计划|拟|出资)?投资(?:[\d.]+(?:亿|億|万|萬)?元)?(?:的|建设的)"
                          r"([^、,，。]{2,40}?项目)")


def investor_items(text: str, reg: Registry) -> str:
    """A side that lists projects stands for their investors: '与投资1.8亿元的A公司面点项目、
    B公司…项目' -> 'A公司、B公司'; '由X投资的Y项目' -> X; 'A公司、B公司的两个项目' -> A、B."""
    if "项目" not in text:
        return text
    text = _STAKE_RE.sub("", _BY_RE.sub(lambda m: m.group(1) + "、", text)).replace("、、", "、")
    text = re.sub(r"的[\d两三四五六七八九十]+个项目", "", text)
    out = []
    for piece in re.split(r"(、|和(?=[^和]*与)|与)", text):
        if piece.endswith("项目") and len(piece) > 4:
            lead = _lead_companies(piece, reg)
            if lead:
                men = max((m for m in lead[0].mentions if piece.startswith(m)), key=len, default=None)
                piece = men or piece
            else:
                m = re.match(r"(.{2,24}?(?:有限公司|公司|集团|加工厂|厂))(?=.{2,}项目$)", piece)
                piece = m.group(1) if m else piece
        out.append(piece)
    return "".join(out).rstrip("、")


def signer_items(text: str) -> list[str]:
    """The items of a slot with each signer replaced by its organisation (X董事长Y -> X)."""
    items = []
    for piece in re.split(r"[、,，]", text):
        # 'A集团有限公司下属B有限责任公司': the subsidiary named last acts
        piece = re.sub(r"^.{2,40}?(?:有限公司|集团|公司)(?:下属|旗下|所属)的?(?=.{4,})", "", piece)
        org = nn.signer_org(piece)
        if org is None:
            items.append(piece)
        elif org:
            items.append(org)
    return items


def _single(text: str) -> bool:
    """One suffix-less name and nothing else (宁德时代, 中国中车)."""
    return plain_name(clean_item(text)) and not re.search(r"[、,，]", text)


_ALIAS_RE = re.compile(r"[(（][^()（）、,，]{2,8}[)）]$")
_JOINT_RE = re.compile(r"(?<![共])(?:携手|联合)(?![签体会])")
# 'X,新区党工委副书记、管委会常务副主任Y代表双方签约': the signers' offices, cut at a comma, are
# not the sides; the pair named before is
_FOR_BOTH_RE = re.compile(r"代表(?:双方|[三四]方|各方)")


def _signers(text: str, reg: Registry, typed: bool = False) -> list[Entity]:
    """Entities of a party slot; a signer (X董事长Y) stands for the organisation X, a bare
    '县人民政府' / '集团' for the article's entity of that kind. ``typed``: the slot's place
    says it holds names (the other side of 与 does), so suffix-less items count."""
    items = signer_items(text)
    ents = slot_entities("、".join(items), reg, typed=typed, party=True) if items else []
    for piece in items:
        ent = bare_reference(clean_item(piece), reg)
        if ent is not None:  # '市政府' is the home city, not an organisation of its own
            ents = [e for e in ents if e.name != clean_item(piece)]
            if ent not in ents:
                ents.append(ent)
    out: list[Entity] = []
    for e in ents:  # '鲁信、泉盛两家企业': a list's short forms stand for the legal names given (lists.py)
        e = full_name(e, reg) if len(items) > 1 else e
        if e not in out:
            out.append(e)
    return out


def _known(text: str, reg: Registry) -> list[Entity]:
    """Entities already found that a slot names (nothing added to the registry)."""
    out = []
    for item in split_items(text)[0]:
        org = nn.signer_org(item)
        item = clean_item(org if org else item)
        e = item and (reg.get(item) or bare_reference(item, reg))
        if e and e.label in ("Company", "Organization", "Region") and e not in out:
            out.append(e)
    return out


def bare_reference(item: str, reg: Registry) -> Entity | None:
    """'集团' / '集团公司' / '公司' -> the article's one company group; '县人民政府' / '县政府'
    / '市政府' -> the home region."""
    if item in ("集团", "集团公司", "公司"):
        cos = [e for e in reg.by_label("Company") if e.name.endswith(("集团", "集团有限公司", "公司"))
               and nn.good_stem(re.sub(r"(?:集团)?(?:有限)?公司$|集团$", "", e.name))]
        return cos[0] if len(cos) == 1 else None
    if re.fullmatch(r"[县市区州省](?:人民)?政府", item) and reg.home:
        return reg.get(reg.home["name"]) or reg.add(reg.home["name"], "Region")
    return None


def _worded_pair(text: str, reg: Registry) -> bool:
    """Two sides joined by a word (与/同/跟/和), not by a dash (科学园区——X集团)."""
    cut = _connector(text, reg)
    return cut is not None and text[cut] in "与同跟和"


def _connector(body: str, reg: Registry) -> int | None:
    inside = _mention_positions(body, reg)
    for conn in _CONNECTORS:
        for m in re.finditer(conn, body):
            # body[-1:1] at the clause's start would read nothing: '同时还有3家企业进行签约' is no pair
            if conn == "同" and re.match(r"[共合协相如一]同|同[时比意步等]", body[max(0, m.start() - 1):m.end() + 1]):
                continue
            if conn == "与" and re.match(r"[参给赋]与|与会", body[m.start() - 1:m.end() + 1]):
                continue
            if m.start() not in inside and (m.start() > 1 or m.start() == 1 and body[0] in "又并还也再另"):
                return m.start()  # '又与X签订': an adverb is not a party
    return None


def _mention_positions(body: str, reg: Registry) -> set[int]:
    pos: set[int] = set()
    for e in reg.entities:
        if e.label not in ("Company", "Organization", "Region"):
            continue
        for men in e.mentions:
            for m in re.finditer(re.escape(men), body):
                pos |= set(range(m.start() + 1, m.end()))
    return pos


# '与Y文旅融合高质量发展战略合作签约仪式': what the cooperation is about, written after the name
_COOPERATION_RE = re.compile(r"合作$")


def _split_project(right: str, reg: Registry) -> tuple[str, str | None]:
    """'眉县人民政府100MW…产业园项目' -> ('眉县人民政府', '100MW…产业园项目'); a description of the
    cooperation after the name ('宜阳县人民政府文旅融合…战略合作签约仪式') -> ('宜阳县人民政府', None)."""
    project = re.search(r"项目$", right)
    if not project and not (_COOPERATION_RE.search(right) and "、" not in right):  # a list: each item its own
        return right, None
    best = ""
    for e in reg.entities:
        if e.label not in ("Company", "Organization", "Region") and not project:
            continue
        for men in e.mentions:
            if right.startswith(men) and len(men) > len(best):
                best = men
    if not best:
        return right, None
    return best, right[len(best):] if project else None


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


# ------------------------------------------------------------------- suffix-less project owners

# words a company's short form ends with after its brand (苏州超邦涂料, 湖南福尔程环保科技)
_TRADE_WORDS = sorted(set(nn.WEAK_SUFFIXES) | {"工程", "市政", "涂料", "建设", "环境", "信息", "网络", "数据",
                                                "照明", "包装", "家居", "服饰", "农业", "生态", "纸业", "塑业"},
                      key=len, reverse=True)
_STAKE_LEAD_RE = re.compile(r"^.*?(?:投资|亿元|万元)[^的]{0,12}的")
_COUNTED_RE = re.compile(r"等[\d一二两三四五六七八九十]+[个项]项目$")
_LIST_LEAD_RE = re.compile(r"^(?:分别是|分别为|包括|其中|即|有)[:：]?")


def project_owner(item: str) -> str | None:
    """'江苏南通城欣市政工程天然油脂深加工项目' -> 江苏南通城欣市政工程: a place, a brand of 2-4
    characters and the trade words that follow it; None when the item does not start that way."""
    hits, end = nn.regions_in(item), 0
    for a, b, *_ in hits:
        if a == end:
            end = b
    if not end or item[end] in "省市县区镇乡村州旗":  # '街河市镇建材制造…项目': a town's own project
        return None
    for brand in (2, 3, 4):
        if not re.fullmatch(rf"[{nn.CJK}]{{{brand}}}", item[end:end + brand]) or item[end:end + brand] in nn.GENERIC_STEMS:
            continue
        k = end + brand
        while (w := next((w for w in _TRADE_WORDS if item.startswith(w, k)), None)) \
                and not re.match(r"产品|设备|生产|制品|项目", item[k + len(w):]):  # 科利科技|电子产品
            k += len(w)
        if k > end + brand and len(item) - k >= 2:  # the project follows the name
            # '松滋市街河市镇建材制造…项目': a town's own project, no company
            return None if re.search(r"[镇乡村]|街道", item[end:k]) else item[:k]
    return None


def project_owners(sentence: str) -> list[str]:
    """The owners of the projects a signing list names by short form ('分别是总投资5.8亿元的A…项目,
    总投资5.5亿元的B…项目'): each item that ends with 项目 and opens with a place and a brand."""
    out, head = [], re.split(r"分别是|分别为|包括|有[:：]", sentence)[0]
    for piece in re.split(r"[,，;；。]", sentence):
        piece = _LIST_LEAD_RE.sub("", _STAKE_LEAD_RE.sub("", piece.strip()))
        if not piece.endswith("项目") or len(piece) < 8 or _COUNTED_RE.search(piece):
            continue  # 'A、B、C等9个项目': the items are projects, not '…项目' items naming an owner
        name = project_owner(piece.split("、")[0] + "…")  # 'A电子科技高频、高速…覆铜板项目
        # '舟曲县签约的项目分别是:…舟曲县X汽车4S店建设项目': the signing place's own project
        place = name and next((name[a:b] for a, b, *_ in nn.regions_in(name) if a == 0), None)
        if name and name not in out and not (place and place in head and len(head) < len(sentence)):
            out.append(name)
    return out
