// title_zh: 各省企业与签约数
// title_en: Companies and agreements per province
// description: 每个省级行政区（含其下级地区）的企业数与签约地在该省的协议数，供全国地图着色 / per province (sub-regions included): companies located there and agreements signed there, for the country map
MATCH (p:Region {level: 'province'})
OPTIONAL MATCH (c:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..2]->(p)
WITH p, count(DISTINCT c) AS companies
OPTIONAL MATCH (a:Agreement)-[:SIGNED_IN]->(:Region)-[:PART_OF*0..2]->(p)
RETURN p.code AS code, p.name AS name, companies, count(DISTINCT a) AS agreements
ORDER BY code
