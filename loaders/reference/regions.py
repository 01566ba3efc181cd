"""Chinese administrative divisions (province / prefecture / county) and economic areas.

Sources, read at run time from data that installed packages ship (nothing is copied):

* ``cpca/resources/adcodes.csv`` (package ``cpca``): 12-digit adcode, name, longitude,
  latitude. Gives coordinates. Located with ``importlib.util.find_spec`` without importing
  ``cpca`` (its ``__init__`` needs ``pkg_resources``).
* ``stdnum/cn/loc.dat`` (package ``python-stdnum``): GB/T 2260 codes with their names over
  time (``[1983-2013]白下区`` = valid 1983 to 2013). It is newer than cpca's table, so it
  decides which codes are current: a code whose every name has an end year is abolished and
  dropped, even when cpca still lists it. Names come from it too (cpca's name is used when
  loc.dat has none; a differing cpca name becomes an alias).

Authored tables (each row names its source): ``data/region_aliases.csv`` (nicknames such as
彭城, 鹏城) and ``data/region_clusters.csv`` (economic areas and their member regions).

Levels: ``province`` (incl. municipalities, autonomous regions, SARs), ``prefecture``,
``county``, ``cluster``. Pseudo-divisions (市辖区, 县, 省直辖县级行政区划) are skipped;
their children are PART_OF the province (北京市东城区 110101 -> 110000; 仙桃市 429004 ->
420000).
"""
from __future__ import annotations

import csv
import importlib.util
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from loaders.resolve.text import _t2s

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ALIASES_FILE = DATA_DIR / "region_aliases.csv"
CLUSTERS_FILE = DATA_DIR / "region_clusters.csv"
SOURCE_CPCA = "package cpca: resources/adcodes.csv"
SOURCE_STDNUM = "package python-stdnum: stdnum/cn/loc.dat (GB/T 2260)"

# Placeholder rows in GB/T 2260 that are not divisions of their own.
PSEUDO = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
                 "省直辖县级行政单位", "自治区直辖县级行政单位"}
LEVEL_RANK = {"province": 0, "cluster": 1, "prefecture": 2, "county": 3}
# Suffixes removed to make a short name, longest first (ethnic names are removed separately).
SUFFIXES = {
    "province": ["特别行政区", "自治区", "省", "市"],
    "prefecture": ["自治州", "地区", "市", "盟"],
    "county": ["自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗"],
}


# ------------------------------------------------------------------------- package files

def package_file(package: str, *parts: str) -> Path:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {package!r} is not installed (pip install {package})")
    path = Path(list(spec.submodule_search_locations)[0], *parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: package {package!r} changed its layout")
    return path


@lru_cache(maxsize=1)
def read_cpca() -> dict[str, dict]:
    """cpca's adcodes: {6-digit code: {name, lat, lon}} (pseudo rows kept, filtered later)."""
    out = {}
    with package_file("cpca", "resources", "adcodes.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            out[code] = {"name": row["name"].strip(), "lat": _float(row["latitude"]),
                         "lon": _float(row["longitude"])}
    return out


def _float(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


_LOC_RE = re.compile(r'^(\s*)(\d+)\s+(\w+)="([^"]*)"')


def current_name(field: str) -> str | None:
    """``'[1983-1989]罗湖区办事处,[1990-]罗湖区'`` -> ``'罗湖区'``; None when abolished."""
    for part in reversed(field.split(",")):
        m = re.match(r"^\[(\d*)-(\d*)\](.*)$", part)
        if not m:
            return part.strip()
        if not m.group(2):
            return m.group(3).strip()
    return None


@lru_cache(maxsize=1)
def read_stdnum_loc() -> dict[str, str]:
    """loc.dat as {6-digit code: raw name field with its date ranges}."""
    out: dict[str, str] = {}
    prefix = ""
    for line in package_file("stdnum", "cn", "loc.dat").read_text(encoding="utf-8").splitlines():
        m = _LOC_RE.match(line)
        if not m:
            continue
        indent, num, _kind, value = m.groups()
        if not indent:
            prefix = num
            continue
        out[prefix + num] = value
    return out


def _current(code: str, field: str, cpca: dict) -> str | None:
    """The current name of a loc.dat code, None when abolished. A handful of historical codes
    carry no dates at all (429001 随州市, 422921 神农架林区); codes added since the 1980s all
    carry ``[YYYY-]``, so an undated code that cpca does not know either is taken as
    historical."""
    if "[" not in field and code not in cpca:
        return None
    return current_name(field)


# ------------------------------------------------------------------------------- levels

def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def _parent_candidates(code: str) -> list[str]:
    level = level_of(code)
    if level == "county":
        return [code[:4] + "00", code[:2] + "0000"]
    if level == "prefecture":
        return [code[:2] + "0000"]
    return []


# ------------------------------------------------------------------------------ names

@lru_cache(maxsize=1)
def ethnic_names() -> tuple[str, ...]:
    """The 56 ethnic groups (cpca ships the list) with and without 族 (博尔塔拉蒙古自治州
    writes 蒙古), longest first. Single-character stems (回, 汉) only with 族."""
    path = package_file("cpca", "resources", "56_nations.csv")
    names = [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
    forms = set(names) | {n[:-1] for n in names if len(n) >= 3}  # 维吾尔族 and 维吾尔
    return tuple(sorted(forms, key=len, reverse=True))


def short_name(name: str, level: str) -> str | None:
    """Name without its administrative suffix: 徐州市 -> 徐州, 广西壮族自治区 -> 广西,
    延边朝鲜族自治州 -> 延边. None when nothing sensible (< 2 characters) remains."""
    base = name
    for suffix in SUFFIXES.get(level, []):
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    if base != name and ("自治" in name or "特别行政区" in name):
        base = _strip_ethnic(base)
    if base == name or len(base) < 2 or base.endswith("族"):
        return None
    return base


def _strip_ethnic(base: str) -> str:
    changed = True
    while changed:
        changed = False
        for e in ethnic_names():
            if base.endswith(e) and len(base) > len(e) + 1:
                base, changed = base[: -len(e)], True
                break
    if base.endswith("各族"):
        base = base[:-2]
    return base


# ------------------------------------------------------------------------ admin regions

@lru_cache(maxsize=1)
def admin_regions() -> dict[str, dict]:
    """Current divisions: {code: {code, name, level, lat, lon, aliases, parent}}."""
    cp, loc = read_cpca(), read_stdnum_loc()
    out = {}
    for code, field in sorted(loc.items()):
        name = _current(code, field, cp)
        if name is None or name in PSEUDO:
            continue  # abolished according to GB/T 2260 history, or a placeholder row
        name = simplified(name)
        c = cp.get(code) or _cpca_predecessor(code, name)
        aliases = [cp[code]["name"]] if code in cp and cp[code]["name"] != name else []
        out[code] = {"code": code, "name": name, "level": level_of(code), "lat": c.get("lat"),
                     "lon": c.get("lon"), "aliases": aliases}
    for code, r in out.items():
        r["parent"] = next((p for p in _parent_candidates(code) if p in out), None)
    _add_short_aliases(out)
    return out


@lru_cache(maxsize=1)
def _cpca_by_stem() -> dict[tuple[str, str], dict]:
    out = {}
    for code, c in read_cpca().items():
        if len(c["name"]) > 2:
            out.setdefault((code[:2], c["name"][:-1]), c)
    return out


def _cpca_predecessor(code: str, name: str) -> dict:
    """Coordinates for a code cpca lacks: cpca's row for the same place under its former
    code (临安市 330185 -> 临安区 330112: same province, same name but the suffix)."""
    if level_of(code) != "county" or len(name) <= 2:
        return {}
    return _cpca_by_stem().get((code[:2], name[:-1]), {})


@lru_cache(maxsize=1)
def _cpca_chars() -> frozenset:
    return frozenset("".join(c["name"] for c in read_cpca().values()))


def simplified(name: str) -> str:
    """loc.dat writes a few names in traditional characters (加格達奇區). Convert only the
    characters cpca never uses, so that 乾安县 does not become 干安县."""
    cc = _t2s()  # one converter, built once (building one per call cost ~2 ms)
    return "".join(ch if ch in _cpca_chars() else cc.convert(ch) for ch in name)


def _add_short_aliases(regions: dict[str, dict]) -> None:
    """Add the short name (徐州 for 徐州市) as an alias unless it is ambiguous: a county's
    short name must belong to no other region; a province's or prefecture's to no other
    region of the same or a higher level (吉林 is the province, not 吉林市)."""
    names = defaultdict(set)
    for r in regions.values():
        for n in {r["name"], short_name(r["name"], r["level"])} - {None}:
            names[n].add((LEVEL_RANK[r["level"]], r["code"]))
    for r in regions.values():
        s = short_name(r["name"], r["level"])
        if not s or s in r["aliases"]:
            continue
        rank = LEVEL_RANK[r["level"]]
        others = {c for lv, c in names[s] if c != r["code"] and (rank == 3 or lv <= rank)}
        if not others:
            r["aliases"].append(s)


# ------------------------------------------------------------------ authored CSV tables

def read_csv(path: Path) -> list[dict]:
    """An authored CSV (UTF-8, header row; lines starting with # are comments)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        lines = [ln for ln in f if not ln.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def _split(s: str) -> list[str]:
    return [x.strip() for x in re.split(r"[;；|]", s or "") if x.strip()]


@lru_cache(maxsize=1)
def clusters() -> dict[str, dict]:
    """Clusters from region_clusters.csv: {code: {code, name, aliases, members: [rows]}}."""
    out: dict[str, dict] = {}
    for row in read_csv(CLUSTERS_FILE):
        c = out.setdefault(row["cluster_code"], {
            "code": row["cluster_code"], "name": row["cluster_name"], "level": "cluster",
            "lat": None, "lon": None, "aliases": [], "members": [], "sources": set()})
        for a in _split(row["cluster_aliases"]):
            if a not in c["aliases"]:
                c["aliases"].append(a)
        c["members"].append(row)
        c["sources"].add(row["source"])
    return out


def _member_code(row: dict) -> str | None:
    """The member's code; when both code and name are given they must agree."""
    by_name = resolve_region(row["member_name"], _aliases=False)
    code = row.get("member_code") or by_name
    if code not in admin_regions() or (row["member_name"] and by_name != code):
        return None
    return code


# ---------------------------------------------------------------------------- outputs

def region_rows() -> tuple[list[dict], list[dict], list[dict]]:
    """(Region rows, PART_OF rows, MEMBER_OF rows) ready for the store's upserts."""
    admin = admin_regions()
    alias_map = _authored_aliases()
    regions = []
    for r in admin.values():
        aliases = r["aliases"] + [a for a in alias_map.get(r["code"], []) if a not in r["aliases"]]
        regions.append({**{k: r[k] for k in ("code", "name", "level", "lat", "lon")},
                        "aliases": aliases, "source_ids": [SOURCE_STDNUM, SOURCE_CPCA]})
    part_of = [{"start": r["code"], "end": r["parent"]} for r in admin.values() if r["parent"]]
    member_of = []
    for c in clusters().values():
        aliases = c["aliases"] + [a for a in alias_map.get(c["code"], []) if a not in c["aliases"]]
        regions.append({"code": c["code"], "name": c["name"], "level": "cluster",
                        "aliases": aliases, "source_ids": sorted(c["sources"])})
        for m in c["members"]:
            code = _member_code(m)
            if code is None:
                raise ValueError(f"{CLUSTERS_FILE}: member {m['member_name']!r} "
                                 f"({m.get('member_code')!r}) of {c['code']} not found")
            member_of.append({"start": code, "end": c["code"], "source_ids": [m["source"]],
                              "evidence": m.get("note") or None})
    return regions, part_of, member_of


@lru_cache(maxsize=1)
def _authored_aliases() -> dict[str, list[str]]:
    """region_aliases.csv as {region code: [alias, ...]}."""
    out = defaultdict(list)
    for row in read_csv(ALIASES_FILE):
        by_name = resolve_region(row["region_name"], _aliases=False)
        code = row.get("region_code") or by_name
        if not code or by_name != code:
            raise ValueError(f"{ALIASES_FILE}: region {row['region_name']!r} "
                             f"({row.get('region_code')!r}) not found or name and code disagree")
        out[code].append(row["alias"])
    return dict(out)


def _entries() -> dict[str, list[dict]]:
    """Every name, short name and alias -> candidate entries (may be several)."""
    return _entries_cached(True)


@lru_cache(maxsize=2)
def _entries_cached(with_authored: bool) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    items = list(admin_regions().values()) + list(clusters().values())
    authored = _authored_aliases() if with_authored else {}
    for r in items:
        entry = {"code": r["code"], "name": r["name"], "level": r["level"]}
        keys = [r["name"], *r["aliases"], *authored.get(r["code"], [])]
        short = short_name(r["name"], r["level"])
        if short:  # ambiguous county short names are candidates, never a unique answer
            keys.append(short)
        for k in dict.fromkeys(keys):
            out[k].append({**entry, "parent": r.get("parent")})
    return dict(out)


def region_candidates(text: str) -> list[dict]:
    """All regions a name or alias may mean, best (highest level) first."""
    cands = _entries().get((text or "").strip(), [])
    return sorted(cands, key=lambda e: (LEVEL_RANK[e["level"]], e["code"]))


@lru_cache(maxsize=1)
def region_index() -> dict[str, dict]:
    """Name/alias -> {"code", "name", "level"}. A name shared by regions of one level and no
    higher-level region (鼓楼区) is left out: use ``resolve_region(name, within=...)``."""
    out = {}
    for key, cands in _entries().items():
        best = _pick(cands)
        if best:
            out[key] = {k: best[k] for k in ("code", "name", "level")}
    return out


def _pick(cands: list[dict]) -> dict | None:
    if not cands:
        return None
    ranked = sorted(cands, key=lambda e: LEVEL_RANK[e["level"]])
    top = [c for c in ranked if LEVEL_RANK[c["level"]] == LEVEL_RANK[ranked[0]["level"]]]
    return top[0] if len({c["code"] for c in top}) == 1 else None


def resolve_region(text: str, within: str | None = None, *, _aliases: bool = True) -> str | None:
    """A region's code from a name or alias: 深圳 -> 440300, 江苏 -> 320000; with ``within``
    (a province or prefecture code) only regions inside it: 鼓楼区 within 320300 -> 320302."""
    key = (text or "").strip()
    if not key:
        return None
    if key.isdigit() and len(key) == 6 and key in admin_regions():
        return key
    cands = _entries_cached(_aliases).get(key, [])
    if within:
        cands = [c for c in cands if _is_within(c["code"], within)]
    best = _pick(cands)
    return best["code"] if best else None


def _is_within(code: str, ancestor: str) -> bool:
    admin = admin_regions()
    while code in admin:
        if code == ancestor:
            return True
        code = admin[code]["parent"]
    return code == ancestor


# ------------------------------------------------------------------------------- load

def load_regions(store, progress=None) -> dict[str, int]:
    """Upsert regions, PART_OF and MEMBER_OF (idempotent). Returns counts."""
    regions, part_of, member_of = region_rows()
    n = store.upsert_nodes("Region", regions, progress=progress)
    p = store.upsert_relationships("PART_OF", "Region", "Region", part_of, progress=progress)
    m = store.upsert_relationships("MEMBER_OF", "Region", "Region", member_of, progress=progress)
    for name, res in (("PART_OF", p), ("MEMBER_OF", m)):
        if res.missing:
            raise ValueError(f"{name}: {len(res.missing)} rows with a missing end, "
                             f"e.g. {res.missing[:3]}")
    return {"regions": n.written, "part_of": p.written, "member_of": m.written}


def region_counts() -> dict[str, int]:
    """Regions per level (what ``region_rows`` produces)."""
    counts: dict[str, int] = defaultdict(int)
    for r in region_rows()[0]:
        counts[r["level"]] += 1
    return dict(counts)
