// title_zh: 企业所在省市
// title_en: Province and city of companies
// description: 给定企业标识，返回其所在地区、所属地级市与省（用于按地区统计线索） / for company ids: the region each is located in, its city and its province (to count leads per region)
// param ids: 企业标识，竖线分隔 company ids joined by a vertical bar | example: name:招商银行|name:招商证券
UNWIND split(toString($ids), '|') AS cid
MATCH (c:Company {id: cid})-[:LOCATED_IN]->(r:Region)
OPTIONAL MATCH (r)-[:PART_OF*0..2]->(pv:Region {level: 'province'})
OPTIONAL MATCH (r)-[:PART_OF*0..1]->(ct:Region)-[:PART_OF]->(pv)
RETURN c.id AS id, c.name AS name, r.code AS region, collect(DISTINCT ct.code)[0] AS city,
       collect(DISTINCT pv.code)[0] AS province
