"""The focus rule: does a company fit one of the industries the user named? (docs/leads.md)

A company fits a focus industry F when one of its industries
  * is F or narrower through SUBCLASS_OF, never through a GB/T division -> priority crosswalk
    (a division is broader than any priority: C38 holds batteries and kettles)      -> 1.0
  * is linked to F (or to a segment or class below F) by the audited table
    data/industry_fit.csv: verdict `in` -> 1.0, `partial` -> 0.6 (`out` rows are reviewed
    crosswalks that do NOT fit; they are documentation and tests, never a link)
  * is an industry-chain neighbour (UPSTREAM_OF either way) of F or of a segment below F -> 0.5
Otherwise it does not fit (0): it is not a lead (a group tie goes to the second list).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import networkx as nx

FIT_FILE = Path(__file__).resolve().parent / "data" / "industry_fit.csv"
VERDICT_VALUE = {"in": 1.0, "partial": 0.6}
NEIGHBOUR = 0.5
CLASSIFICATIONS = ("GB/T", "战略性新兴产业", "chain:", "自定义")


@dataclass(frozen=True)
class Match:
    value: float
    industry: str          # the company's industry code
    focus: str             # the focus industry it fits
    via: str | None        # the segment / class / priority the audited row names, or neighbour
    kind: str              # 'in' | 'partial' | 'neighbour'
    note: str = ""         # the audited row's reason


@lru_cache(maxsize=4)
def read_fit_table(path: str = str(FIT_FILE)) -> tuple[dict, ...]:
    """The audited rows (comments skipped), each {vendor_industry, target, verdict, reason}."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for n, r in enumerate(rows, start=2):
        if r["verdict"] not in ("in", "partial", "out"):
            raise ValueError(f"{path} row {n}: verdict {r['verdict']!r}, expected in/partial/out")
    return tuple(rows)


def is_priority(scheme: str | None) -> bool:
    """A region's own industry list (徐州市重点产业), not a classification or chain.

    >>> is_priority("徐州市重点产业"), is_priority("GB/T 4754-2017"), is_priority("chain:ic")
    (True, False, False)
    """
    return bool(scheme) and not str(scheme).startswith(CLASSIFICATIONS)


def strict_classes(classes: nx.DiGraph, schemes: dict) -> nx.DiGraph:
    """SUBCLASS_OF without the GB/T -> priority crosswalk edges (`schemes`: code -> scheme).

    >>> g = nx.DiGraph([("tag:家电", "C38"), ("C38", "XZ:4"), ("SEG", "XZ:4")])
    >>> s = {"C38": "GB/T 4754-2017", "XZ:4": "徐州市重点产业", "SEG": "chain:ne"}
    >>> sorted(strict_classes(g, s).edges)
    [('SEG', 'XZ:4'), ('tag:家电', 'C38')]
    """
    out = classes.copy()
    out.remove_edges_from([(a, b) for a, b in classes.edges
                           if str(schemes.get(a) or "").startswith("GB/T")
                           and is_priority(schemes.get(b))])
    return out


def links_by_code(rows, names_to_codes: dict) -> dict:
    """{company industry code: [(target code, verdict, reason)]} for `in`/`partial` rows."""
    out: dict[str, list] = {}
    for r in rows:
        if r["verdict"] == "out":
            continue
        for code in names_to_codes.get(r["vendor_industry"], ()):
            out.setdefault(code, []).append((r["target"], r["verdict"], r["reason"]))
    return out


def _up(strict: nx.DiGraph, code) -> set:
    return ({code} | nx.descendants(strict, code)) if code in strict else {code}


def _down(strict: nx.DiGraph, code) -> set:
    return ({code} | nx.ancestors(strict, code)) if code in strict else {code}


def match(strict: nx.DiGraph, chain: nx.DiGraph, links: dict, company: set,
          focus: set) -> Match | None:
    """The best way one of `company`'s industries fits one of `focus` (None: no fit).

    >>> g = nx.DiGraph([("C3841", "SEG2"), ("SEG2", "XZ:4"), ("SEG1", "XZ:4")])
    >>> ch = nx.DiGraph([("U", "SEG1")]); ln = {"tag:电气": [("SEG2", "partial", "r")]}
    >>> match(g, ch, ln, {"C3841"}, {"XZ:4"}).value, match(g, ch, ln, {"tag:电气"}, {"XZ:4"}).value
    (1.0, 0.6)
    >>> match(g, ch, ln, {"U"}, {"XZ:4"}).kind, match(g, ch, ln, {"tag:家电"}, {"XZ:4"})
    ('neighbour', None)
    """
    best = None
    for i in sorted(company):
        up = _up(strict, i)
        for f in sorted(focus):
            if f in up:
                return Match(1.0, i, f, None, "in")
        # the audited rows in their written order: the first names what the industry mainly is
        for target, verdict, note in links.get(i, ()):
            for f in sorted(focus):
                if f in _up(strict, target):
                    m = Match(VERDICT_VALUE[verdict], i, f, target, verdict, note)
                    best = m if best is None or m.value > best.value else best
    if best is not None:
        return best
    for i in sorted(company):
        reach = _up(strict, i) | {t for t, _, _ in links.get(i, ())}
        for f in sorted(focus):
            near = _down(strict, f)
            for r in sorted(reach):
                if r in chain:
                    hit = sorted((set(chain.successors(r)) | set(chain.predecessors(r))) & near)
                    if hit:
                        return Match(NEIGHBOUR, i, f, hit[0], "neighbour")
    return None


def fitting_codes(strict, chain, links, all_codes, focus: set) -> set:
    """Every industry code a company can hold and fit the focus (the candidate fetch)."""
    return {c for c in all_codes if match(strict, chain, links, {c}, focus)}
