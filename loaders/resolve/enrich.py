"""Search keys every named node carries: normalised name, full pinyin, pinyin initials."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from pypinyin import Style, lazy_pinyin, phrases_dict, pinyin_dict
from pypinyin.constants import RE_HANS
from pypinyin.seg.simpleseg import seg
from pypinyin.style import convert as convert_style

from loaders.resolve.text import normalize_name as _normalize_name

_HANS_RE = re.compile(RE_HANS.pattern.lstrip("^").rstrip("$").removesuffix("+"))
_HANS_RUNS = re.compile(f"(?:{_HANS_RE.pattern})+|(?:(?!{_HANS_RE.pattern}).)+", re.S)
_ORG_WORDS = ("人民政府", "管委会", "管理委员会", "委员会", "办公室", "招商局", "商务局",
              "发改委", "代表团", "中心", "开发区", "高新区", "园区", "街道", "协会", "商会",
              "研究院", "大学", "学院", "新区")


@lru_cache(maxsize=262_144)
def normalize_name(s: str) -> str:
    """loaders.resolve.text.normalize_name, cached: a load normalises each name several times."""
    return _normalize_name(s)


@lru_cache(maxsize=262_144)
def _word_pinyin(word: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(word, errors="default"))


@lru_cache(maxsize=1)
def _char_table() -> tuple[dict[int, str], dict[str, dict[tuple[int, int], frozenset[str]]]]:
    """(a str.translate table: character -> its toneless pinyin and a space, as pypinyin reads
    it outside a word; {character: {(offset of the character, length): the phrases of
    pypinyin's phrase dictionary of that length holding it at that offset that read it
    differently}}).

    pypinyin reads a character outside the words of its phrase dictionary by its first
    reading; so a character reads differently only inside one of those phrases, and only if
    the phrase occurs in the text there: 重 is zhong except in 重庆 (chong), 长 chang except
    in 长大 (zhang), 厦 sha except in 厦门 (xia), 行 xing except in 银行 (hang). The phrases
    are grouped by (offset, length) so that a name is checked with one slice per group, not
    one comparison per phrase (长 is in 407 of them). Built once."""
    plain = lru_cache(maxsize=None)(lambda s: convert_style(s, style=Style.NORMAL, strict=True))
    first = {chr(cp): plain(readings.split(",")[0])
             for cp, readings in pinyin_dict.pinyin_dict.items()}
    divergent: dict[str, dict[tuple[int, int], set[str]]] = {}
    for phrase, syllables in phrases_dict.phrases_dict.items():
        same_length = len(syllables) == len(phrase)
        for i, c in enumerate(phrase):
            if not same_length or plain(syllables[i][0]) != first.get(c):
                divergent.setdefault(c, {}).setdefault((i, len(phrase)), set()).add(phrase)
    table = {ord(c): syl + " " for c, syl in first.items() if syl and syl.isalnum()}
    return table, {c: {k: frozenset(v) for k, v in groups.items()}
                   for c, groups in divergent.items()}


@lru_cache(maxsize=1)
def _key_tables() -> tuple[dict[int, str], dict[int, str], frozenset[str]]:
    """str.translate tables: character -> its syllable (lower case), -> its initial; and the
    set of the Chinese characters (pypinyin's RE_HANS) the table holds."""
    table, _ = _char_table()
    return ({c: syl[:-1].lower() for c, syl in table.items()},
            {c: syl[0].lower() for c, syl in table.items()},
            frozenset(chr(c) for c in table if _HANS_RE.fullmatch(chr(c))))


def _phrase_changes_reading(run: str) -> bool:
    """Does a phrase that reads one of the characters of `run` (Chinese characters only)
    differently from the table occur in `run` where it holds that character?"""
    _, divergent = _char_table()
    if divergent.keys().isdisjoint(run):
        return False
    n = len(run)
    for j, c in enumerate(run):
        groups = divergent.get(c)
        if groups:
            for (i, length), phrases in groups.items():
                start = j - i
                if start >= 0 and start + length <= n and run[start:start + length] in phrases:
                    return True
    return False


def _table_pinyin(name: str) -> list[str] | None:
    """The syllables of `name` from the per-character table, non-Chinese runs kept whole (as
    pypinyin keeps them); None when a character sits where a phrase that reads it differently
    occurs (only pypinyin's segmentation can tell then) or is not in the table."""
    table, _ = _char_table()
    out: list[str] = []
    for run in _HANS_RUNS.findall(name):
        if not _HANS_RE.match(run):
            out.append(run)
            continue
        if _phrase_changes_reading(run):
            return None
        syllables = run.translate(table).split(" ")
        if len(syllables) != len(run) + 1:  # a character without a reading in the table
            return None
        out += syllables[:-1]
    return out


def _han_keys(name: str) -> tuple[str, str] | None:
    """pinyin_keys of a name made only of Chinese characters the table holds (most names),
    straight from the tables: two str.translate calls; None when the name is not one or a
    phrase changes a reading there (`_table_pinyin` gives None then too)."""
    full_table, initial_table, han = _key_tables()
    if not han.issuperset(name) or _phrase_changes_reading(name):
        return None
    return name.translate(full_table), name.translate(initial_table)


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> tuple[str, str]:
    """('zhaoshangjujituan', 'zsjjt') for 招商局集团; ASCII letters kept, rest dropped.

    The same result as `lazy_pinyin(name)`: names whose characters all have one reading
    whatever word they are in are converted character by character (`_char_table`, most
    names); a name with a character whose reading depends on the word (重庆 chongqing,
    长沙 changsha, 银行 yinhang) is segmented the way pypinyin segments it (forward maximum
    matching on its phrase dictionary) and converted word by word with a per-word cache."""
    keys = _han_keys(name)
    if keys is not None:
        return keys
    syllables = _table_pinyin(name)
    if syllables is None:
        syllables = [s for w in seg(name) for s in _word_pinyin(w)]
    syllables = [s for s in syllables if s.strip()]
    full = "".join(syllables).lower()
    initials = "".join([s[0] for s in syllables if s[:1].isalnum()]).lower()
    return (full if full.isalnum() else "".join(filter(str.isalnum, full))), initials


def search_keys(name: str) -> dict:
    norm = normalize_name(name)
    full, initials = pinyin_keys(norm)
    return {"name_norm": norm, "pinyin": full, "initials": initials}


def name_id(name: str) -> str:
    """Stable id for an entity known only by name: `name:<normalised name>`."""
    norm = normalize_name(name)
    if len(norm) > 120:
        norm = norm[:100] + "~" + hashlib.sha1(norm.encode()).hexdigest()[:12]
    return f"name:{norm}"


def looks_like_organization(name: str) -> bool:
    """Government bodies, parks and platforms, by how Chinese names end (企业 otherwise)."""
    n = normalize_name(name)
    if n.endswith(("公司", "集团", "银行", "股份")):
        return False
    return n.endswith(_ORG_WORDS) or any(w in n for w in ("人民政府", "管委会", "委员会"))


def agreement_id(agreement_type: str | None, date: str | None, parties: list[str]) -> str:
    """Same parties, same date, same type: the same agreement, whichever source reports it."""
    key = "|".join([agreement_type or "", date or "",
                    *sorted({normalize_name(p) for p in parties})])
    return "agr:" + hashlib.sha1(key.encode()).hexdigest()[:16]
