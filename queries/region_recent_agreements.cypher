// title_zh: 最近签约
// title_en: Recent agreements of a region
// description: 在某地区（含下级地区）签署或有本地签约方的协议，最新的在前，含签约方 / agreements signed in a region (sub-regions included) or with a party located there, newest first, with their parties
// param region: 地区代码或名称 region code or name | example: 徐州市
// param limit: 最多行数 max rows | example: 10
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
UNWIND signed + local AS a
WITH DISTINCT a
OPTIONAL MATCH (a)-[:SIGNED_IN]->(sr:Region)
OPTIONAL MATCH (p)-[:PARTY_TO]->(a)
RETURN a.id AS id, a.date AS date, a.title AS title, a.type AS type,
       collect(DISTINCT sr.name) AS signed_in, collect(DISTINCT p.name) AS parties
ORDER BY date DESC, id
LIMIT $limit
