"""One side of a signing written as a list in the genre's other ways (docs/news-extraction.md,
"Sixteenth pass"). The 顿号 list (A、B与C签约, 与A、B、C三家企业签约) is read by the party slot;
these are the forms it does not see:

    雅安与A大学,B学院,C学院五所高校签署…        the list written with commas (mixed punctuation):
    A有限公司,B有限公司与C签订…                  the clause before the verb holds only the last item
    X还与3家企业签订合作协议,分别是A、B和C        a count for the side, its names after the verb
    X集中签约3个项目。分别是:A公司…项目;…B公司…项目  a count of projects, the projects listed after
    新会、台山与…知名招商服务机构签订三方合作协议  the listed side faces a description, not a name
    与鲁信、泉盛两家企业签约                       short forms of the legal names given elsewhere

``comma_list`` widens the signing clause over the comma-separated names before it;
``named_count`` replaces a counted side with the names the sentence lists after the verb;
``project_owners_listed`` finds the companies whose names the listed projects carry;
``described_other_side`` reads the listed parties as the signers when the other side is a
description and the agreement counts their sides (三方 for two listed parties); ``full_name``
gives a listed short form its legal name. The party slot (events.py) then reads the side as
before, so every agreement keeps its evidence sentence; its mechanism is ``list``.
"""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.news.entities import Entity, Registry, clean_item, core, has_suffix, name_like, split_items

_COMMA = ",，"
_PARTY_LABELS = ("Company", "Organization", "Region")
# the count closing a listed side: '五所高校', '等三家企业', '两家公司'
_COUNT = r"(?:等)?[\d一二两三四五六七八九十]+(?:家|所|个|位)"
_COUNT_TAIL = re.compile(rf"{_COUNT}[^、,，与和及]{{0,6}}$")
# a side that is only a count: '3家企业', '五所高校', '多家金融机构'
_COUNT_SIDE = re.compile(rf"(?<=[与同跟和])(?:{_COUNT}|多家|数家)[^、,，与和及]{{0,6}}$")
_COUNT_LEFT = re.compile(rf"(?:{_COUNT}|多家|数家)[^、,，与和及]{{0,6}}?(?=[与同跟])")
_NAMES_AFTER = re.compile(r"^(?:分别是|分别为|包括|即|为)[:：]?")


def whole_name(text: str, reg: Registry, closing: bool = False) -> bool:
    """Is ``text`` nothing but one party's name: registered as written, or a name with a
    company or organisation suffix (not a person)? Nothing is added to the registry. A
    connector inside (与/同/跟) makes it two sides ('X分别与A公司'), unless ``closing``: the item
    the list's count closes ('…信息与软件工程学院五所高校')."""
    item = text.strip(" \u3000")
    if not item or len(item) > 30 or clean_item(item) != item or nn.looks_like_person(item) \
            or len(split_items(item)[0]) != 1:  # 'A公司和B公司': two names
        return False
    e = reg.get(item)
    if e is not None:
        return e.label in _PARTY_LABELS and item in e.mentions
    return has_suffix(item) and name_like(item) and (closing or not re.search(r"[与同跟]", item))


def _closing_item(clause: str, reg: Registry) -> bool:
    """The clause is one name closed by the list's count ('电子科技大学信息与软件工程学院五所高校'):
    a connector inside it belongs to the name."""
    m = _COUNT_TAIL.search(clause)
    return bool(m) and whole_name(clause[:m.start()], reg, closing=True)


def _opens_with_name(clause: str, reg: Registry) -> bool:
    """The clause's first item (up to a connector, a list mark or a count) is a whole name."""
    head = re.split(r"[与同跟和及、等]|" + _COUNT, clause, maxsplit=1)[0]
    return _closing_item(clause, reg) or whole_name(head, reg)


def comma_list(sentence: str, start: int, end: int, reg: Registry, connector) -> int:
    """Where the signing clause ``sentence[start:end]`` (``end``: the signing verb) begins once the names written before it
    with commas are taken in as items of its list ('与A,B,C五所高校签署' reads as '与A、B、C…').

    The clause must open with a whole name; before it, each comma-separated segment must be a
    whole name (``whole_name``), and the run ends at a segment that is not one. It is a list when
    it faces another side: either the segment before the run ends with '与/同/跟' and a whole name
    (the list is the right side) and the clause itself has no connector, or the clause holds the
    connector (the run and the clause's first name are the left side). ``connector`` finds a
    connector outside registered names (events._connector). Returns ``start`` unchanged when not."""
    if start < 2 or sentence[start - 1] not in _COMMA:
        return start
    clause = sentence[start:end]
    if not _opens_with_name(clause, reg):
        return start
    own = connector(clause, reg) is not None and not _closing_item(clause, reg)
    at, items = start, 0
    while at >= 2 and sentence[at - 1] in _COMMA:
        seg_start = _segment_start(sentence, at - 1)
        seg = sentence[seg_start:at - 1]
        if whole_name(seg, reg):
            at, items = seg_start, items + 1
            continue
        cut = connector(seg, reg)
        if not own and cut is not None and seg[cut] in "与同跟" and whole_name(seg[cut + 1:], reg):
            return seg_start  # 'X与A,B,C签订': the run is the rest of X's right side
        break
    return at if own and items else start


def _segment_start(sentence: str, end: int) -> int:
    i = end
    while i > 0 and sentence[i - 1] not in _COMMA + "。；;：:！？!?":
        i -= 1
    return i


def as_items(text: str) -> str:
    """The widened clause with its list's commas written as 顿号 (the party slot's list mark)."""
    return re.sub(f"[{_COMMA}]", "、", text)


def named_count(body: str, rest: str, reg: Registry) -> str:
    """A side that is a count ('X还与3家企业', '3家企业与X') followed, after the verb's clause, by
    ',分别是A、B和C' (or 'A,B,C'): the side is the names. ``body`` unchanged unless every listed
    item is a whole name."""
    m = _COUNT_SIDE.search(body) or _COUNT_LEFT.match(body)
    if m is None:
        return body
    parts = re.split(f"[{_COMMA}]", re.split(r"[。；;！？!?]", rest, maxsplit=1)[0])
    listed = _NAMES_AFTER.sub("", parts[1].strip()) if len(parts) > 1 else ""
    if not listed or listed == parts[1].strip():
        return body
    items = [x for x in re.split(r"、|以及|和|及", listed) if x]
    for more in parts[2:]:  # '分别是A,B,C': the list goes on over commas while each part is a name
        if not whole_name(more, reg):
            break
        items.append(more.strip())
    if len(items) < 2 or not all(whole_name(x, reg) for x in items):
        return body
    return body[:m.start()] + "、".join(items) + body[m.end():]


_DESCRIBED = re.compile(r"(?:机构|企业|公司|单位|高校|院校|银行|平台|团队|客商|投资方)$")
_SIDES = {"三": 3, "四": 4, "五": 5, "3": 3, "4": 4, "5": 5}


def described_other_side(left: list[Entity], right_txt: str, sentence: str) -> bool:
    """'新会、台山与深圳市知名产业招商服务机构签订三方合作协议': the other side is a description
    (no name; a kind of party), and the agreement's count of sides is the listed parties and
    that one: the listed parties are the agreement's named parties."""
    if len(left) < 2 or not _DESCRIBED.search(right_txt.strip()):
        return False
    m = re.search(r"(?:签订|签署|签约|订立)[^,，。]{0,4}?([三四五345])方", sentence)
    return bool(m) and _SIDES[m.group(1)] == len(left) + 1


# the signing's object is a count of projects: '集中签约3个招商引资项目', '签约了5个项目'
_PROJECT_COUNT = re.compile(r"^了?[\d一二两三四五六七八九十]+(?:个|项)[^,，。；;、]{0,8}?项目")
_LIST_OPENS = re.compile(r"^(?:签约项目|项目)?(?:分别是|分别为|包括|依次是)[:：]?")


def project_owners_listed(after: str, rest: str, following: str, reg: Registry) -> tuple[list[Entity], str | None]:
    """'乐乡街道集中签约3个招商引资项目。分别是:A…项目;建设…的B公司…项目': the signing names a
    count of projects, and the list that follows (in the sentence, after the verb's clause, or in
    the next sentence) names them; each project that carries a company's name is that company's.
    Returns (the companies in order, the list's sentence when it is ``following``)."""
    if not _PROJECT_COUNT.match(after):
        return [], None
    here = re.split(f"[{_COMMA}]", rest, maxsplit=1)
    here = here[1].strip() if len(here) > 1 else ""
    text, source = (here, None) if _LIST_OPENS.match(here) else (following.strip(), following)
    m = _LIST_OPENS.match(text)
    if not m:
        return [], None
    out: list[Entity] = []
    for piece in re.split(r"[;；,，。、]", text[m.end():]):
        if not piece.endswith("项目"):
            continue  # a description's clause ('建设2条…生产线'), not an item
        at = [(piece.find(men), e) for e in reg.by_label("Company") for men in e.mentions
              if men and len(men) >= 4 and men in piece]
        if at:
            owner = min(at, key=lambda t: t[0])[1]
            if owner not in out:
                out.append(owner)
    return out, source if out else None


_LEGAL = re.compile(r"有限(?:责任)?公司$")
_NOT_SHORT = re.compile(r"(?:集团|[省市县区镇乡州旗]|新区|园区|开发区)$")


def _brand(name: str) -> str:
    """A company's name without its legal or group suffix and its leading place (山东鲁信新能源集团
    有限公司 -> 鲁信新能源; 济南泉盛 -> 泉盛)."""
    c = core(name)
    lookup = nn.region_lookup()
    for n in (5, 4, 3, 2):
        if len(c) - n >= 2 and (lookup.get(c[:n]) if lookup is not None else re.fullmatch(r".{1,3}[省市县]", c[:n])):
            return c[n:]
    return c


def full_name(e: Entity, reg: Registry) -> Entity:
    """A party written by a short form (鲁信, 鲁信公司, 山东鲁信, 泉盛化工) stands for the one company
    of the article whose legal name begins with it (山东鲁信新能源集团有限公司); ``e`` itself when it
    is a legal name, a group (临港集团 is not its listed company 临港控股; the registry matches a
    group's short form), a place or zone (天府新区), not a company, or fits no company or several."""
    if e.label != "Company" or _LEGAL.search(e.name) or _NOT_SHORT.search(e.name):
        return e
    brand = _brand(e.name)
    if len(brand) < 2:
        return e
    fits = [f for f in reg.by_label("Company") if f is not e and _LEGAL.search(f.name) and _brand(f.name).startswith(brand)]
    return fits[0] if len(fits) == 1 else e
