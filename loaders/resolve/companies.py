"""One company, whether named short or in full (docs/loading.md, "Company identity").

A row names a company by its registered name, and maybe also a short name (证券简称), former
names or a credit code. The graph may already hold the same company under another of those
names. The loaders look up every *identity key* of a name in one indexed query per batch
(`name_norm IN $keys`) and decide here:

- **same key** (the normalised name, a short name or alias the row gives, or the name with
  its legal form changed: 招商局集团 = 招商局集团有限公司): the same company, linked;
- **same credit code** or **same listed code**: the same company, linked;
- **short-name rule**: a company in the graph whose name is a prefix (2-6 characters) of the
  new full name without its legal form (宁德时代 of 宁德时代新能源科技股份有限公司), the usual
  form of a 证券简称. Linked when the region (the row's, its credit code's or the name's
  region prefix) and the industry do not disagree and at least one of them agrees; otherwise
  proposed for review (a PROPOSED_LINK, never a silent duplicate and never a silent merge).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from dataclasses import dataclass, field

from loaders.reference.regions import resolve_region
from loaders.resolve.search import strip_legal_suffix, strip_region_prefix
from loaders.resolve.text import normalize_name

# The legal forms a registered name may carry; a name is the same company under any of them.
LEGAL_FORMS = ("", "集团", "有限公司", "股份有限公司", "集团有限公司", "集团股份有限公司",
               "有限责任公司", "(集团)有限公司", "(集团)股份有限公司")
SHORT_MIN, SHORT_MAX = 2, 6
LINK_CONFIDENCE = 0.93
RULE_SHORT = "简称规则：图中名称是全称去掉组织形式后的前缀（证券简称的通常写法）"


@dataclass
class Known:
    """A company in the graph as the resolver sees it."""
    id: str
    norm: str
    label: str = "Company"
    aliases: list = field(default_factory=list)
    uscc: str | None = None
    stock_code: str | None = None
    regions: list = field(default_factory=list)     # region codes it is located in
    industries: list = field(default_factory=list)  # GB/T division codes (GB4754:C38)
    unwound: str | None = None                      # the short name it was found for


@dataclass
class Decision:
    known: Known
    linked: bool          # True: the same company; False: proposed for review
    confidence: float
    rule: str


@lru_cache(maxsize=262_144)  # asked for about six times per name while a load converts
def core(norm: str) -> str:
    return strip_legal_suffix(norm)


@lru_cache(maxsize=65_536)  # a load asks twice per name: prefetch, then find_company
def identity_keys(name: str) -> tuple[str, ...]:
    """The normalised name and the same name under the other legal forms."""
    norm = normalize_name(name)
    if not norm:
        return ()
    c = core(norm)
    keys = [norm] + ([c + f for f in LEGAL_FORMS] if len(c) >= 2 else [])
    return tuple(dict.fromkeys(keys))


def is_full_name(norm: str) -> bool:
    return core(norm) != norm and norm.endswith("公司")


@lru_cache(maxsize=65_536)
def short_name_keys(name: str) -> tuple[str, ...]:
    """Prefixes a short name of this full name may be (only for registered full names)."""
    norm = normalize_name(name)
    if not is_full_name(norm):
        return ()
    bases = [core(norm)]
    rest, region = strip_region_prefix(bases[0])
    if region:
        bases.append(rest)
    out = []
    for b in bases:
        out += [b[:n] for n in range(SHORT_MIN, min(SHORT_MAX, len(b) - 1) + 1)]
    return tuple(dict.fromkeys(out))


def name_region(name: str) -> str | None:
    """The region a name starts with (宁德时代... -> 350900), or None."""
    _, region = strip_region_prefix(core(normalize_name(name)))
    return resolve_region(region) if region else None


def uscc_region(uscc: str | None) -> str | None:
    """The registering authority's region: characters 3-8 of a credit code (an adcode)."""
    if not uscc or len(uscc) != 18 or not uscc[2:8].isdigit():
        return None
    code = uscc[2:8]
    for cand in (code, code[:4] + "00", code[:2] + "0000"):
        if resolve_region(cand):
            return resolve_region(cand)
    return None


def _region_agrees(mine: str | None, theirs: list) -> bool | None:
    """None when either side is unknown; adcodes agree when the coarser contains the finer."""
    codes = [c for c in theirs if c and c.isdigit() and len(c) == 6]
    if not mine or not mine.isdigit() or not codes:
        return None
    for c in codes:
        depth = 2 if mine.endswith("0000") or c.endswith("0000") else 4
        if mine[:depth] == c[:depth]:
            return True
    return False


def _industry_agrees(mine: list, theirs: list) -> bool | None:
    if not mine or not theirs:
        return None
    return bool(set(mine) & set(theirs))


def judge(name: str, known: Known, *, uscc=None, stock_code=None, region=None,
          industries=()) -> Decision | None:
    """Is `known` the company this row calls `name`? None: no evidence either way."""
    if uscc and known.uscc:
        return Decision(known, True, 1.0, "统一社会信用代码一致") if uscc == known.uscc else None
    if stock_code and known.stock_code and stock_code == known.stock_code:
        return Decision(known, True, 0.99, "证券代码一致")
    norm = normalize_name(name)
    if known.norm in identity_keys(name):
        return Decision(known, True, 1.0 if known.norm == norm else 0.95, "名称一致（组织形式不同）")
    if norm in {normalize_name(a) for a in known.aliases}:
        return Decision(known, True, 0.97, "别名/简称一致")
    full = name
    if known.norm not in short_name_keys(name):
        if norm not in short_name_keys(known.norm):  # a short name arrives, the full is known
            return None
        full = known.norm
    where = region or uscc_region(uscc) or name_region(full)
    votes = [_region_agrees(where, known.regions), _industry_agrees(list(industries),
                                                                    known.industries)]
    said = [v for v in votes if v is not None]
    why = "；".join(t for t, v in zip(("地区一致", "行业一致"), votes) if v)
    if said and all(said) and len(known.norm) >= 3:
        return Decision(known, True, LINK_CONFIDENCE, f"{RULE_SHORT}；{why}")
    doubt = "；".join(t for t, v in zip(("地区不一致", "行业不一致"), votes) if v is False)
    return Decision(known, False, 0.5 if doubt else 0.7,
                    f"{RULE_SHORT}；{doubt or '地区、行业无从比对'}，待人工确认")


def best(name: str, candidates: list[Known], **evidence) -> Decision | None:
    """The one linked decision, or the strongest proposal; two different companies that both
    pass the short-name rule make every one of them a proposal."""
    decisions = [d for d in (judge(name, k, **evidence) for k in candidates) if d]
    linked = {d.known.id: d for d in decisions if d.linked}
    if len(linked) == 1:
        return next(iter(linked.values()))
    exact = [d for d in linked.values() if d.confidence >= 0.95]
    if len(exact) == 1:
        return exact[0]
    if linked:  # ambiguous: propose the first, say so
        d = max(linked.values(), key=lambda d: d.confidence)
        return Decision(d.known, False, 0.6, d.rule + "；另有同名候选，待人工确认")
    return max(decisions, key=lambda d: d.confidence) if decisions else None


def division_codes_of(codes: list) -> list[str]:
    """GB/T division codes (GB4754:C38) of industry codes, classes reduced to their division."""
    out = []
    for c in codes or []:
        c = str(c)
        if c.startswith("GB4754:") and len(c) >= 10:
            out.append(c[:10])
    return list(dict.fromkeys(out))


def proposal_id(kind: str, start: str, end: str) -> str:
    """The id `kg resolve --accept/--reject` takes for a PROPOSED_LINK."""
    return hashlib.sha1(f"{kind}|{start}|{end}".encode()).hexdigest()[:10]
