"""The real world the generator draws from: cities with their counties, GB/T divisions, and
industry-chain links, plus synthetic names. Nothing here is invented data about real bodies:
regions and industries are the shipped reference data, names are made up and flagged.
"""
from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.reference.industries import CHAINS_DIR, TOP_FILE, read_csv
from loaders.reference.regions import admin_regions, clusters, resolve_region

# Characters used to compose synthetic brand names (字号); any three make a plausible 字号.
BRAND_CHARS = ("恒瑞华泰鑫达盛源隆宏信安嘉诚丰德润通明远昌盈晟凯博汇鼎立新科创智航海天"
               "宇星辰光耀中正金银晶彩金锐锦铭祥福禧康泽浩瀚澜沣淳清雅逸越卓睿哲思维"
               "益广阔辉煌腾飞骏驰启航致诚联合力众兴旺永久长青松柏林森峰岭岳川江河湖"
               "晨曦朝阳春秋北南东西鹏程亿万千百合和谐美佳优良精工匠品质新远方正大")
SUFFIXES = ("有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司")


@dataclass
class City:
    code: str
    name: str
    province: str              # province name ('' when the city is a municipality itself)
    counties: list[str]        # county names that resolve uniquely inside the city
    weight: float = 1.0        # share of the economy (Zipf by a seeded rank, clusters boosted)
    specialties: list[str] = field(default_factory=list)   # GB/T division codes, e.g. C39
    short: str = ""


def _unique(seq):
    return list(dict.fromkeys(seq))


@lru_cache(maxsize=1)
def _brand_chars() -> str:
    return "".join(_unique(BRAND_CHARS))


def brand(i: int, width: int = 3) -> str:
    """A unique 字号 for each i (bijective base-len(BRAND_CHARS) digits, scrambled)."""
    chars = _brand_chars()
    b = len(chars)
    space = b ** width
    x = (i * 7_919_993 + 12_345) % space  # 7919993 is prime, coprime with the base
    out = []
    for _ in range(width):
        x, d = divmod(x, b)
        out.append(chars[d])
    return "".join(out)


def brand_capacity(width: int = 3) -> int:
    return len(_brand_chars()) ** width


def industry_word(name: str) -> str:
    """A short trade word for a division name: 计算机、通信和其他电子设备制造业 -> 计算机."""
    word = re.split(r"[、，和及与（(]", name)[0]
    for suffix in ("制造业", "加工业", "服务业", "业"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            word = word[: -len(suffix)]
            break
    return word[:6]


@lru_cache(maxsize=1)
def divisions() -> list[dict]:
    """[{code: 'C39', name, word, section}] for the 97 GB/T 4754-2017 divisions."""
    return [{"code": r["section"] + r["code"], "name": r["name"], "section": r["section"],
             "word": industry_word(r["name"])}
            for r in read_csv(TOP_FILE) if r["level"] == "2"]


@lru_cache(maxsize=1)
def chain_links() -> dict[str, list[str]]:
    """Division -> divisions one chain step away (up- or downstream), from the shipped chains."""
    seg_div = {(s["chain"], s["code"]): s["gbt_divisions"].split(";")
               for s in read_csv(CHAINS_DIR / "segments.csv")}
    links = read_csv(CHAINS_DIR / "links.csv")
    out: dict[str, set] = {}
    for link in links:
        ups = seg_div.get((link["chain"], link["upstream"]), [])
        downs = seg_div.get((link["chain"], link["downstream"]), [])
        for u, d in itertools.product(ups, downs):
            if u != d:
                out.setdefault(u, set()).add(d)
                out.setdefault(d, set()).add(u)
    return {k: sorted(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def cluster_members() -> dict[str, list[str]]:
    """Economic-area code -> member prefecture / municipality codes (shipped, sourced)."""
    return {code: [m["member_code"] for m in c["members"] if m.get("member_code")]
            for code, c in clusters().items()}


def cities(rng: random.Random) -> list[City]:
    """Prefecture-level cities and the four municipalities, each with counties that the
    loader resolves back to the same codes (checked here, so no generated row is rejected)."""
    admin = admin_regions()
    kids: dict[str, list[str]] = {}
    for r in admin.values():
        if r["parent"]:
            kids.setdefault(r["parent"], []).append(r["code"])
    out = []
    for r in sorted(admin.values(), key=lambda r: r["code"]):
        muni = r["level"] == "province" and r["name"].endswith("市") and r["code"][:2] in (
            "11", "12", "31", "50")
        if not (r["level"] == "prefecture" or muni):
            continue
        prov = "" if muni else admin.get(r["parent"] or "", {}).get("name", "")
        if resolve_region(r["name"], within=r["parent"]) != r["code"] and \
                resolve_region(r["name"]) != r["code"]:
            continue
        counties = [admin[k]["name"] for k in kids.get(r["code"], [])
                    if resolve_region(admin[k]["name"], within=r["code"]) == k]
        if counties:
            out.append(City(r["code"], r["name"], prov, counties,
                            short=(r["aliases"] or [r["name"]])[-1][:3]))
    _weigh(rng, out)
    return out


def _weigh(rng: random.Random, out: list[City]) -> None:
    """Zipf weights over a seeded ranking; municipalities and economic-area members first."""
    members = {c for ms in cluster_members().values() for c in ms}
    ranked = sorted(out, key=lambda c: (not (c.code in members or c.province == ""),
                                        rng.random()))
    for rank, city in enumerate(ranked, start=1):
        city.weight = 1.0 / rank ** 0.9


class Sampler:
    """Weighted choice with a precomputed cumulative table (fast at a million draws)."""

    def __init__(self, items: list, weights: list[float]):
        self.items = items
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]
