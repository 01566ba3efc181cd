"""Read the subgraph the lead engine needs, with a few parameterised queries (both stores).

Agreements dated after `asof` or listed in `hidden` are invisible to every query here: that is
how the backtest hides the future.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from graph.errors import InputError

FAR_FUTURE = "9999-12-31"

RESOLVE_REGION = """MATCH (r:Region)
WHERE r.code = $q OR r.name = $q OR $q IN coalesce(r.aliases, [])
RETURN r.code AS code, r.name AS name ORDER BY size(r.code) LIMIT 1"""
REGION_NAMES = "MATCH (r:Region) RETURN r.name AS name, r.code AS code"
SCOPE = """MATCH (s:Region)-[:PART_OF|MEMBER_OF*0..4]->(r:Region)
WHERE r.code IN $codes RETURN DISTINCT s.code AS code, s.name AS name"""
PRIORITIES = """MATCH (r:Region {code: $code})-[:PART_OF*0..3]->(:Region)-[:PRIORITIZES]->(i:Industry)
RETURN DISTINCT i.code AS code"""
INDUSTRIES = """MATCH (i:Industry) RETURN i.code AS code, i.name AS name, i.scheme AS scheme,
       coalesce(i.aliases, []) AS aliases"""
INDUSTRY_EDGES = """MATCH (a:Industry)-[x:SUBCLASS_OF]->(b:Industry)
RETURN a.code AS a, b.code AS b, 'SUBCLASS_OF' AS type
UNION ALL MATCH (a:Industry)-[x:UPSTREAM_OF]->(b:Industry)
RETURN a.code AS a, b.code AS b, 'UPSTREAM_OF' AS type"""
AGREEMENT_IDS = """MATCH (s:Region)<-[:SIGNED_IN]-(a:Agreement) WHERE s.code IN $scope
RETURN a.id AS id, s.code AS region
UNION
MATCH (s:Region)<-[:LOCATED_IN]-(x)-[:PARTY_TO]->(a:Agreement) WHERE s.code IN $scope
RETURN a.id AS id, s.code AS region"""
AGREEMENTS = """MATCH (a:Agreement)
WHERE a.id IN $ids AND coalesce(a.date, '') <= $asof AND NOT a.id IN $hidden
MATCH (p)-[:PARTY_TO]->(a)
RETURN a.id AS id, a.title AS title, a.type AS type, a.date AS date,
       labels(p)[0] AS label, coalesce(p.id, p.code) AS party, p.name AS party_name"""
# The sources of some agreements, per party (the party link's, the signing place's and the
# documents that mention it): read only for the agreements a shown lead cites
# (Context.agreement_sources), not for every agreement of the region.
AGREEMENT_SOURCES = """MATCH (p)-[pt:PARTY_TO]->(a:Agreement) WHERE a.id IN $ids
OPTIONAL MATCH (a)-[si:SIGNED_IN]->(:Region)
WITH a, p, pt, collect(si.source_ids) AS si_sources
RETURN a.id AS id, coalesce(p.id, p.code) AS party,
       coalesce(pt.source_ids, []) + reduce(acc = [], x IN si_sources | acc + coalesce(x, [])) +
       [(src:Source)-[:MENTIONS]->(a) | src.id] AS sources"""


def agreements(store, scope: dict, asof: str | None = None, hidden=()) -> list[dict]:
    """Agreements signed in the scope or with a party located there, one row per party,
    with `region` (the in-scope region) and `region_name`."""
    where = {}
    for r in read_all(store, AGREEMENT_IDS, scope=list(scope)):
        where.setdefault(r["id"], r["region"])
    rows = read_all(store, AGREEMENTS, ids=sorted(where), asof=asof or FAR_FUTURE,
                    hidden=list(hidden))
    return [{**r, "region": where[r["id"]], "region_name": scope.get(where[r["id"]])} for r in rows]


# From the organisations (hundreds to thousands: government bodies, associations), not from the
# region: a city's LOCATED_IN holds every company there (110,003 for 宣城市 at 1M: 11-149 ms
# alone for 2 rows; from the organisations 3-5 ms). `WITH x` keeps FalkorDB from starting at
# the region.
LOCAL_ORGS = """MATCH (x:Organization) WITH x
MATCH (x)-[:LOCATED_IN]->(s:Region) WHERE s.code IN $scope
RETURN DISTINCT x.id AS id, x.name AS name"""
LOCAL_INDUSTRIES = """MATCH (s:Region) WHERE s.code IN $scope
MATCH (s)<-[:LOCATED_IN]-(:Company)-[:IN_INDUSTRY]->(i:Industry)
RETURN DISTINCT i.code AS code"""
# Anchored on the organisations' index (an unlabelled `o` made FalkorDB scan every node).
VISITS = """MATCH (o:Organization) WHERE o.id IN $orgs
MATCH (o)-[v:VISITED]->(c:Company)
RETURN o.id AS org, o.name AS org_name, c.id AS company, v.date AS date,
       coalesce(v.source_ids, []) AS sources"""
# A company's scale signal grows with log10(capital) (clamped at 1 million yuan) plus a step for
# a listed company (signals.scale): `size` below orders companies the same way in Cypher.
_SIZE = """CASE WHEN coalesce(c.reg_capital_cny, 0) > 1.0e6 THEN c.reg_capital_cny ELSE 1.0e6 END
          * CASE WHEN c.listed THEN $listed_factor ELSE 1.0 END AS size"""


def _top_by_industry(within: bool) -> str:
    """The `$per_code` largest companies of each industry in `$codes` (with `within`: only
    those located in one of the regions `$within`); equal sizes in the order of the ranking's
    tie-breaks as far as Cypher sees them (listed earlier first), never the name's order
    alone."""
    located = ("-[:LOCATED_IN]->(r:Region)\n  WHERE r.code IN $within\n  WITH DISTINCT c"
               if within else "")
    return ("UNWIND $codes AS code\n"
            "CALL { WITH code MATCH (:Industry {code: code})<-[:IN_INDUSTRY]-(c:Company)"
            + located + "\n  WITH c, " + _SIZE +
            "\n  RETURN c, size ORDER BY size DESC, coalesce(c.list_date, '99'), c.id LIMIT $per_code }\n"
            "RETURN DISTINCT c.id AS id")


TOP_BY_INDUSTRY = _top_by_industry(within=False)
TOP_BY_INDUSTRY_WITHIN = _top_by_industry(within=True)
GROUP_EDGES = """MATCH p = (e:Company)-[:OWNS*1..4]-(c:Company) WHERE e.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, startNode(r).name AS a_name,
       endNode(r).id AS b, r.share AS share, coalesce(r.source_ids, []) AS sources"""
# The ownership links within four hops of the engaged companies, keys only: the graph the
# proximity signal's PageRank walks (with the agreements and visits), the same whatever the
# candidate pool (engine: the pool is cut by a score bound and widened).
GROUP_LINKS = """MATCH p = (e:Company)-[:OWNS*1..4]-(c:Company) WHERE e.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, endNode(r).id AS b"""
# The owners of candidates, up to 3 hops (their group, for Lead.group and the cap per group).
OWNERS = """MATCH p = (o)-[:OWNS*1..3]->(c:Company) WHERE c.id IN $ids
UNWIND relationships(p) AS r
WITH DISTINCT r
RETURN coalesce(startNode(r).id, startNode(r).name) AS a, startNode(r).name AS a_name,
       endNode(r).id AS b, r.share AS share, coalesce(r.source_ids, []) AS sources"""
# What scoring needs of each candidate (industries, regions and the activity count precomputed
# on the node at load time, loaders/derived.py: no traversal), then what a shown lead needs
# (DETAILS: only for the leads on the list).
FACTS = """MATCH (c:Company) WHERE c.id IN $ids
RETURN c.id AS id, c.name AS name, c.reg_capital_cny AS capital, c.listed AS listed,
       c.status AS status, coalesce(c.risk_flags, []) AS risk_flags, c.list_date AS list_date,
       coalesce(c.industry_codes, []) AS industries, coalesce(c.region_codes, []) AS regions,
       coalesce(c.activity_count, 0) AS activity_count"""
DETAILS = """MATCH (c:Company) WHERE c.id IN $ids
RETURN c.id AS id, coalesce(c.aliases, []) AS aliases, c.stock_code AS stock_code,
       c.employees AS employees, c.market AS market, c.founded AS founded,
       coalesce(c.source_ids, []) AS sources, coalesce(c.region_names, []) AS region_names"""
SOURCES = """MATCH (s:Source) WHERE s.id IN $ids
RETURN s.id AS id, s.title AS title, s.uri AS uri"""
# Dated facts of candidates outside the target region (the "why now" signals, timing.py):
# agreements they signed, projects they invest in, stakes and subsidiaries.
# Each part starts from the candidates' index: `WITH c` keeps FalkorDB from starting at the
# agreements (a scan of every agreement).
ACTIVITY = """MATCH (c:Company) WHERE c.id IN $ids
WITH c
MATCH (c)-[pt:PARTY_TO]->(a:Agreement)
WHERE coalesce(a.date, '') <= $asof AND NOT a.id IN $hidden
OPTIONAL MATCH (a)-[:SIGNED_IN]->(r:Region)
RETURN c.id AS company, 'agreement' AS kind, a.id AS id, a.title AS title, a.date AS date,
       r.code AS region, r.name AS region_name,
       coalesce(pt.source_ids, []) + coalesce(a.source_ids, []) AS sources
UNION ALL
MATCH (c:Company)-[iv:INVESTS_IN]->(p:Project)
WHERE c.id IN $ids AND coalesce(p.date, '') <= $asof
OPTIONAL MATCH (p)-[:LOCATED_IN]->(r:Region)
RETURN c.id AS company, 'project' AS kind, p.id AS id, p.name AS title, p.date AS date,
       r.code AS region, r.name AS region_name,
       coalesce(iv.source_ids, []) + coalesce(p.source_ids, []) AS sources
UNION ALL
MATCH (c:Company)-[o:OWNS]->(s:Company)
WHERE c.id IN $ids AND coalesce(o.date, s.founded, '') <> '' AND coalesce(o.date, s.founded) <= $asof
OPTIONAL MATCH (s)-[:LOCATED_IN]->(r:Region)
RETURN c.id AS company, CASE WHEN o.date IS NULL THEN 'subsidiary' ELSE 'investment' END AS kind,
       s.id AS id, s.name AS title, coalesce(o.date, s.founded) AS date,
       r.code AS region, r.name AS region_name, coalesce(o.source_ids, []) AS sources"""
CLUSTERS = """MATCH (r:Region)-[:PART_OF*0..3]->(:Region)-[:MEMBER_OF]->(c:Region)
WHERE r.code IN $codes RETURN DISTINCT r.code AS region, c.code AS cluster"""
PEER_PRIORITIES = """MATCH (r:Region)-[:PRIORITIZES]->(i:Industry) WHERE i.name IN $names
RETURN DISTINCT r.code AS region"""


@dataclass
class Region:
    code: str
    name: str
    scope: dict = field(default_factory=dict)  # code -> name, the region and everything below


def resolve_region(store, q: str) -> Region:
    """A region by code, name or alias, with its sub-regions; unknown -> closest names."""
    rows = store.read(RESOLVE_REGION, {"q": q.strip()}).records()
    if not rows:
        names = [r["name"] for r in store.read(REGION_NAMES).records() if r["name"]]
        close = difflib.get_close_matches(q, names, n=5, cutoff=0.3) or \
            [n for n in names if q and (q[:2] in n)][:5]
        raise InputError(f"未找到地区 unknown region {q!r}; 最接近 closest: {'、'.join(close) or '-'}",
                         hint="give a region name or GB/T 2260 code, e.g. 徐州市 or 320300")
    return Region(rows[0]["code"], rows[0]["name"], scope_of(store, [rows[0]["code"]]))


def scope_of(store, codes: list[str]) -> dict:
    return {r["code"]: r["name"] for r in store.read(SCOPE, {"codes": codes}).records()}


def read_all(store, query: str, **params) -> list[dict]:
    return store.read(query, params).records()
