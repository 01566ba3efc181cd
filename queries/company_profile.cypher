// title_zh: 企业画像
// title_en: Company profile
// description: 集团、控股股东、子公司、总部、行业、协议、拜访与来源 / group, owners, subsidiaries, headquarters, industries, agreements, visits and sources of one company
// param id: 企业标识或名称 company id or exact name | example: 招商局集团
MATCH (c:Company)
WHERE c.id = toString($id) OR c.name = toString($id)
OPTIONAL MATCH (top)-[:OWNS*1..6]->(c)
WHERE NOT ()-[:OWNS]->(top)
WITH c, collect(DISTINCT top.name) AS groups
OPTIONAL MATCH (o)-[own:OWNS]->(c)
WITH c, groups, collect(DISTINCT {name: o.name, id: o.id, share: own.share}) AS owners
OPTIONAL MATCH (c)-[sh:OWNS]->(s:Company)
WITH c, groups, owners, collect(DISTINCT {name: s.name, id: s.id, share: sh.share}) AS subsidiaries
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
WITH c, groups, owners, subsidiaries, collect(DISTINCT r.name) AS headquarters
OPTIONAL MATCH (c)-[:IN_INDUSTRY]->(i:Industry)
WITH c, groups, owners, subsidiaries, headquarters, collect(DISTINCT i.name) AS industries
OPTIONAL MATCH (c)-[:PARTY_TO]->(a:Agreement)
OPTIONAL MATCH (a)-[:SIGNED_IN]->(ar:Region)
WITH c, groups, owners, subsidiaries, headquarters, industries,
     collect(DISTINCT {id: a.id, title: a.title, date: a.date, region: ar.name}) AS agreements
OPTIONAL MATCH (v)-[vis:VISITED]->(c)
WITH c, groups, owners, subsidiaries, headquarters, industries, agreements,
     collect(DISTINCT {visitor: v.name, date: vis.date}) AS visits
OPTIONAL MATCH (src:Source)
WHERE (src)-[:MENTIONS]->(c) OR src.id IN coalesce(c.source_ids, [])
RETURN c.id AS id, c.name AS name, c.listed AS listed, c.reg_capital_cny AS reg_capital_cny,
       groups, [x IN owners WHERE x.name IS NOT NULL] AS owners,
       [x IN subsidiaries WHERE x.name IS NOT NULL] AS subsidiaries, headquarters, industries,
       [x IN agreements WHERE x.id IS NOT NULL] AS agreements,
       [x IN visits WHERE x.visitor IS NOT NULL] AS visits,
       collect(DISTINCT src.title) AS sources
