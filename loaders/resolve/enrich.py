"""Search keys every named node carries: normalised name, full pinyin, pinyin initials."""
from __future__ import annotations

import hashlib
from functools import lru_cache

from pypinyin import lazy_pinyin
from pypinyin.seg.simpleseg import seg

from loaders.resolve.text import normalize_name as _normalize_name

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


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> tuple[str, str]:
    """('zhaoshangjujituan', 'zsjjt') for 招商局集团; ASCII letters kept, rest dropped.

    pypinyin segments a name (forward maximum matching on its phrase dictionary) and converts
    each word on its own, so converting word by word with a per-word cache gives the same
    result as `lazy_pinyin(name)` at a fraction of the cost (names share most words)."""
    syllables = [s for w in seg(name) for s in _word_pinyin(w) if s.strip()]
    full = "".join(s for s in syllables).lower()
    initials = "".join(s[0] for s in syllables if s[:1].isalnum()).lower()
    return "".join(c for c in full if c.isalnum()), initials


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
