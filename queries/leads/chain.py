"""Gap candidates for an industry-chain segment: the lead engine's own candidates, with the
segment resolved to the GB/T classes it is classified in (a segment has no companies of its
own; `companies_by_industry_region` finds none for a `CHAIN:*` code)."""
from __future__ import annotations

from queries.leads import fetch
from queries.leads.engine import rank_leads

SEGMENT_CLASSES = """MATCH (s:Industry {code: $code})-[:SUBCLASS_OF]->(g:Industry)
WHERE NOT g.scheme STARTS WITH 'chain:' RETURN g.code AS code ORDER BY code"""


def segment_classes(store, code: str) -> list[str]:
    """The GB/T classes of a chain segment (the segment itself when it is not one)."""
    if not str(code).startswith("CHAIN:"):
        return [code]
    return [r["code"] for r in fetch.read_all(store, SEGMENT_CLASSES, code=code)]


def gap_candidates(store, region: str, code: str, top: int = 5, source_regions=()):
    """The engine's ranking for `region` with the segment's GB/T classes as the focus:
    the same candidates, reasons and grades as `kg leads --industry <class>`."""
    classes = segment_classes(store, code)
    if not classes:
        return None
    return rank_leads(store, region, classes, list(source_regions), top)
