"""A learned keep/drop decision over the rules' agreements (docs/news-extraction.md, "Eleventh pass").

The rules (events.py) over-report agreements on text they were not written against: the
ceremony fallback pairs the focus party with whatever company a signing sentence names
(attendees, witnesses, leaders, projects), and articles that report talks or a visit but no
signing still yield agreements. Every agreement the rules output is a *candidate*, described by
general features — how the rules produced it (a clause naming both sides, the ceremony
fallback, a 双方 back-reference, the implicit focus party), the signing and talk words of its
evidence sentence and of the article and title, what kind of thing its parties are (company,
government, university, person-like, project-like, unknown to the registry), how far the
parties are named from the signing verb, and counts — and a logistic regression over them gives
the probability that a gold agreement matches it. Candidates below the threshold are dropped
from ``agreements`` and listed under ``dropped_agreements`` with their probability.

Weights: ``agreement_filter_weights.json`` beside this file, written by
``python -m loaders.news.train_filter`` (``"use": false`` unless it beat the rules alone on
splits it was not fitted on). Nothing is downloaded; scoring is a dot product.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from loaders.news.entities import Registry
from loaders.news.events import FUTURE_RE, SIGN_RE, signed_here
from loaders.news.learned import TALK_CUE, VISIT_CUE, load, probability

WEIGHTS = Path(__file__).with_name("agreement_filter_weights.json")

VIAS = ("clause", "coreference", "focus", "ceremony", "learned")
FEATURES = (
    "bias", "via_clause", "via_coreference", "via_focus", "via_ceremony",
    "ev_signed_here", "ev_sign_verb", "ev_ceremony_word", "ev_talk_or_visit", "ev_future", "ev_attend",
    "art_signed_sentences", "art_talk_sentences", "title_signing", "title_talk_only",
    "key_company", "key_legal_suffix", "key_university", "key_person_like", "key_project_like",
    "all_government", "all_implicit", "parties_in_evidence", "near_verb", "key_before_verb",
    "key_attends", "key_title_after", "key_mentions", "key_in_title", "n_parties",
    "log_agreements", "log_companies", "has_project",
    "key_person_name", "key_after_leaders", "key_quoted", "key_with_units", "article_collective",
    "implicit_person", "implicit_attends",
)

# the scorer's government endings (evaluate.GOV): a gold agreement is matched on the other side
GOV_END = ("政府", "县", "市", "区", "开发区", "新城", "委员会", "管委会", "代表团", "中心")
_CEREMONY_RE = re.compile(r"签约仪式|集中签约|签约活动|签约大会|签约会|签字仪式")
_ATTEND_RE = re.compile(r"出席|见证|陪同|参加|观摩|致辞|主持")
_INTENT_RE = re.compile(r"意向|洽谈|商谈|磋商|对接|希望|期待|推动|促成")
_LEGAL_RE = re.compile(r"(?:有限(?:责任)?公司|股份有限公司|集团(?:公司)?|公司|银行)$")
_SCHOOL_RE = re.compile(r"(?:大学|学院|学校|研究院|研究所|科学院)$")
_PERSON_RE = re.compile(r"(?:书记|县长|市长|区长|镇长|局长|主任|董事长|总经理|领导|同志|教授|院士|先生|女士)$")
_PROJECT_RE = re.compile(r"(?:项目|工程|基地|产业园|园|店|厂|线|馆|城)$")
_TITLE_AFTER_RE = re.compile(r"^[^,，。;；、]{0,8}?(?:董事长|总经理|总裁|副总|负责人|董事|经理|总监|主任|书记|县长|市长|区长)")
# the commonest surnames (a 2-3 character party opening with one and carrying no suffix reads as a person)
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏"
                "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
                "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_LEADERS_BEFORE_RE = re.compile(r"(?:领导|书记|县长|市长|区长|局长|主任|常委)[^。；;，,:：]{0,24}$")
_UNITS_RE = re.compile(r"等单位|等部门|单位负责人|部门负责人|单位主要负责")
_COLLECTIVE_RE = re.compile(r"(?:集中签约|签约仪式|签约活动)[^。]*?[\d一二两三四五六七八九十]+(?:个|项)(?:重点)?项目"
                            r"|[\d一二两三四五六七八九十]+(?:个|项)(?:重点)?项目[^。]*?(?:集中签约|签约)")
_QUOTED_RE = re.compile(r"[“\"「『][^”\"」』]{0,30}$")
_ATTEND_AFTER_RE = re.compile(r"^[^,，。;；]{0,16}?(?:出席|见证|陪同|参加|观摩|致辞)")


def key_parties(parties: list[str]) -> list[str]:
    """The parties the scorer matches a gold agreement on: those not ending like a government."""
    return [p for p in parties if not p.endswith(GOV_END)] or list(parties)


def via(a: dict) -> str:
    """How the rules produced ``a`` (extract marks ``_via``; else read from its keys)."""
    return a["_via"] if a.get("_via") in VIAS else form(a)


def form(a: dict) -> str:
    """How ``a`` was produced, read from its keys alone (``learned``, ``implicit_party``,
    ``party_evidence``), so that agreements of earlier versions of the rules (train_filter's
    blind views) and of these rules are described alike: an implicit focus party whose company
    is named in another sentence is the ceremony fallback; a 双方 reading names its pair's
    sentence."""
    if a.get("learned") is not None:
        return "learned"
    if a.get("implicit_party"):
        return "ceremony" if a.get("party_evidence") else "focus"
    return "coreference" if a.get("party_evidence") else "clause"


def _mentions(name: str, reg: Registry) -> list[str]:
    e = reg.get(name)
    ms = {name} | (set(e.mentions) if e is not None else set())
    return sorted((m for m in ms if m and len(m) >= 2), key=len, reverse=True)


def _positions(text: str, mentions: list[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for men in mentions for m in re.finditer(re.escape(men), text)]


def _talk_only(s: str) -> bool:
    return bool(TALK_CUE.search(s) or VISIT_CUE.search(s)) and not signed_here(s)


def features(a: dict, agreements: list[dict], sentences: list[str], reg: Registry, title: str | None) -> dict:
    """The candidate agreement ``a``'s features (FEATURES), from the article's sentences, its
    registry, its title and the rules' other agreements."""
    f = dict.fromkeys(FEATURES, 0.0)
    f["bias"] = 1.0
    how = form(a)
    if how != "learned":
        f["via_" + how] = 1.0
    ev = a.get("evidence") or ""
    verbs = [m.start() for m in SIGN_RE.finditer(ev)]
    f["ev_signed_here"] = float(signed_here(ev))
    f["ev_sign_verb"] = float(bool(verbs))
    f["ev_ceremony_word"] = float(bool(_CEREMONY_RE.search(ev)))
    f["ev_talk_or_visit"] = float(bool(TALK_CUE.search(ev) or VISIT_CUE.search(ev)))
    f["ev_future"] = float(any(FUTURE_RE.search(ev[max(0, v - 8):v]) or _INTENT_RE.search(ev[max(0, v - 12):v + 8])
                               for v in verbs))
    f["ev_attend"] = float(bool(_ATTEND_RE.search(ev)))
    f["art_signed_sentences"] = math.log1p(sum(signed_here(s) for s in sentences))
    f["art_talk_sentences"] = math.log1p(sum(_talk_only(s) for s in sentences))
    f["title_signing"] = float(bool(title) and bool(SIGN_RE.search(title)))
    f["title_talk_only"] = float(bool(title) and _talk_only(title))
    keys = key_parties(a["parties"])
    ents = [reg.get(p) for p in keys]
    f["key_company"] = float(any(e.label == "Company" if e is not None else bool(_LEGAL_RE.search(p))
                                 for p, e in zip(keys, ents)))
    f["key_legal_suffix"] = float(any(_LEGAL_RE.search(p) for p in keys))
    f["key_university"] = float(any(_SCHOOL_RE.search(p) for p in keys))
    f["key_person_like"] = float(any(_PERSON_RE.search(p) or len(p) <= 3 and not _LEGAL_RE.search(p)
                                     and not p.endswith(GOV_END) for p in keys))
    f["key_project_like"] = float(any(_PROJECT_RE.search(p) and not _LEGAL_RE.search(p) for p in keys))
    f["all_government"] = float(all(p.endswith(GOV_END) for p in a["parties"]))
    f["all_implicit"] = float(all(x.get("implicit_party") for x in agreements))
    named = [p for p in a["parties"] if _positions(ev, _mentions(p, reg))]
    f["parties_in_evidence"] = len(named) / max(1, len(a["parties"]))
    spans = [sp for p in keys for sp in _positions(ev, _mentions(p, reg))]
    if spans and verbs:
        d = min(abs(v - s) if v >= e else abs(s - v) for s, e in spans for v in verbs)
        f["near_verb"] = 1.0 / (1.0 + d / 10.0)
        f["key_before_verb"] = float(any(e <= v and not re.search(r"[,，。;；]", ev[e:v]) for s, e in spans for v in verbs))
    # in the evidence and in the sentence naming a party read through the focus or 双方
    named_in = [(t, e) for t in {ev, a.get("party_evidence") or ev} for p in keys for _, e in _positions(t, _mentions(p, reg))]
    f["key_attends"] = float(any(_ATTEND_AFTER_RE.match(t[e:]) for t, e in named_in))
    f["key_title_after"] = float(any(_TITLE_AFTER_RE.match(t[e:]) for t, e in named_in))
    text = "\n".join(sentences)
    f["key_mentions"] = math.log1p(min(len(_positions(text, _mentions(p, reg))) for p in keys))
    f["key_in_title"] = float(bool(title) and any(_positions(title, _mentions(p, reg)) for p in keys))
    f["n_parties"] = float(len(a["parties"]) - 2)
    f["log_agreements"] = math.log1p(len(agreements))
    f["log_companies"] = math.log1p(len(reg.by_label("Company")))
    f["has_project"] = float(bool(a.get("project")))
    f["key_person_name"] = float(any(2 <= len(p) <= 3 and p[0] in _SURNAMES and not _LEGAL_RE.search(p)
                                     and not p.endswith(GOV_END) and not (reg.get(p) and reg.get(p).label == "Region")
                                     for p in keys))
    hits = [(s, k, k + len(m)) for p in keys for m in _mentions(p, reg) for s in sentences
            for k in [i.start() for i in re.finditer(re.escape(m), s)]]
    f["key_after_leaders"] = float(any(_LEADERS_BEFORE_RE.search(s[:k]) for s, k, _ in hits))
    f["key_quoted"] = float(bool(hits) and all(_QUOTED_RE.search(s[:k]) for s, k, _ in hits))
    f["key_with_units"] = float(any(_UNITS_RE.search(s) for s, _, _ in hits))
    f["article_collective"] = float(any(_COLLECTIVE_RE.search(s) for s in sentences))
    implicit = float(how in ("focus", "ceremony"))
    f["implicit_person"] = implicit * max(f["key_person_like"], f["key_person_name"])
    f["implicit_attends"] = implicit * max(f["key_attends"], f["ev_attend"])
    return f


def weights() -> dict | None:
    """The shipped filter (None when the file is absent: every agreement kept)."""
    return load(WEIGHTS, FEATURES)


def decide(agreements: list[dict], sentences: list[str], reg: Registry, title: str | None,
           model: dict) -> tuple[list[dict], list[dict]]:
    """(kept, dropped): each agreement with ``keep_probability``; dropped when below the
    model's threshold. All candidates are scored against the same list (the rules' output)."""
    kept, dropped = [], []
    for a in agreements:
        p = probability(features(a, agreements, sentences, reg, title), model)
        (kept if p >= model["threshold"] else dropped).append({**a, "keep_probability": round(p, 3)})
    return kept, dropped


def apply(agreements: list[dict], sentences: list[str], reg: Registry, title: str | None,
          model: dict | None = None) -> list[dict] | None:
    """Filter ``agreements`` in place with the shipped (or given) model when it is used;
    returns the dropped agreements (None when no filter is used)."""
    model = model if model is not None else weights()
    if model is None or not model.get("use", True):
        return None
    kept, dropped = decide(agreements, sentences, reg, title, model)
    agreements[:] = kept
    for a in dropped:
        a["read_by"] = via(a)
        a.pop("_via", None)
    return dropped
