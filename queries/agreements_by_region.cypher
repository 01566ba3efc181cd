// title_zh: 地区签约协议
// title_en: Agreements by region and period
// description: 在某地区（含下级地区）签署或有本地签约方的协议（某时段内）、签约方与来源 / agreements signed in a region (sub-regions included) or with a party located there, within a period, with their parties and sources
// param region: 地区代码或名称 region code or name | example: 徐州市
// param from: 起始日期（含） from date, inclusive | example: 2020-01-01
// param to: 截止日期（含） to date, inclusive | example: 2020-12-31
// param limit: 最多行数 max rows | example: 200
MATCH (r:Region)
WHERE r.code = toString($region) OR r.name = toString($region)
MATCH (s:Region)-[:PART_OF|MEMBER_OF*0..3]->(r)
WITH collect(DISTINCT s) AS scope
UNWIND scope AS s
OPTIONAL MATCH (a1:Agreement)-[:SIGNED_IN]->(s)
WITH scope, collect(DISTINCT a1) AS signed
UNWIND scope AS s
OPTIONAL MATCH (a2:Agreement)<-[:PARTY_TO]-()-[:LOCATED_IN]->(s)
WITH signed, collect(DISTINCT a2) AS local
WITH signed + local AS ags
UNWIND ags AS a
WITH DISTINCT a
WHERE a.date >= $from AND a.date <= $to
OPTIONAL MATCH (a)-[si:SIGNED_IN]->(sr:Region)
WITH a, collect(DISTINCT sr.name) AS signed_in, collect(si.source_ids) AS si_sources
OPTIONAL MATCH (p)-[:PARTY_TO]->(a)
WITH a, signed_in, si_sources, collect(DISTINCT p.name) AS parties
OPTIONAL MATCH (src:Source)
WHERE (src)-[:MENTIONS]->(a) OR src.id IN coalesce(a.source_ids, [])
   OR src.id IN reduce(acc = [], x IN si_sources | acc + coalesce(x, []))
RETURN a.id AS id, a.date AS date, a.title AS title, a.type AS type, a.amount_cny AS amount_cny,
       signed_in, parties, collect(DISTINCT src.title) AS sources
ORDER BY date, id
LIMIT $limit
