"""`kg generate`: a synthetic economy in the loaders' own CSV formats, deterministic for a seed.

Every row carries `synthetic=true`. Regions are the real prefecture-level cities and their
counties (loaders.reference.regions), industries the real GB/T 4754-2017 divisions, chain neighbours
the project's shipped industry chains. The planted structure (docs/benchmarks.md):

- economy: city sizes follow a Zipf law (municipalities and economic-area members ranked
  first), each city has 4 specialty divisions that take 60 % of its companies;
- groups: sizes are Pareto-distributed (alpha 1.5: most companies standalone, a few groups
  with hundreds of subsidiaries), ownership trees grow by random attachment (depth <= 6),
  subsidiaries expand to the HQ city (45 %), the same province (25 %) or elsewhere, in the
  parent's industry (50 %) or one chain step away (30 %);
- agreements (2016-2024): a group signs with a city's government 0-18 months before its
  subsidiary there is founded (expansion); after a group has signed in a city, sister
  companies sign again in the same city or its economic area; standalone companies sign in
  cities whose specialties are a chain step from their own industry;
- visits: 60 % of agreements are preceded (1-9 months) by a visit from the signing city's
  商务局 to the company; as many visits again lead to nothing (noise).
"""
from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from bench import generate_world as W

START_YEAR, END_YEAR = 2016, 2024
AGREEMENT_TYPES = ("投资协议", "战略合作协议", "合作意向书", "框架协议", "项目合作协议")
FILES = {
    "companies": ["name", "founded", "reg_capital", "industry", "province", "city", "county",
                  "description", "synthetic"],
    "ownership": ["shareholder", "company", "share", "synthetic"],
    "organizations": ["name", "kind", "province", "city", "synthetic"],
    "agreements": ["title", "party_a", "party_b", "agreement_type", "date", "amount",
                   "project", "place", "industry", "status", "synthetic"],
    "visits": ["visitor", "host", "date", "synthetic"],
}


@dataclass
class Co:
    i: int
    name: str
    city: W.City
    county: str
    industry: str
    founded: str
    capital: float
    group: int = -1
    parent: int = -1
    depth: int = 0


@dataclass
class World:
    seed: int
    cities: list[W.City]
    companies: list[Co] = field(default_factory=list)
    owns: list[tuple[int, int, float]] = field(default_factory=list)
    groups: list[list[int]] = field(default_factory=list)     # member indexes, root first
    agreements: list[dict] = field(default_factory=list)
    visits: list[dict] = field(default_factory=list)
    orgs: dict[str, dict] = field(default_factory=dict)


def generate(n_companies: int, seed: int = 0) -> World:
    rng = random.Random(seed)
    world = World(seed, W.cities(rng))
    _specialties(rng, world)
    _companies(rng, world, n_companies)
    _agreements(rng, world)
    return world


# ---------------------------------------------------------------------------- economy

def _industry_sampler() -> W.Sampler:
    divs = [d for d in W.divisions() if d["section"] not in ("S", "T")]  # no public bodies
    weight = {"C": 3.0, "F": 3.0, "I": 2.0, "L": 2.0, "M": 1.5, "K": 1.0, "E": 1.5}
    return W.Sampler([d["code"] for d in divs], [weight.get(d["section"], 0.6) for d in divs])


def _specialties(rng: random.Random, world: World) -> None:
    ind = _industry_sampler()
    for city in world.cities:
        while len(city.specialties) < 4:
            code = ind.pick(rng)
            if code not in city.specialties:
                city.specialties.append(code)
    world.city_sampler = W.Sampler(world.cities, [c.weight for c in world.cities])
    world.industry_sampler = ind
    world.words = {d["code"]: d["word"] for d in W.divisions()}


def _city_industry(rng, world, city: W.City) -> str:
    return rng.choice(city.specialties) if rng.random() < 0.6 else world.industry_sampler.pick(rng)


def _date(rng, y0: int, y1: int) -> str:
    return f"{rng.randint(y0, y1):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _shift(date: str, months: int) -> str:
    y, m, d = int(date[:4]), int(date[5:7]), date[8:]
    total = y * 12 + (m - 1) + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}-{d}"


# -------------------------------------------------------------------------- companies

def _group_size(rng, cap: int) -> int:
    return min(cap, 1 + int(2 * rng.paretovariate(1.5)))


def _companies(rng, world: World, n: int) -> None:
    width = 3 if n * 2 < W.brand_capacity(3) else 4
    world.brand_width = width
    in_groups = int(n * 0.35)
    cap = max(20, min(3000, n // 20))
    while len(world.companies) < in_groups:
        size = min(_group_size(rng, cap), n - len(world.companies))
        _group(rng, world, size)
    while len(world.companies) < n:
        city = world.city_sampler.pick(rng)
        _add(rng, world, city, _city_industry(rng, world, city), _date(rng, 1990, 2024),
             10 ** rng.gauss(6.7, 0.8))


def _add(rng, world, city, industry, founded, capital, *, prefix="", suffix=None) -> Co:
    i = len(world.companies)
    b = W.brand(i, world.brand_width)
    word = world.words[industry]
    name = f"{prefix or city.short}{b}{word}{suffix or rng.choice(W.SUFFIXES)}"
    co = Co(i, name, city, rng.choice(city.counties), industry, founded, round(capital, -3))
    world.companies.append(co)
    return co


def _group(rng, world: World, size: int) -> None:
    city = world.city_sampler.pick(rng)
    root = _add(rng, world, city, _city_industry(rng, world, city), _date(rng, 1985, 2012),
                10 ** rng.gauss(8.7, 0.6), suffix="集团有限公司")
    root.group = len(world.groups)
    members = [root.i]
    gb = W.brand(root.i, world.brand_width)
    for _ in range(size - 1):
        parent = world.companies[members[0] if rng.random() < 0.6 else rng.choice(members)]
        if parent.depth >= 6:
            parent = root
        sub = _subsidiary(rng, world, parent, gb)
        sub.group, sub.parent, sub.depth = root.group, parent.i, parent.depth + 1
        share = 1.0 if rng.random() < 0.45 else round(rng.uniform(0.51, 0.99), 2) \
            if rng.random() < 0.8 else round(rng.uniform(0.2, 0.49), 2)
        world.owns.append((parent.i, sub.i, share))
        members.append(sub.i)
    world.groups.append(members)


def _subsidiary(rng, world, parent: Co, gb: str) -> Co:
    r = rng.random()
    if r < 0.45:
        city = parent.city
    elif r < 0.70:
        same = [c for c in world.cities if c.province == parent.city.province] or [parent.city]
        city = rng.choice(same)
    else:
        city = world.city_sampler.pick(rng)
    r = rng.random()
    links = W.chain_links().get(parent.industry)
    if r < 0.5:
        industry = parent.industry
    elif r < 0.8 and links:
        industry = rng.choice(links)
    else:
        industry = _city_industry(rng, world, city)
    y0 = max(int(parent.founded[:4]) + 1, 1995)
    return _add(rng, world, city, industry, _date(rng, min(y0, END_YEAR), END_YEAR),
                10 ** rng.gauss(7.3, 0.7), prefix=f"{gb}{city.short}")


# ------------------------------------------------------------------------- agreements

def _gov(world, city: W.City) -> str:
    name = f"{city.name}人民政府"
    world.orgs.setdefault(name, {"name": name, "kind": "政府", "city": city})
    return name


def _bureau(world, city: W.City) -> str:
    name = f"{city.name}商务局"
    world.orgs.setdefault(name, {"name": name, "kind": "政府部门", "city": city})
    return name


def _sign(rng, world, co: Co, city: W.City, date: str, pattern: str) -> None:
    if not (f"{START_YEAR}-01-01" <= date <= f"{END_YEAR}-12-31"):
        return
    word = world.words[co.industry]
    project = f"{city.short}{W.brand(co.i, world.brand_width)}{word}项目" \
        if rng.random() < 0.5 else ""
    world.agreements.append({
        "party_a": _gov(world, city), "party_b": co.name, "company": co.i, "city": city.code,
        "agreement_type": rng.choice(AGREEMENT_TYPES), "date": date,
        "amount": f"{int(10 ** rng.gauss(4.0, 0.6))}万元", "project": project,
        "place": city.name, "industry": co.industry, "pattern": pattern})
    if rng.random() < 0.6:
        world.visits.append({"visitor": _bureau(world, city), "host": co.name, "company": co.i,
                             "date": _shift(date, -rng.randint(1, 9)), "pattern": "before"})


def _agreements(rng, world: World) -> None:
    cos = world.companies
    clusters = W.cluster_members()
    cluster_of = {c: k for k, ms in clusters.items() for c in ms}
    by_code = {c.code: c for c in world.cities}
    for members in world.groups:
        root = cos[members[0]]
        for i in members[1:]:
            sub = cos[i]
            if sub.city is root.city or int(sub.founded[:4]) < START_YEAR or rng.random() > 0.5:
                continue
            date = _shift(sub.founded, -rng.randint(0, 18))
            _sign(rng, world, root, sub.city, date, "expansion")
            if rng.random() < 0.4:  # sister companies follow into the city or its area
                sister = cos[rng.choice(members)]
                area = clusters.get(cluster_of.get(sub.city.code, ""), [])
                city = by_code.get(rng.choice(area), sub.city) if area and rng.random() < 0.5 \
                    else sub.city
                _sign(rng, world, sister, city, _shift(date, rng.randint(3, 30)), "follow-up")
    _chain_agreements(rng, world, int(len(cos) * 0.12) - len(world.agreements))
    _noise_visits(rng, world, int(len(world.agreements) * 0.6))


def _chain_agreements(rng, world: World, count: int) -> None:
    standalone = [c for c in world.companies if c.group < 0]
    if not standalone:
        return
    by_specialty: dict[str, list[W.City]] = {}
    for city in world.cities:
        for code in city.specialties:
            by_specialty.setdefault(code, []).append(city)
    for _ in range(max(0, count)):
        co = rng.choice(standalone)
        near = [c for d in W.chain_links().get(co.industry, []) + [co.industry]
                for c in by_specialty.get(d, [])]
        if near and rng.random() < 0.6:
            _sign(rng, world, co, rng.choice(near), _date(rng, START_YEAR, END_YEAR), "chain")
        else:
            _sign(rng, world, co, world.city_sampler.pick(rng),
                  _date(rng, START_YEAR, END_YEAR), "random")


def _noise_visits(rng, world: World, count: int) -> None:
    for _ in range(count):
        co = rng.choice(world.companies)
        city = world.city_sampler.pick(rng)
        world.visits.append({"visitor": _bureau(world, city), "host": co.name, "company": co.i,
                             "date": _date(rng, START_YEAR - 1, END_YEAR), "pattern": "noise"})


# ----------------------------------------------------------------------------- output

def company_rows(world: World):
    for c in world.companies:
        yield {"name": c.name, "founded": c.founded, "reg_capital": f"{c.capital / 1e4:.0f}万元",
               "industry": c.industry, "province": c.city.province, "city": c.city.name,
               "county": c.county, "synthetic": "true"}


def ownership_rows(world: World):
    cos = world.companies
    for p, s, share in world.owns:
        yield {"shareholder": cos[p].name, "company": cos[s].name, "share": f"{share * 100:g}%",
               "synthetic": "true"}


def organization_rows(world: World):
    for o in world.orgs.values():
        yield {"name": o["name"], "kind": o["kind"], "province": o["city"].province,
               "city": o["city"].name, "synthetic": "true"}


def agreement_rows(world: World):
    for a in sorted(world.agreements, key=lambda a: a["date"]):
        yield {**{k: a[k] for k in FILES["agreements"] if k in a},
               "title": f"{a['party_a']}与{a['party_b']}{a['agreement_type']}",
               "status": "signed", "synthetic": "true", "pattern": a["pattern"]}


def visit_rows(world: World):
    for v in sorted(world.visits, key=lambda v: v["date"]):
        yield {"visitor": v["visitor"], "host": v["host"], "date": v["date"],
               "synthetic": "true", "pattern": v["pattern"]}


ROWS = {"organizations": organization_rows, "companies": company_rows,
        "ownership": ownership_rows, "agreements": agreement_rows, "visits": visit_rows}


def write(world: World, out: str | Path) -> dict[str, Path]:
    """The five CSV files (in load order) plus `manifest.json` with the shape figures.
    `pattern` columns (which planted rule made a row) are ignored by the loaders."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for kind, rows in ROWS.items():
        path = paths[kind] = out / f"{kind}.csv"
        cols = FILES[kind] + (["pattern"] if kind in ("agreements", "visits") else [])
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, cols, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows(world))
    (out / "manifest.json").write_text(json.dumps(shape(world), ensure_ascii=False, indent=2),
                                       encoding="utf-8")
    return paths


def shape(world: World) -> dict:
    from collections import Counter
    sizes = sorted((len(g) for g in world.groups), reverse=True)
    depth = Counter(c.depth for c in world.companies if c.group >= 0)
    city = Counter(c.city.name for c in world.companies)
    spec = sum(c.industry in c.city.specialties for c in world.companies)
    n = len(world.companies)
    return {
        "seed": world.seed, "companies": n, "ownership": len(world.owns),
        "organizations": len(world.orgs), "agreements": len(world.agreements),
        "visits": len(world.visits),
        "groups": len(sizes), "standalone_share": round(1 - sum(sizes) / n, 3) if n else 0,
        "largest_groups": sizes[:5], "groups_100_plus": sum(s >= 100 for s in sizes),
        "group_size_median": sizes[len(sizes) // 2] if sizes else 0,
        "ownership_depth": dict(sorted(depth.items())),
        "cities_used": len(city), "top_cities": city.most_common(5),
        "top10_city_share": round(sum(v for _, v in city.most_common(10)) / n, 3) if n else 0,
        "in_city_specialty_share": round(spec / n, 3) if n else 0,
        "agreements_by_pattern": dict(Counter(a["pattern"] for a in world.agreements)),
        "agreements_by_year": dict(sorted(Counter(a["date"][:4]
                                                  for a in world.agreements).items())),
        "visits_by_pattern": dict(Counter(v["pattern"] for v in world.visits)),
    }
