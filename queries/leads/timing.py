"""Dated "why now" signals, each a small pure function (docs/leads.md, "Why now").

A dated fact is {"kind", "date", "region", "region_name", "peer", "title", "source"}: an
agreement the company signed in another region, a project it invests in, a subsidiary founded
or an outbound stake. `asof` is the day the ranking speaks for (today, or `--asof`).
"""
from __future__ import annotations

import datetime as dt
import re

WINDOW_MONTHS = 24       # recent expansion counts facts of the last 24 months
HALF_LIFE_MONTHS = 24    # freshness halves every 24 months
FRESH_FLOOR = 0.25       # an old tie still counts a quarter
UNDATED = 0.5            # a tie with no date counts half, and says so


def parse_day(text) -> dt.date | None:
    """ISO date, year-month (first day) or year (1 Jan); None when unreadable.

    >>> parse_day("2020-05-11"), parse_day("2020-05"), parse_day("2021"), parse_day("")
    (datetime.date(2020, 5, 11), datetime.date(2020, 5, 1), datetime.date(2021, 1, 1), None)
    """
    m = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", str(text or ""))
    if not m:
        return None
    return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))


def age_months(date, asof: dt.date) -> float | None:
    """Months from `date` to `asof` (negative: after asof); None when undated.

    >>> age_months("2024-11-30", dt.date(2026, 11, 30))  # 730 days / 30.4375
    23.983572895277206
    """
    d = parse_day(date)
    if d is None:
        return None
    return (asof - d).days / 30.4375


def recency_weight(age: float | None, window: float = WINDOW_MONTHS) -> float:
    """1 for a fact of this month, falling linearly to 0 at `window` months; 0 outside.

    >>> recency_weight(0), recency_weight(12), recency_weight(24), recency_weight(None)
    (1.0, 0.5, 0.0, 0.0)
    """
    if age is None or age < 0 or age >= window:
        return 0.0
    return round(1 - age / window, 6)


def recent_expansion(facts: list[dict], asof: dt.date) -> tuple[float, list[dict]]:
    """(min(1, sum of recency weights), the facts that counted, newest first).

    >>> f = [{"date": "2026-05-30"}, {"date": "2018-01-01"}, {"date": None}]
    >>> v, used = recent_expansion(f, dt.date(2026, 11, 30)); round(v, 3), len(used)
    (0.748, 1)
    """
    used = [f for f in facts if recency_weight(age_months(f.get("date"), asof)) > 0]
    total = sum(recency_weight(age_months(f["date"], asof)) for f in used)
    return round(min(1.0, total), 6), sorted(used, key=lambda f: str(f["date"]), reverse=True)


def peer_momentum(facts: list[dict], asof: dt.date) -> tuple[float, list[dict]]:
    """recent_expansion over the facts in peer regions (竞争城市: `peer` true).

    >>> f = [{"date": "2026-11-01", "peer": True}, {"date": "2026-11-01", "peer": False}]
    >>> round(peer_momentum(f, dt.date(2026, 11, 30))[0], 2)  # 29 days = 0.95 months
    0.96
    """
    return recent_expansion([f for f in facts if f.get("peer")], asof)


def freshness(date, asof: dt.date) -> float:
    """How much a tie still weighs: halves every 24 months, floor 0.25; undated 0.5.

    >>> a = dt.date(2026, 11, 30); freshness("2026-11-30", a), round(freshness("2024-11-30", a), 3)
    (1.0, 0.5)
    >>> freshness("2014-01-01", dt.date(2026, 11, 30)), freshness(None, dt.date(2026, 11, 30))
    (0.25, 0.5)
    """
    age = age_months(date, asof)
    if age is None:
        return UNDATED
    return round(max(FRESH_FLOOR, 0.5 ** (max(age, 0) / HALF_LIFE_MONTHS)), 6)


def how_old(date, asof: dt.date) -> str:
    """'6年前' (whole years), '3个月前', '本月', '日期未记录'.

    >>> how_old("2020-05-11", dt.date(2026, 11, 30)), how_old("2026-08-01", dt.date(2026, 11, 30))
    ('6年前', '3个月前')
    """
    age = age_months(date, asof)
    if age is None:
        return "日期未记录"
    if age < 1:
        return "本月"
    if age < 12:
        return f"{int(age)}个月前"
    return f"{int(age // 12)}年前"


def is_peer(region_code: str, target_code: str, shared_clusters: bool = False,
            shared_priorities: bool = False) -> bool:
    """A peer region (竞争城市) of the target: same province (GB/T 2260 first two digits), a
    shared cluster, or the same priority industries; never the target itself.

    >>> is_peer("320500", "320300"), is_peer("440300", "320300"), is_peer("320300", "320300")
    (True, False, False)
    >>> is_peer("440300", "320300", shared_priorities=True)
    True
    """
    if not region_code or region_code == target_code:
        return False
    same_province = region_code[:2] == target_code[:2] and region_code[:2].isdigit()
    return same_province or shared_clusters or shared_priorities
