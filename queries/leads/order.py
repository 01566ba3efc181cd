"""The order of a lead list: score, then documented tie-breaks, then a cap per group.

Tie-breaks, in order, when two scores are equal (6 decimals): 1. the better industry fit;
2. the newer dated fact behind the lead (its own or its group tie's); 3. the larger registered
capital (known before unknown); 4. listed, and listed earlier (a longer public record);
5. last, a stable hash of the company's id: arbitrary but repeatable, and never the name's sort
order (where `*ST` would come first). Each lead that shares its score (4 decimals) with the one
above it says which criterion placed it (`tie_break`).

Cap: at most GROUP_CAP companies of one group (the top owner the graph's ownership reaches) in
the first CAP_WINDOW places; the others move down, in their order, and say so.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

GROUP_CAP = 3
CAP_WINDOW = 10
CRITERIA = ("行业匹配度更高", "依据的事实更新", "注册资本更大", "上市更早", "稳定随机序（企业标识的哈希）")


@dataclass
class Row:
    score: float
    id: str
    contributions: dict
    signals: dict
    keys: tuple = ()
    tie_break: str = ""
    deferred: bool = field(default=False, repr=False)


def _day(text) -> int:
    try:
        return dt.date.fromisoformat(str(text)[:10]).toordinal()
    except ValueError:
        try:
            return dt.date.fromisoformat(str(text)[:7] + "-01").toordinal()
        except ValueError:
            return 0


def tie_keys(signals: dict, newest_fact: str, company: dict, cid: str) -> tuple:
    """Sort keys for the tie-breaks, smaller is better.

    >>> a = tie_keys({"industry": 1.0}, "2024-01-01", {"capital": None, "listed": True,
    ...              "list_date": "2010-01-01"}, "x")
    >>> b = tie_keys({"industry": 1.0}, "", {"capital": None, "listed": True,
    ...              "list_date": "2010-01-01"}, "y")
    >>> a < b, first_difference(a, b)
    (True, '依据的事实更新')
    """
    listed = company.get("listed")
    return (-float(signals.get("industry", 0.0)),
            -_day(newest_fact) if newest_fact else 0,
            -float(company.get("capital") or 0.0),
            (0, _day(company.get("list_date")) or 10**7) if listed else (1, 0),
            hashlib.sha1(str(cid).encode("utf-8")).hexdigest())


def first_difference(a: tuple, b: tuple) -> str:
    for name, x, y in zip(CRITERIA, a, b):
        if x != y:
            return name
    return CRITERIA[-1]


def sort_rows(rows: list[Row]) -> list[Row]:
    """Best first: score, then the tie-break keys; each tied row says what placed it.

    >>> r = [Row(0.5, "b", {}, {}, (0, 0, 0, (1, 0), "b")), Row(0.5, "a", {}, {}, (-1, 0, 0, (1, 0), "a"))]
    >>> [(x.id, x.tie_break) for x in sort_rows(r)]
    [('a', ''), ('b', '与上一名同分（0.5000），按行业匹配度更高排序')]
    """
    out = sorted(rows, key=lambda r: (-round(r.score, 6), r.keys))
    return explain_ties(out)


def explain_ties(rows: list[Row]) -> list[Row]:
    for prev, row in zip(rows, rows[1:]):
        if row.deferred:
            continue
        row.tie_break = ""
        if round(prev.score, 4) == round(row.score, 4):
            row.tie_break = (f"与上一名同分（{row.score:.4f}），"
                             f"按{first_difference(prev.keys, row.keys)}排序")
    return rows


def cap_groups(rows: list[Row], group_of, cap: int = GROUP_CAP,
               window: int = CAP_WINDOW) -> list[Row]:
    """At most `cap` rows of one group in the first `window` places; the rest keep their order.

    >>> rows = [Row(1 - i / 10, f"g{i}", {}, {}) for i in range(5)] + [Row(0.1, "x", {}, {})]
    >>> [r.id for r in cap_groups(rows, lambda c: "G" if c.startswith("g") else None, 3, 4)]
    ['g0', 'g1', 'g2', 'x', 'g3', 'g4']
    """
    if not cap:
        return rows
    top, deferred, count = [], [], {}
    for i, row in enumerate(rows):
        if len(top) >= window:
            break
        g = group_of(row.id)
        if g is not None and count.get(g, 0) >= cap:
            row.deferred = True
            row.tie_break = f"同一集团已有{cap}家在前{window}名，顺延"
            deferred.append(i)
            continue
        count[g] = count.get(g, 0) + 1
        top.append(i)
    rest = [i for i in range(len(rows)) if i not in set(top)]
    return [rows[i] for i in top] + [rows[i] for i in rest]
