"""A small learned decision: is this company a party of a signing the article reports?

The rules (events.py) find agreements clause by clause. On articles they were not written
against they miss signings stated in forms the clause rules do not read: a ceremony whose
projects are listed in the next sentence (集中签约3个项目。分别是:A公司…项目;B公司…项目),
projects named by a company's short form (签约项目包括A、B、C等项目), sections headed by a place.
This module scores every company (and non-government organisation) of an article with a
logistic regression over features of *where it is named relative to signing sentences* —
sentence distance, position before/after the verb, list membership, a following 项目, a
person title after it, attendance/visit/talk context, suffix class, whether the rules already
made it a party — and adds an agreement with the signing side for each company the rules left
out whose probability reaches the threshold. The rules generate; the model decides.

Weights: ``party_weights.json`` beside this file, written by ``python -m loaders.news.train_models``
(trained on the annotated dev articles, threshold and regularisation chosen by
leave-articles-out cross-validation; docs/news-extraction.md, "Seventh pass"). Nothing is
downloaded; no dependency at run time (a dot product).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from loaders.news.entities import Entity, Registry
from loaders.news.events import FUTURE_RE, SIGN_RE, signed_here
from loaders.news.learned import TALK_CUE, VISIT_CUE, load, mention_hits, probability

WEIGHTS = Path(__file__).with_name("party_weights.json")

FEATURES = (
    "bias", "article_signing", "in_sign_sentence",
    "next_after_sign", "near_sign", "dist_inverse", "before_verb", "after_verb", "list_member",
    "project_after", "list_intro", "count_of_projects", "attendance", "person_title_after",
    "visit_context", "talk_context", "future_sign_only", "ceremony_word", "suffix_legal",
    "suffix_group", "suffix_none", "log_mentions", "in_title", "log_candidates",
    "gov_in_sentence", "first_in_sentence", "short_name",
)
_NOT_PARTY_KINDS = ("government", "management-committee", "committee", "development-zone",
                    "delegation", "bureau", "site")

_GOV_END = ("政府", "县", "市", "区", "开发区", "新城", "委员会", "管委会", "代表团", "中心")
_LEGAL_RE = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|公司|银行|合作社)$")
_TITLE_AFTER_RE = re.compile(r"^[^,，。;；、]{0,8}?(?:董事长|总经理|总裁|副总|负责人|董事|经理|总监|代表|主任|书记)")
_LIST_INTRO_RE = re.compile(r"分别是|分别为|包括|包含|涉及|其中|依次是|有:|有：|:|：")
_COUNT_RE = re.compile(r"(?:签约|签订|签署)[^,，。]{0,12}?[\d一二两三四五六七八九十]+(?:个|项|家)")
_ATTEND_RE = re.compile(r"出席|见证|参加|主持|致辞|陪同|观摩")
_CEREMONY_RE = re.compile(r"签约仪式|集中签约|签约活动|签约大会|签约会")
_GOVWORD_RE = re.compile(r"政府|县|市|区|镇|乡|街道|管委会|开发区|园区")


def reported(sentence: str) -> bool:
    """A signing that took place: ``signed_here`` and no future or intent marker anywhere in the
    clause before the verb ('鸠江区将于4月与X签订': 将 is 12 characters before 签订)."""
    v = SIGN_RE.search(sentence)
    return signed_here(sentence) and not (v and FUTURE_RE.search(re.split(r"[,，;；。]", sentence[:v.start()])[-1]))


def candidates(sentences: list[str], reg: Registry, agreements: list[dict]) -> list[dict]:
    """Each company / non-government organisation named in the article, with its features
    and the sentences it would be evidenced by."""
    signing = [i for i, s in enumerate(sentences) if reported(s)]
    any_sign = [i for i, s in enumerate(sentences) if SIGN_RE.search(s)]
    ents = [e for e in reg.entities if e.label == "Company" or e.label == "Organization"
            and not e.name.endswith(_GOV_END) and e.kind not in _NOT_PARTY_KINDS]
    in_rules = {p for a in agreements for p in a["parties"]}
    explained = {a.get(k) for a in agreements for k in ("evidence", "party_evidence")}
    hits_of = mention_hits(sentences, ents)
    out = []
    for e in ents:
        men = sorted({m for m in e.mentions if m and len(m) >= 2}, key=len, reverse=True)
        hits = hits_of[id(e)]
        if not hits:
            continue
        f = dict.fromkeys(FEATURES, 0.0)
        f["bias"] = 1.0
        f["article_signing"] = float(bool(signing))
        best, dist = None, 99
        for j, k, m in hits:
            s = sentences[j]
            d = min((abs(j - i) if j >= i else abs(j - i) + 1 for i in signing), default=99)
            if best is None or d < dist:
                dist, best = d, (j, k, m)
            window = d <= 2
            if not window:
                if VISIT_CUE.search(s):
                    f["visit_context"] = 1.0
                continue
            if j in signing:
                f["in_sign_sentence"] = 1.0
                v = SIGN_RE.search(s)
                clause_end = re.search(r"[,，。;；]", s[k:])
                if v and k < v.start() and (clause_end is None or k + clause_end.start() > v.start()):
                    f["before_verb"] = 1.0
                elif v and k > v.start():
                    f["after_verb"] = 1.0
            elif any(j == i + 1 for i in signing):
                f["next_after_sign"] = 1.0
            else:
                f["near_sign"] = 1.0
            near = s[max(0, k - 1):k] + s[k + len(m):k + len(m) + 1]
            f["list_member"] = max(f["list_member"], float("、" in near or ";" in near or "；" in near))
            f["project_after"] = max(f["project_after"], float(bool(re.match(r"[^,，。;；]{0,25}?项目", s[k + len(m):]))))
            f["list_intro"] = max(f["list_intro"], float(bool(_LIST_INTRO_RE.search(s[:k]))))
            f["person_title_after"] = max(f["person_title_after"], float(bool(_TITLE_AFTER_RE.match(s[k + len(m):]))))
            f["attendance"] = max(f["attendance"], float(bool(_ATTEND_RE.search(s))))
            f["visit_context"] = max(f["visit_context"], float(bool(VISIT_CUE.search(s))))
            f["talk_context"] = max(f["talk_context"], float(bool(TALK_CUE.search(s)) and j not in signing))
            f["ceremony_word"] = max(f["ceremony_word"], float(bool(_CEREMONY_RE.search(s))))
            f["gov_in_sentence"] = max(f["gov_in_sentence"], float(bool(_GOVWORD_RE.search(s[:k]))))
            f["first_in_sentence"] = max(f["first_in_sentence"], float(k <= 2))
        f["count_of_projects"] = float(any(_COUNT_RE.search(sentences[i]) for i in signing))
        f["future_sign_only"] = float(not signing and bool(any_sign))
        f["dist_inverse"] = 1.0 / (1 + dist)
        f["suffix_legal"] = float(bool(re.search(r"有限(?:责任)?公司$|股份有限公司$", e.name)))
        f["suffix_group"] = float(e.name.endswith(("集团", "集团公司")))
        f["suffix_none"] = float(not _LEGAL_RE.search(e.name) and not e.name.endswith("集团"))
        f["log_mentions"] = math.log1p(len(hits))
        f["in_title"] = float(any(j == 0 for j, _, _ in hits))
        f["log_candidates"] = math.log1p(len(ents))
        f["short_name"] = float(len(e.name) <= 3)
        sign_i = min(signing, key=lambda i: abs(i - best[0])) if signing else None
        out.append({"entity": e, "features": f, "mention_sentence": best[0], "sign_sentence": sign_i,
                    "rule_party": e.name in in_rules or any(m in in_rules for m in men),
                    # the rules read the nearest signing sentence as some agreement already
                    "explained": sign_i is not None and sentences[sign_i] in explained})
    return out


def vector(f: dict) -> list[float]:
    return [f[k] for k in FEATURES]


def weights() -> dict | None:
    """The shipped model (None when party_weights.json is absent: the rules alone then)."""
    return load(WEIGHTS, FEATURES)


_SIDE_KINDS = ("government", "management-committee", "development-zone")
_PLACE_OPEN_RE = re.compile(r"^(?:[\d一二三四五六七八九十]+月[\d一二三四五六七八九十]+日[,，]?)?"
                            r"([\u4e00-\u9fff]{1,5}(?:街道|镇|乡|县|区|市|开发区|高新区|经开区|园区))")


def signing_side(sentence: str, reg: Registry, focus: Entity | None) -> Entity | None:
    """Who signs with the companies of a signing the rules left unread: the government, zone
    or place that is the subject of the signing clause ('乐乡街道集中签约3个项目'), else the
    article's focus party."""
    v = SIGN_RE.search(sentence)
    clause = re.split(r"[,，;；:：]", sentence[:v.start()])[-1] if v else ""
    named = [(clause.rfind(m), e) for e in reg.entities
             if e.label == "Region" or e.label == "Organization" and e.kind in _SIDE_KINDS
             for m in e.mentions if m and len(m) >= 2 and m in clause]
    if named:
        return max(named, key=lambda t: t[0])[1]
    m = _PLACE_OPEN_RE.match(clause)
    if m and m.group(1) not in ("我市", "我县", "我区", "全市", "全县", "全区"):
        return reg.get(m.group(1)) or reg.add(m.group(1), "Region")
    return focus


_LEGAL_TAIL = re.compile(r"(?:集团)?(?:股份)?(?:有限)?(?:责任)?公司$|集团$")


def _short_of_a_party(name: str, agreements: list[dict]) -> bool:
    """'华为公司' beside the party '华为技术有限公司': the same company written short."""
    core = _LEGAL_TAIL.sub("", name)
    return len(core) >= 2 and any(p != name and p.startswith(core) for a in agreements for p in a["parties"])


def learned_agreements(sentences: list[str], reg: Registry, agreements: list[dict],
                       side: Entity | None, model: dict | None = None) -> list[dict]:
    """Agreements for the companies the rules left out that the model calls parties: each
    with the signing side (the article's focus party), the nearest signing sentence as
    ``evidence`` and the sentence naming the company as ``party_evidence``."""
    model = model if model is not None else weights()
    if model is None or not model.get("use", True):
        return []
    out = []
    for c in candidates(sentences, reg, agreements):
        e, f = c["entity"], c["features"]
        if c["rule_party"] or e is side or c["sign_sentence"] is None or _short_of_a_party(e.name, agreements):
            continue
        if model.get("gate") == "unexplained" and c["explained"]:
            continue
        p = probability(f, model)
        if p < model["threshold"]:
            continue
        who = signing_side(sentences[c["sign_sentence"]], reg, side)
        if who is None or who is e:
            continue
        a = {"parties": [who.name, e.name], "type": "协议", "project": None, "status": "signed",
             "implicit_party": who.name, "evidence": sentences[c["sign_sentence"]],
             "amount_cny": None, "learned": round(p, 3)}
        if c["mention_sentence"] != c["sign_sentence"]:
            a["party_evidence"] = sentences[c["mention_sentence"]]
        out.append((c["sign_sentence"], a))
    return [a for _, a in out]
