"""One signing written twice, its party named by its full name in one sentence and by a short
form in another (docs/news-extraction.md, "Seventeenth pass").

A headline says `永清与葛洲坝三公司签订…`, the lead `我县与中国葛洲坝集团第三工程有限公司签署…`; a
signing sentence writes `中国农业发展银行(简称农发行)十堰分行`, the rest of the article
`农发行十堰分行`; a headline `江门市农业农村局与江门市供销合作联社签订…`, the text `市农业农村局与
市供销合作联社签订…`. The registry does not link such short forms (they are not prefixes or
suffixes of the full name), so each sentence gave its own agreement: the same signing twice.

    short_form_of(short, full, reg) -> bool
    merge_short_forms(agreements, reg, article) -> agreements, one per signing
"""
from __future__ import annotations

import re

from loaders.news.entities import Registry

_BRACKET_RE = re.compile(r"[(（][^)）]*[)）]")
_GOV_TAIL_RE = re.compile(r"(?:人民)?政府$")
_LEGAL_RE = re.compile(r"(?:有限责任|股份有限|有限)公司$")


def _plain(name: str) -> str:
    return _BRACKET_RE.sub("", name)


def _in_order(short: str, full: str) -> bool:
    it = iter(full)
    return all(c in it for c in short)


def _without_region(name: str, reg: Registry) -> str:
    """``name`` without a registered region written at its start (滨州市华滨聚成公司 -> 华滨聚成公司)."""
    heads = [m for e in reg.by_label("Region") for m in e.mentions if m and name.startswith(m) and len(name) - len(m) >= 4]
    return name[len(max(heads, key=len)):] if heads else name


def _gaps(short: str, full: str) -> int | None:
    """The fewest runs of ``full``'s characters left out when ``short`` is read in it in order,
    first and last characters kept (None when it cannot be read so)."""
    if not short or short[0] != full[0] or short[-1] != full[-1]:
        return None
    best: dict[tuple[int, int], int | None] = {}

    def go(i: int, j: int) -> int | None:  # short[i:] read in full[j:], full[j - 1] kept
        if (i, j) not in best:
            if i == len(short):
                best[i, j] = 0 if j == len(full) else None
            else:
                ways = [g + (k > j) for k in range(j, len(full)) if full[k] == short[i]
                        for g in [go(i + 1, k + 1)] if g is not None]
                best[i, j] = min(ways) if ways else None
        return best[i, j]

    return go(0, 0)


def abbreviation_of(short: str, full: str) -> bool:
    """``short`` abbreviates ``full`` word by word (省文旅集团 / 河南省文化旅游投资集团 with its
    place set aside, 中行温州分行 / 中国银行温州市分行, 中交集团 / 中国交通建设集团有限公司 with its legal
    form set aside): ``full``'s characters in order, the first and
    the last two kept, at least two runs left out. One run left out is a parent beside its
    subsidiary (电气集团 / 电气环保集团), not a short form; a leading 省/市/县/区 is the article's own
    place."""
    s = re.sub(r"^[省市县区](?=.{4})", "", short)
    if not _LEGAL_RE.search(s):  # 中交集团 / 中国交通建设集团有限公司: the legal form is no word of the name
        full = _LEGAL_RE.sub("", full)
    gaps = _gaps(s, full) if len(s) >= 4 and s[-2:] == full[-2:] else None
    return gaps is not None and gaps >= 2


def short_form_of(short: str, full: str, reg: Registry) -> bool:
    """``short`` is a short form of ``full``: the full name with a registered entity's name
    replaced by its short form (中国农业发展银行十堰分行 -> 农发行十堰分行, 农发行 a mention of
    中国农业发展银行), or a company's abbreviation without its legal form: a name ending in 公司
    whose characters are the full name's, in order, its first two written together there, the
    full name ending in 有限公司 (华滨聚成公司 / 华滨聚成环保科技有限公司, 葛洲坝三公司 /
    中国葛洲坝集团第三工程有限公司; not 电气集团 / 电气环保集团, a parent and its subsidiary).
    Brackets and a leading region are left out."""
    s, f = _without_region(_plain(short), reg), _without_region(_plain(full), reg)
    if len(s) >= len(f) or s in f:
        return False
    for e in reg.entities:
        if e.name in f and any(m != e.name and len(m) >= 2 and f.replace(e.name, m) == s for m in e.mentions):
            return True
    return bool(_LEGAL_RE.search(f)) and s.endswith("公司") and not _LEGAL_RE.search(s) and len(s) >= 4 \
        and s[:2] in f and _in_order(s, f)


def _of_the_place(short: str, full: str, reg: Registry) -> bool:
    """``short`` is ``full`` written for the article's own place: 市农业农村局 for 江门市农业农村局
    (江门市 a registered place ending in the 市 that opens the short form)."""
    head = full[:len(full) - len(short) + 1]
    return len(short) >= 3 and short[0] in "省市县区" and full.endswith(short[1:]) and head.endswith(short[0]) \
        and any(head in (e.name, *e.mentions) for e in reg.by_label("Region"))


def _relation(p: str, q: str, reg: Registry) -> str | None:
    """How two names of one side relate: 'same' (竹山县 / 竹山县人民政府), 'place' (``_of_the_place``),
    'short' (``short_form_of``), or None (two parties)."""
    if _GOV_TAIL_RE.sub("", p) == _GOV_TAIL_RE.sub("", q):
        return "same"
    if _of_the_place(p, q, reg) or _of_the_place(q, p, reg):
        return "place"
    if short_form_of(p, q, reg) or short_form_of(q, p, reg):
        return "short"
    p_, q_ = _without_region(_plain(p), reg), _without_region(_plain(q), reg)
    if abbreviation_of(p_, q_) or abbreviation_of(q_, p_):
        return "abbreviation"
    return None


def _named(p: str, q: str, rel: str, article: str) -> str:
    """The name a merged side keeps: of a short form and its full name, the one the article writes
    more often (the longer when as often); else the longer (江门市农业农村局, not 市农业农村局)."""
    if rel != "short":
        return max(p, q, key=len)
    return max(p, q, key=lambda n: (article.count(n), len(n)))


def merge_short_forms(agreements: list[dict], reg: Registry, article: str) -> list[dict]:
    """One agreement per signing: a later agreement whose sides are, one by one, the sides
    of an earlier one (``_sides``), short forms of them (``short_form_of``) or their names for the
    article's own place (``_of_the_place``), and whose date does not differ, is merged into it, its
    sides named by ``_named``; the type, project, amount and the party's sentence are kept where
    the first had none."""
    out: list[dict] = []
    for new in agreements:
        new["parties"] = _sides(new["parties"])  # '镇江市政府与…': 镇江市 beside 镇江市政府 is one side
        for a in out:
            if a.get("date") and new.get("date") and a["date"] != new["date"]:
                continue
            pairs = _pairing(_sides(a["parties"]), _sides(new["parties"]), reg)
            if pairs is None or all(rel == "same" for _, _, rel in pairs):
                continue
            a["parties"] = [_named(p, q, rel, article) for p, q, rel in pairs]
            if a.get("type") == "协议" and new.get("type") != "协议":
                a["type"] = new["type"]
            for k in ("date", "project", "amount_cny", "party_evidence"):
                a[k] = a.get(k) or new.get(k)
            break
        else:
            out.append(new)
    return out


def _sides(parties: list[str]) -> list[str]:
    """One name per side: 竹山县 beside 竹山县人民政府 is the same side (the longer kept)."""
    out: list[str] = []
    for p in sorted(parties, key=len, reverse=True):
        if all(_GOV_TAIL_RE.sub("", p) != _GOV_TAIL_RE.sub("", q) for q in out):
            out.append(p)
    return [p for p in parties if p in out]


def _pairing(ps: list[str], qs: list[str], reg: Registry) -> list[tuple[str, str, str]] | None:
    """Each of ``ps`` with the one of ``qs`` naming the same side and how (``_relation``), or None."""
    if len(ps) != len(qs):
        return None
    rest, pairs = list(qs), []
    for p in ps:
        q = next((q for q in rest if _relation(p, q, reg)), None)
        if q is None:
            return None
        rest.remove(q)
        pairs.append((p, q, _relation(p, q, reg)))
    return pairs
