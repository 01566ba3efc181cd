// title_zh: 地区画像
// title_en: Region profile
// description: 上级地区、下级地区数、重点产业、各行业本地企业数、历年签约数（在本地签署或有本地签约方）、已签约企业 / parent, number of sub-regions, priority industries, local companies per industry, agreements per year (signed there or with a local party) and engaged companies of a region (sub-regions included)
// param region: 地区代码或名称 region code or name | example: 徐州市
MATCH (r:Region)
WHERE r.code = toString($region) OR r.name = toString($region)
OPTIONAL MATCH (r)-[:PART_OF]->(up:Region)
WITH r, collect(up.name) AS parents
OPTIONAL MATCH (sub:Region)-[:PART_OF|MEMBER_OF*1..3]->(r)
WITH r, parents, collect(DISTINCT sub) AS subs
WITH r, parents, size(subs) AS sub_regions, subs + [r] AS scope
OPTIONAL MATCH (r)-[:PRIORITIZES]->(pi:Industry)
WITH r, parents, sub_regions, scope, collect(DISTINCT pi.name) AS priorities
UNWIND scope AS s
OPTIONAL MATCH (lc:Company)-[:LOCATED_IN]->(s)
WITH r, parents, sub_regions, scope, priorities, collect(DISTINCT lc) AS locals
UNWIND (CASE WHEN size(locals) = 0 THEN [null] ELSE locals END) AS lc
OPTIONAL MATCH (lc)-[:IN_INDUSTRY]->(li:Industry)
WITH r, parents, sub_regions, scope, priorities, size(locals) AS local_companies, li, count(DISTINCT lc) AS n
WITH r, parents, sub_regions, scope, priorities, local_companies,
     collect(CASE WHEN li IS NULL THEN null ELSE {industry: li.name, companies: n} END) AS by_industry
UNWIND scope AS s
OPTIONAL MATCH (a1:Agreement)-[:SIGNED_IN]->(s)
WITH r, parents, sub_regions, scope, priorities, local_companies, by_industry, collect(DISTINCT a1) AS signed
UNWIND scope AS s
OPTIONAL MATCH (a2:Agreement)<-[:PARTY_TO]-()-[:LOCATED_IN]->(s)
WITH r, parents, sub_regions, priorities, local_companies, by_industry, signed, collect(DISTINCT a2) AS local
WITH r, parents, sub_regions, priorities, local_companies, by_industry, signed + local AS both
UNWIND (CASE WHEN size(both) = 0 THEN [null] ELSE both END) AS a
WITH r, parents, sub_regions, priorities, local_companies, by_industry, collect(DISTINCT a) AS ags
UNWIND (CASE WHEN size(ags) = 0 THEN [null] ELSE ags END) AS a
OPTIONAL MATCH (ec:Company)-[:PARTY_TO]->(a)
WITH r, parents, sub_regions, priorities, local_companies, by_industry,
     collect(DISTINCT ec.name) AS engaged, collect(DISTINCT {year: substring(a.date, 0, 4), id: a.id}) AS dated
UNWIND dated AS x
WITH r, parents, sub_regions, priorities, local_companies, by_industry, engaged,
     x.year AS year, count(DISTINCT x.id) AS n
WITH r, parents, sub_regions, priorities, local_companies, by_industry, engaged,
     collect(CASE WHEN year IS NULL THEN null ELSE {year: year, agreements: n} END) AS agreements_by_year
RETURN r.code AS code, r.name AS name, r.level AS level, parents, sub_regions, priorities,
       local_companies, by_industry, agreements_by_year, engaged
