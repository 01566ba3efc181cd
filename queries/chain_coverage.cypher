// title_zh: 产业链覆盖
// title_en: Industry-chain coverage of a region
// description: 地区（或其上级）重点产业链的各环节（归入最近的重点产业）：本地（含下级地区）有无企业，无企业者为缺口 / the segments of the priority chains of a region (or of the region it belongs to; each under its nearest priority): local companies (sub-regions included) per segment; segments without any are gaps
// param region: 地区代码或名称 region code or name | example: 徐州市
MATCH (r:Region)
WHERE r.code = toString($region) OR r.name = toString($region)
MATCH (r)-[:PART_OF*0..3]->(pr:Region)-[:PRIORITIZES]->(p:Industry)
MATCH path = (seg:Industry)-[:SUBCLASS_OF*1..3]->(p)
WHERE seg.scheme STARTS WITH 'chain:'
OPTIONAL MATCH (child:Industry)-[:SUBCLASS_OF]->(seg)
WHERE child.scheme = seg.scheme
WITH r, seg, p, length(path) AS hops, count(child) AS children
WHERE children = 0
WITH r, seg, p, hops
ORDER BY hops
WITH r, seg, collect(p)[0] AS p
OPTIONAL MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBCLASS_OF*0..3]->(seg)
WHERE (c)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r)
WITH p, seg, collect(DISTINCT c.name) AS companies
OPTIONAL MATCH (seg)-[:SUBCLASS_OF]->(stage:Industry)
WHERE stage.scheme = seg.scheme
RETURN p.name AS priority, seg.code AS code, seg.name AS segment, collect(stage.name)[0] AS stage,
       size(companies) AS local_companies, companies, size(companies) = 0 AS gap
ORDER BY priority, code
