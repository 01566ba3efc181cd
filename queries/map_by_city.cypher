// title_zh: 省内各市企业与签约数
// title_en: Companies and agreements per city of a province
// description: 某省直属的各下级地区（地级市；直辖市为区县）的企业数与签约地在该地的协议数，供省级地图着色 / per division directly under a province (its cities; a municipality's districts): companies located there and agreements signed there
// param province: 省级地区代码或名称 province code or name | example: 江苏省
MATCH (p:Region {level: 'province'})
WHERE p.code = toString($province) OR p.name = toString($province)
MATCH (r:Region)-[:PART_OF]->(p)
OPTIONAL MATCH (c:Company)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..1]->(r)
WITH r, count(DISTINCT c) AS companies
OPTIONAL MATCH (a:Agreement)-[:SIGNED_IN]->(:Region)-[:PART_OF*0..1]->(r)
RETURN r.code AS code, r.name AS name, companies, count(DISTINCT a) AS agreements
ORDER BY code
