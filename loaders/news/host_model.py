"""A small learned decision: was this company, body or place visited (a visit host)?

The visit rules (visits.py) read hosts from the slot after a known verb. On articles they were
not written against they miss hosts reached by a verb outside their lists (顺访了, 转战X),
talks written `与X就…进行沟通` on a trip, lists ending in 项目, a place named once. This module
scores every entity of an article named in a sentence with a visit, trip, talk or reception
cue, with a logistic regression over features of *where* it stands — after a visit / trip verb,
after `了`, a talk partner after 与/同, the subject before 一行/带队 (the visiting side), after
会见/接待 (a guest), in a list, a person's title after it, its kind (company, site, place,
province, the home place) — and adds a visit for each entity the rules did not make a host
whose probability reaches the threshold. The visitor is the one of the rules' visit nearest
before it (None when there is none). Weights: ``host_weights.json``, written by
``python -m loaders.news.train_models`` (docs/news-extraction.md, "Seventh pass").
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from loaders.news.entities import Registry
from loaders.news.learned import TALK_CUE, VISIT_CUE, load, mention_hits, probability
from loaders.news.visits import GENERIC_SITE

WEIGHTS = Path(__file__).with_name("host_weights.json")

FEATURES = (
    "bias", "after_visit_verb", "after_trip_verb", "after_le", "talk_partner", "before_yixing",
    "after_reception", "subject_of_reception", "list_member", "person_title_after",
    "company", "organization", "site", "region", "province", "home", "in_title", "log_mentions",
    "article_trip", "same_sentence_rule_host", "sentence_has_cue", "first_in_clause",
    "project_after", "log_distance",
)

_TRIP_RE = re.compile(r"前往|来到|抵达|飞抵|转抵|奔赴|转战|赶赴|赴|到达|走进|深入|莅临")
_RECEIVE_RE = re.compile(r"会见|接待|欢迎|迎接|宴请")
_CUE_RE = re.compile("|".join(p.pattern for p in (VISIT_CUE, _TRIP_RE, TALK_CUE, _RECEIVE_RE)))
_TITLE_AFTER_RE = re.compile(r"^[^,，。;；、]{0,8}?(?:董事长|总经理|总裁|副总|负责人|书记|市长|县长|区长|主任|局长|部长|院士|教授)")
_YIXING_RE = re.compile(r"^[^,，。;；]{0,12}?(?:一行|带队|率队|率团|带领|考察团|代表团|调研组)")
_PROVINCE_RE = re.compile(r"(?:省|自治区)$")


def _clause(s: str, k: int) -> str:
    """The clause before offset ``k``."""
    return re.split(r"[,，。;；:：]", s[:k])[-1]


def candidates(sentences: list[str], reg: Registry, visits: list[dict]) -> list[dict]:
    ents = [e for e in reg.entities if e.label in ("Company", "Organization", "Region")]
    hosts = {v["host"] for v in visits} | {v.get("host_name") for v in visits if v.get("host_name")}
    rule_sentences = {}
    for v in visits:
        rule_sentences.setdefault(v.get("evidence"), []).append(v)
    home = (reg.home or {}).get("name")
    trip = any(_TRIP_RE.search(s) for s in sentences)
    hits_of = mention_hits(sentences, ents)
    out = []
    for e in ents:
        hits = [h for h in hits_of[id(e)] if _CUE_RE.search(sentences[h[0]])]
        if not hits:
            continue
        f = dict.fromkeys(FEATURES, 0.0)
        f.update(bias=1.0, sentence_has_cue=1.0, article_trip=float(trip),
                 company=float(e.label == "Company"), region=float(e.label == "Region"),
                 organization=float(e.label == "Organization" and e.kind != "site"),
                 site=float(e.label == "Organization" and e.kind == "site"),
                 province=float(e.label == "Region" and bool(_PROVINCE_RE.search(e.name))),
                 home=float(bool(home) and e.name == home),
                 in_title=float(any(j == 0 for j, _, _ in hits_of[id(e)])),
                 log_mentions=math.log1p(len(hits_of[id(e)])))
        dist = 99
        for j, k, m in hits:
            s, clause, after = sentences[j], _clause(sentences[j], k), sentences[j][k + len(m):]
            for name, rx in (("after_visit_verb", VISIT_CUE), ("after_trip_verb", _TRIP_RE),
                             ("after_reception", _RECEIVE_RE)):
                v = list(rx.finditer(s[:k]))
                if v:
                    f[name] = 1.0
                    dist = min(dist, k - v[-1].end())
            f["after_le"] = max(f["after_le"], float(s[max(0, k - 1):k] == "了"))
            f["talk_partner"] = max(f["talk_partner"], float(bool(re.search(r"(?:与|同|和|跟)$", s[:k]))
                                                            and bool(TALK_CUE.search(after.split("。")[0]))))
            f["before_yixing"] = max(f["before_yixing"], float(bool(_YIXING_RE.match(after))))
            f["subject_of_reception"] = max(f["subject_of_reception"], float(bool(_RECEIVE_RE.search(
                re.split(r"[,，。;；]", after)[0]))))
            near = s[max(0, k - 1):k] + after[:1]
            f["list_member"] = max(f["list_member"], float("、" in near or after[:1] in "和及"))
            f["person_title_after"] = max(f["person_title_after"], float(bool(_TITLE_AFTER_RE.match(after))))
            f["first_in_clause"] = max(f["first_in_clause"], float(not clause.strip()))
            f["project_after"] = max(f["project_after"], float(bool(re.match(r"[^,，。;；]{0,12}?项目", after))))
            f["same_sentence_rule_host"] = max(f["same_sentence_rule_host"], float(s in rule_sentences))
        f["log_distance"] = math.log1p(min(dist, 60))
        out.append({"entity": e, "features": f, "sentence": hits[0][0],
                    "rule_host": e.name in hosts or any(m in hosts for m in e.mentions)})
    return out


def _sane(name: str) -> bool:
    """A name, not a cut-off clause (调研进一步加深了集团) nor a generic site (企业产品展示中心)."""
    return not (_CUE_RE.search(name) or "了" in name or GENERIC_SITE.match(name)
                or re.match(r"^(?:企业|公司|集团)", name))


def weights() -> dict | None:
    return load(WEIGHTS, FEATURES)


def learned_visits(sentences: list[str], reg: Registry, visits: list[dict],
                   model: dict | None = None) -> list[dict]:
    """Visits to the entities the rules did not make hosts that the model calls hosts."""
    model = model if model is not None else weights()
    if model is None or not model.get("use", True):
        return []
    out = []
    for c in candidates(sentences, reg, visits):
        e = c["entity"]
        if c["rule_host"] or any(e.name in (v.get("visitor") or "") for v in visits) or not _sane(e.name):
            continue
        p = probability(c["features"], model)
        if p < model["threshold"]:
            continue
        s = sentences[c["sentence"]]
        before = [v for v in visits if v.get("evidence") in sentences[:c["sentence"] + 1]]
        v = {"visitor": before[-1]["visitor"] if before else None, "host": e.name, "host_label": e.label,
             "verb": "learned", "evidence": s, "learned": round(p, 3)}
        if e.label == "Region":
            v.update(host=next((m for m in sorted(e.mentions, key=len, reverse=True) if m in s), e.name),
                     host_name=e.name, host_code=e.code)
        out.append(v)
    return out
