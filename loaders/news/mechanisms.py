"""Which mechanism of the rules produced each agreement, and the per-mechanism decision.

Every agreement ``kg extract`` emits carries ``mechanism`` (docs/news-extraction.md,
"Thirteenth pass"). The label is read from how the sentence loop produced the agreement
(``_via``: clause, focus, coreference, ceremony; ``_src``: settled) and from the article's
other agreements, its title and its sentences, so the same function labels the output of
today's rules and of earlier commits (``mechanism_eval``: the blind-era views):

    clause       both sides named around the signing verb, one pair from the sentence
    fenbie       one signing sentence read as several pairs (分别与A、B签约; A与B、C与D分别签署)
    multi_party  one agreement of three or more parties (A、B与C签约; 三方签署)
    headline     read from the title, and no other signing sentence names its key party
    coreference  双方/三方/两地/两大经开区 referring back to the last pair named
    subject      the clause has no subject; the sentence's subject is one side (subject.py:
                 'X代表A参加…,与B签署', '鲁月参加…,与B签订' with 鲁月 named earlier as A's officer)
    list         one side written as a list the party slot does not see (lists.py: '与A,B,C五所高校
                 签署', '与3家企业签订…,分别是A、B和C', 'A、B与…服务机构签订三方合作协议')
    focus        the article's focus party as the unnamed side (与X签订), one company
    focus_list   the focus party paired with each company of a list (A、B等企业现场签约)
    settled      A、B等纷纷落户 in an article about the focus party's signing ceremony
    ceremony     the ceremony fallback: no signing sentence names a pair; each company named
                 in a signing sentence is paired with the focus party
    learned      added by the (unused) learned party model
"""
from __future__ import annotations

import re

from loaders.news.entities import core
from loaders.news.signing import SIGN_RE

MECHANISMS = ("clause", "fenbie", "multi_party", "headline", "coreference", "subject", "list", "focus",
              "focus_list", "settled", "ceremony", "learned")
_GOV_TAIL = re.compile(r"(?:[省市县区镇乡州旗]|街道|(?:人民)?政府|管委会|委员会)$")

# The decision of the thirteenth pass (docs/news-extraction.md): mechanisms switched off, and
# mechanisms kept only under a restriction (name -> the restriction's name, see ``restricted``).
OFF: frozenset[str] = frozenset()
RESTRICTED: dict[str, str] = {}
REASON = "机制停用({mechanism}:盲测输出精度不足)"


def _source(a: dict) -> str:
    if a.get("learned"):
        return "learned"
    return a.get("_src") or a.get("_via") or ("coreference" if a.get("party_evidence") and not a.get("implicit_party")
                                               else "focus" if a.get("implicit_party") else "clause")


def key_party(parties: list[str]) -> str:
    """The party the scorer matches on: the first not written as a government, else the last."""
    return next((p for p in parties if not _GOV_TAIL.search(p)), parties[-1])


def _stem(name: str) -> str:
    c = core(name)
    return c[:4] if len(c) >= 4 else c


def restated(a: dict, sentences: list[str], title: str | None) -> bool:
    """Does a signing sentence other than the title name ``a``'s key party?"""
    st = _stem(key_party(a["parties"]))
    return any(s != title and s != a.get("evidence") and SIGN_RE.search(s) and st in s for s in sentences)


def label(a: dict, agreements: list[dict], sentences: list[str], title: str | None) -> str:
    """The mechanism that produced ``a`` (one of MECHANISMS), among the article's ``agreements``."""
    src = _source(a)
    if src in ("ceremony", "settled", "coreference", "subject", "list", "learned"):
        return src
    ev = a.get("evidence")
    same = [b for b in agreements if b.get("evidence") == ev and _source(b) == src]
    if src == "focus":
        return "focus_list" if len(same) >= 2 else "focus"
    if title and ev and ev.strip() == title.strip() and not restated(a, sentences, title):
        return "headline"
    if len(a["parties"]) >= 3:
        return "multi_party"
    if len(same) >= 2:
        return "fenbie"
    return "clause"


def label_all(agreements: list[dict], sentences: list[str], title: str | None) -> list[str]:
    return [label(a, agreements, sentences, title) for a in agreements]


def restricted(name: str, a: dict, agreements: list[dict], labels: list[str]) -> bool:
    """Does ``a`` (labelled ``agreements``/``labels``) pass the restriction ``name``?

    ``one_company``: the ceremony fallback only when it pairs exactly one company in the article.
    """
    if name == "one_company":
        return sum(lab == "ceremony" for lab in labels) == 1
    raise ValueError(f"unknown restriction {name!r}")


def decide(agreements: list[dict], labels: list[str], off=None, restrict=None) -> list[bool]:
    """Keep (True) or drop each agreement under the per-mechanism decision (``off``/``restrict``
    default to the shipped OFF/RESTRICTED)."""
    off = OFF if off is None else off
    restrict = RESTRICTED if restrict is None else restrict
    return [lab not in off and (lab not in restrict or restricted(restrict[lab], a, agreements, labels))
            for a, lab in zip(agreements, labels)]
