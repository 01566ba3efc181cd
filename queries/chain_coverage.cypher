// title_zh: 产业链覆盖
// title_en: Industry-chain coverage of a region
// description: 地区（或其上级）重点产业链的各环节（经其国标行业类别找企业）：本地有企业为“已覆盖”；本地没有、且本省企业都知道到地市一级为“缺口”；本省有企业只知道到省一级（可能就在本地）或该环节企业都不知道地市为“数据不足” / the segments of a region's priority chains, each resolved to companies through its GB/T classes: 已覆盖 (local companies), 缺口 (none local and every company of the segment in the region's province is located to city level), 数据不足 (some are located only to the province, so they may be local, or none is located to city level anywhere)
// param region: 地区代码或名称 region code or name | example: 徐州市
MATCH (r:Region)
WHERE r.code = toString($region) OR r.name = toString($region)
WITH r LIMIT 1
OPTIONAL MATCH (s:Region)-[:PART_OF*0..3]->(r)
WITH r, collect(s.code) AS scope
OPTIONAL MATCH (r)-[:PART_OF*1..3]->(up:Region)
WITH r, scope, [x IN collect(up) WHERE x.level = 'province' | x.code] AS provinces
MATCH (r)-[:PART_OF*0..3]->(:Region)-[:PRIORITIZES]->(p:Industry)
MATCH path = (seg:Industry)-[:SUBCLASS_OF*1..3]->(p)
WHERE seg.scheme STARTS WITH 'chain:'
OPTIONAL MATCH (child:Industry)-[:SUBCLASS_OF]->(seg)
WHERE child.scheme = seg.scheme
WITH scope, provinces, seg, p, length(path) AS hops, count(child) AS children
WHERE children = 0
WITH scope, provinces, seg, p, hops
ORDER BY hops
WITH scope, provinces, seg, collect(p)[0] AS p
OPTIONAL MATCH (seg)-[:SUBCLASS_OF]->(g:Industry)
WHERE NOT g.scheme STARTS WITH 'chain:'
WITH scope, provinces, seg, p, collect(g.name) AS classes, collect(g.code) + [seg.code] AS codes
OPTIONAL MATCH (c:Company)-[:IN_INDUSTRY]->(:Industry)-[:SUBCLASS_OF*0..3]->(g:Industry)
WHERE g.code IN codes
WITH DISTINCT scope, provinces, seg, p, classes, c
OPTIONAL MATCH (c)-[:LOCATED_IN]->(loc:Region)
WITH scope, provinces, seg, p, classes, c, collect(loc.code) AS lc, collect(loc.level) AS ll
WITH seg, p, classes, c, any(x IN lc WHERE x IN scope) AS local,
     any(x IN ll WHERE x IN ['prefecture', 'county']) AS city_known,
     any(x IN lc WHERE x IN provinces) AS province_here
WITH seg, p, classes,
     collect(CASE WHEN local THEN c.name END) AS companies,
     sum(CASE WHEN c IS NOT NULL AND city_known AND NOT local THEN 1 ELSE 0 END) AS city_known,
     sum(CASE WHEN c IS NOT NULL AND province_here AND NOT city_known AND NOT local
         THEN 1 ELSE 0 END) AS province_only
OPTIONAL MATCH (seg)-[:SUBCLASS_OF]->(stage:Industry)
WHERE stage.scheme = seg.scheme
WITH p, seg, classes, companies, city_known, province_only, collect(stage.name)[0] AS stage,
     CASE WHEN size(companies) > 0 THEN '已覆盖'
          WHEN province_only = 0 AND city_known > 0 THEN '缺口'
          ELSE '数据不足' END AS status
RETURN p.name AS priority, seg.code AS code, seg.name AS segment, stage, classes,
       size(companies) AS local_companies, companies, city_known, province_only, status,
       status = '缺口' AS gap
ORDER BY priority, code
