// title_zh: 签约流向
// title_en: Agreement flows
// description: 签约方所在地 → 签约地，按签约数（概览页地图的连线） / from where the parties are located to where they signed, with the number of agreements (the lines of the overview map)
MATCH (p)-[:PARTY_TO]->(a:Agreement)-[:SIGNED_IN]->(s:Region)
MATCH (p)-[:LOCATED_IN]->(o:Region)
WHERE o.lat IS NOT NULL AND s.lat IS NOT NULL AND o <> s
RETURN o.name AS src, o.lat AS slat, o.lon AS slon, s.name AS dst, s.lat AS dlat,
       s.lon AS dlon, count(DISTINCT a) AS n
