"""Industries named in a news article: the caller's Industry gazetteer entries, phrases
ending in 产业 (新能源产业, 健康食品产业), and lists typed by 等重点产业 / 等领域."""
from __future__ import annotations

import re

from loaders.news import names as nn
from loaders.resolve.text import CJK

_INDUSTRY_RE = re.compile(rf"[{CJK}A-Za-z]{{2,12}}?产业(?!园|链|基金|结构|项目|布局|招商|地图|层次|基础|合作|对接|集群|联盟)")
_INDUSTRY_LIST_RE = re.compile(r"([^，,。；;:：]{2,200}?)等(?:重点|新兴|优势|主导|特色|多个|相关)?(?:产业|领域|行业)")
_BAD_INDUSTRY = re.compile(r"^(?:重点|新兴|优势|主导|特色|相关|传统|新型|现代|各|该|本)?(?:产业)?$")


def scan_industries(text: str, reg) -> None:
    """Add Industry entities found in ``text`` to the registry ``reg``."""
    for k in reg.known:
        if k.label == "Industry":
            for alias in k.aliases:
                if len(alias) >= 2 and alias in text:
                    reg.add(k.name, "Industry", known=k).mention(alias)
    for m in _INDUSTRY_RE.finditer(text):
        name = nn.trim_industry(m.group(0))
        if not _BAD_INDUSTRY.match(name) and len(name) >= 4 and "行业" not in name:
            reg.add(name, "Industry")
    for m in _INDUSTRY_LIST_RE.finditer(text):
        for item in m.group(1).split("、"):
            item = nn.trim_industry(item.strip())
            if (2 <= len(item) <= 12 and re.fullmatch(rf"[{CJK}A-Za-z与和]+", item)
                    and "等" not in item and not nn.resolve_place(item)):  # '…广州、深圳等地区的产业'
                reg.add(item, "Industry")
