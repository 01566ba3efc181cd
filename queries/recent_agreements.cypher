// title_zh: 最近签约
// title_en: Recent agreements
// description: 最近的签约，含签约地与签约方 / the latest agreements with where they were signed and their parties
// param limit: 条数 how many | example: 20
MATCH (a:Agreement) OPTIONAL MATCH (a)-[:SIGNED_IN]->(r:Region)
OPTIONAL MATCH (p)-[:PARTY_TO]->(a)
RETURN a.date AS date, a.title AS title, r.name AS signed_in,
       collect(DISTINCT p.name) AS parties ORDER BY date DESC LIMIT $limit
