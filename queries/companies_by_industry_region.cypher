// title_zh: 按行业与地区查企业
// title_en: Companies by industry and region
// description: 某行业（含子类）且位于某地区（含下级地区与城市群成员）的企业 / companies in an industry (or its subclasses) located in a region (or its sub-regions and cluster members)
// param industry: 行业代码或名称 industry code or name | example: GB4754:J
// param region: 地区代码或名称 region code or name | example: 粤港澳大湾区
// param limit: 最多行数 max rows | example: 100
MATCH (i:Industry)
WHERE i.code = toString($industry) OR i.name = toString($industry)
MATCH (r:Region)
WHERE r.code = toString($region) OR r.name = toString($region)
MATCH (c:Company)-[:IN_INDUSTRY]->(ci:Industry)-[:SUBCLASS_OF*0..4]->(i)
MATCH (c)-[:LOCATED_IN]->(cr:Region)-[:PART_OF|MEMBER_OF*0..3]->(r)
RETURN c.id AS id, c.name AS name, collect(DISTINCT ci.name) AS industries,
       collect(DISTINCT cr.name) AS regions, c.reg_capital_cny AS reg_capital_cny, c.listed AS listed
ORDER BY name
LIMIT $limit
