// title_zh: 签约来源地流向
// title_en: Agreement flows into a region
// description: 某地区（含下级地区）的协议（在本地签署或有本地签约方），其外地签约方所在地区及协议数，供地图画流向 / for the agreements of a region (signed there or with a party located there, sub-regions included): the other regions their other parties are located in, with the number of agreements, for the flow map
// param region: 目标地区代码或名称 target region code or name | example: 徐州市
MATCH (t:Region)
WHERE t.code = toString($region) OR t.name = toString($region)
MATCH (s:Region)-[:PART_OF|MEMBER_OF*0..3]->(t)
WITH t, collect(DISTINCT s) AS scope
UNWIND scope AS s
OPTIONAL MATCH (a1:Agreement)-[:SIGNED_IN]->(s)
WITH t, scope, collect(DISTINCT a1) AS signed
UNWIND scope AS s
OPTIONAL MATCH (a2:Agreement)<-[:PARTY_TO]-()-[:LOCATED_IN]->(s)
WITH t, scope, signed, collect(DISTINCT a2) AS local
UNWIND signed + local AS a
WITH DISTINCT t, scope, a
MATCH (p)-[:PARTY_TO]->(a)
MATCH (p)-[:LOCATED_IN]->(o:Region)
WHERE NOT o IN scope AND o.lat IS NOT NULL
RETURN o.code AS code, o.name AS name, o.lon AS lon, o.lat AS lat, t.lon AS dlon,
       t.lat AS dlat, count(DISTINCT a) AS n
ORDER BY n DESC, code
