"""Find entities the way Chinese users type them, and resolve names to graph entities.

One function, `search`, serves the CLI, the app and the loaders. Candidates come from indexed
properties every named node carries (`name_norm`, `pinyin`, `initials`; see loaders/resolve/enrich.py)
plus `aliases`, and are ranked by `score_candidate`, which says why each one matched:

    exact normalised name 1.00 · alias 0.97 · same name without legal suffix 0.95 ·
    same name without a leading region (深圳宝能集团 -> 宝能集团) 0.92 · full pinyin 0.90 ·
    pinyin initials 0.80 · prefix 0.75-0.85 · fuzzy (rapidfuzz, a wrong character) <= 0.85

`resolve` merges on its own only at or above MERGE_THRESHOLD; below it, it proposes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from graph.store import GraphStore
from loaders.reference.regions import region_index
from loaders.resolve.text import normalize_name

LABELS = ("Company", "Organization", "Region", "Industry")
MERGE_THRESHOLD = 0.92
LEGAL_SUFFIXES = ("集团股份有限公司", "集团有限责任公司", "集团有限公司", "股份有限公司",
                  "有限责任公司", "有限公司", "(集团)", "集团", "公司")
_ASCII = re.compile(r"^[a-z0-9 ]+$")
_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass
class Candidate:
    label: str
    key: str
    name: str
    score: float
    why: list[str] = field(default_factory=list)
    region_hint: str | None = None

    def as_dict(self) -> dict:
        return {"label": self.label, "id": self.key, "name": self.name,
                "score": round(self.score, 3), "why": "；".join(self.why),
                "region_hint": self.region_hint}


def strip_legal_suffix(norm: str) -> str:
    for suffix in LEGAL_SUFFIXES:
        if norm.endswith(suffix) and len(norm) - len(suffix) >= 2:
            return norm[: -len(suffix)]
    return norm


def strip_region_prefix(norm: str) -> tuple[str, str | None]:
    """'深圳宝能集团' -> ('宝能集团', '深圳') when the prefix is a known region name."""
    index = region_index()
    for n in range(min(8, len(norm) - 2), 1, -1):
        if norm[:n] in index:
            return norm[n:], norm[:n]
    return norm, None


def _variants(text: str) -> dict[str, tuple[float, str, str | None]]:
    """Normalised keys to look up exactly, with the score and reason each one earns."""
    norm = normalize_name(text)
    out = {norm: (1.0, "名称一致（规范化后）", None)}
    core = strip_legal_suffix(norm)
    if core != norm:
        out.setdefault(core, (0.95, "去掉公司后缀后一致", None))
    for base in (norm, core):
        rest, region = strip_region_prefix(base)
        if region:
            out.setdefault(rest, (0.92, f"去掉地区前缀“{region}”后一致", region))
    return out


def _fetch(store: GraphStore, labels: tuple[str, ...], where: str, params: dict,
           limit: int) -> list:
    """One round trip for all labels: a UNION ALL of one indexed lookup per label."""
    parts = []
    for label in labels:
        key = store.schema.key_of(label)
        parts.append(f"MATCH (n:{label}) WHERE {where} RETURN '{label}' AS label, n.{key} AS key, "
                     f"n.name AS name, n.name_norm AS norm, n.pinyin AS pinyin, "
                     f"n.initials AS initials, n.aliases AS aliases LIMIT {int(limit)}")
    return store.read(" UNION ALL ".join(parts), params).rows


def _prefix(prop: str, name: str) -> str:
    """A prefix test as an index range (`STARTS WITH` scans the label on FalkorDB 0.11)."""
    return f"n.{prop} >= ${name} AND n.{prop} < ${name}_hi"


def _prefix_params(name: str, value: str) -> dict:
    return {name: value, f"{name}_hi": value[:-1] + chr(ord(value[-1]) + 1)}


def _longest_prefix(store, labels, props: tuple[str, ...], text: str, limit: int,
                    shortest: int = 2) -> list:
    """Rows whose `props` start with a prefix of `text`, every length down to 2 (a wrong or
    missing character still finds the name), in one round trip.

    The prefixes are one list parameter: each row of `UNWIND $ranges` is looked up as an index
    range in a subquery with its own LIMIT (both stores seek the index with each row's bounds:
    tests/test_search.py reads the plans). So the query text depends only on the labels, the
    properties and the limit, never on the text typed. Neo4j plans each new query text anew,
    and the earlier form (one UNION branch per prefix length, 16-64 branches) took 0.2-20 s to
    compile (the longer on a loaded machine) against ~15 ms to run: most first searches of a
    name length paid it (docs/benchmarks.md, "fourth session")."""
    ranges = [{"lo": text[:n], "hi": text[:n - 1] + chr(ord(text[n - 1]) + 1)}
              for n in range(len(text), max(1, shortest - 1), -1)]
    if not ranges:
        return []
    return store.read(prefix_query(store, labels, props, limit), {"ranges": ranges}).rows


def prefix_query(store, labels, props: tuple[str, ...], limit: int) -> str:
    """The statement of `_longest_prefix` (the same text for every text typed)."""
    return " UNION ALL ".join(
        f"UNWIND $ranges AS r CALL {{ WITH r MATCH (n:{label}) "
        f"WHERE n.{prop} >= r.lo AND n.{prop} < r.hi RETURN n LIMIT {int(limit)} }} "
        f"RETURN '{label}' AS label, n.{store.schema.key_of(label)} AS key, n.name AS name, "
        f"n.name_norm AS norm, n.pinyin AS pinyin, n.initials AS initials, "
        f"n.aliases AS aliases" for label in labels for prop in props)


def _gather(store: GraphStore, labels: tuple[str, ...], text: str, limit: int) -> list:
    norm = normalize_name(text)
    rows = _fetch(store, labels, "n.name_norm IN $keys", {"keys": list(_variants(text))}, limit)
    small = tuple(lb for lb in labels if lb != "Company")  # aliases are scanned, not indexed
    if small:
        rows += _fetch(store, small, "$q IN n.aliases", {"q": text.strip()}, limit)
    q = norm.replace(" ", "")
    if _ASCII.match(norm):  # pinyin: the last few letters may be wrong; shorter only if needed
        for shortest in (max(2, len(q) - 3), 2):
            got = _longest_prefix(store, labels, ("pinyin", "initials"), q, limit, shortest)
            if got:
                return rows + got
        return rows
    rows += _longest_prefix(store, labels, ("name_norm",), norm, limit)
    core = strip_region_prefix(strip_legal_suffix(norm))[0]
    if core != norm and len(core) >= 2:
        rows += _fetch(store, labels, _prefix("name_norm", "p"), _prefix_params("p", core), limit)
    if "Company" in labels and not rows:  # last resort: company aliases (a label scan)
        rows += _fetch(store, ("Company",), "$q IN n.aliases", {"q": text.strip()}, limit)
    return rows


def score_candidate(text: str, name_norm: str, pinyin: str, initials: str,
                    aliases: list | None) -> tuple[float, list[str], str | None]:
    """Score one candidate for the typed text; pure, see tests/test_search.py."""
    norm = normalize_name(text)
    best, why, hint = 0.0, [], None
    for key, (s, reason, region) in _variants(text).items():
        if key == name_norm and s > best:
            best, why, hint = s, [reason], region
    core, cand_core = strip_legal_suffix(norm), strip_legal_suffix(name_norm or "")
    if best < 0.95 and cand_core and cand_core == core and name_norm != norm:
        best, why = 0.95, ["去掉公司后缀后一致"]  # 温州某某集团 = 温州某某集团有限公司
    if aliases and any(normalize_name(a) == norm for a in aliases) and best < 0.97:
        best, why = 0.97, ["别名一致"]
    q = norm.replace(" ", "")
    if _ASCII.match(norm) and q:
        if pinyin == q and best < 0.9:
            best, why = 0.9, ["全拼一致"]
        elif initials == q and best < 0.8:
            best, why = 0.8, ["拼音首字母一致"]
        elif pinyin and pinyin.startswith(q) and best < 0.75:
            best, why = 0.75, ["拼音前缀"]
        elif initials and initials.startswith(q) and best < 0.7:
            best, why = 0.7, ["拼音首字母前缀"]
        for kind, key in (("全拼", pinyin), ("拼音首字母", initials)):
            ratio = fuzz.ratio(q, key or "") / 100
            if ratio >= 0.75 and ratio * 0.8 > best:
                best, why = ratio * 0.8, [f"{kind}近似（相似度{ratio:.2f}）"]
    elif name_norm:
        if name_norm.startswith(norm) and best < 0.85:
            best, why = 0.75 + 0.1 * len(norm) / len(name_norm), ["名称前缀"]
        ratio = fuzz.ratio(norm, name_norm) / 100
        if ratio * 0.85 > best:
            best, why = ratio * 0.85, [f"模糊匹配（相似度{ratio:.2f}）"]
    return best, why, hint


def search(store: GraphStore, text: str, limit: int = 10,
           labels: tuple[str, ...] = LABELS) -> list[dict]:
    """Ranked entities for what a user typed: name, alias, short name, pinyin, initials."""
    text = (text or "").strip()
    if not text:
        return []
    found: dict[tuple, Candidate] = {}
    if _USCC.match(text.upper()):
        for key, name in store.read("MATCH (n:Company {uscc: $u}) RETURN n.id, n.name",
                                    {"u": text.upper()}).rows:
            found[("Company", key)] = Candidate("Company", key, name, 1.0, ["统一社会信用代码一致"])
    for label, key, name, norm, py, ini, aliases in _gather(store, labels, text, 50):
        s, why, hint = score_candidate(text, norm or normalize_name(name or ""), py or "",
                                       ini or "", aliases)
        if s > 0.3 and s > getattr(found.get((label, key)), "score", 0):
            found[(label, key)] = Candidate(label, key, name, s, why, hint)
    ranked = sorted(found.values(), key=lambda c: (-c.score, len(c.name or ""), c.key))
    return [c.as_dict() for c in ranked[:limit]]


def resolve(store: GraphStore, name: str, label: str | None = None) -> dict | None:
    """The entity `name` refers to, when the best candidate is sure enough to merge."""
    cands = search(store, name, limit=3, labels=(label,) if label else LABELS)
    if cands and cands[0]["score"] >= MERGE_THRESHOLD:
        return cands[0]
    return None
