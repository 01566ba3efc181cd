"""Follow-up (线索跟进) as the lead engine sees it: which companies a region already follows,
and which it gave up recently (kept out of the ranking for `abandon_days`).

The engine calls `followed(store, region_code)` once and `drop_abandoned` as its own step
(`engine.Context._candidates`); the follow-up itself lives in `queries/pipeline.py`.
"""
from __future__ import annotations

import datetime as dt

ABANDONED = "已放弃"
FOLLOWED = """MATCH (f:FollowUp) WHERE f.region_code = $region
RETURN f.company_id AS id, f.stage AS stage, f.abandoned AS abandoned"""


def followed(store, region_code: str, abandon_days: int | None = None,
             today: dt.date | None = None) -> tuple[set, set]:
    """(companies in follow-up for the region, companies abandoned within `abandon_days`)."""
    days = store.settings.abandon_days if abandon_days is None else abandon_days
    since = ((today or dt.date.today()) - dt.timedelta(days=days)).isoformat()
    active, abandoned = set(), set()
    for r in store.read(FOLLOWED, {"region": region_code}).records():
        if r["stage"] != ABANDONED:
            active.add(r["id"])
        elif (r["abandoned"] or "") >= since:
            abandoned.add(r["id"])
    return active, abandoned


def drop_abandoned(candidates: list, abandoned: set) -> list:
    """The filter step: candidates minus the recently abandoned."""
    return [c for c in candidates if c not in abandoned]
