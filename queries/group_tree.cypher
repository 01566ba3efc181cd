// title_zh: 集团股权树
// title_en: Group tree
// description: 最终控制方（持股穿透比例最高的无上级股东）下的股权树：直接持股、穿透持股（路径上持股比例之积，多条路径相加；比例未知则为空）与层级 / the ownership tree under the ultimate controller (the top owner with the highest penetrated share): direct share, cumulative share (product of shares along each path, summed over paths; empty when a share is unknown) and depth
// param id: 集团内任一企业的标识或名称 id or exact name of any company in the group | example: 招商银行
// param limit: 最多行数 max rows | example: 200
MATCH (c:Company)
WHERE c.id = toString($id) OR c.name = toString($id)
MATCH p0 = (top)-[:OWNS*0..6]->(c)
WHERE NOT ()-[:OWNS]->(top)
WITH top, length(p0) AS hops,
     reduce(x = 1.0, r IN relationships(p0) | x * coalesce(r.share, 1.0)) AS ctrl
ORDER BY ctrl DESC, hops DESC
LIMIT 1
MATCH p = (top)-[:OWNS*0..6]->(s)
WITH top, s, length(p) AS len, relationships(p) AS rs
WITH top, s, len,
     CASE WHEN any(r IN rs WHERE r.share IS NULL) THEN null
          ELSE reduce(x = 1.0, r IN rs | x * r.share) END AS path_share
WITH top, s, min(len) AS depth, collect(path_share) AS path_shares
OPTIONAL MATCH (parent)-[o:OWNS]->(s)
WITH top, s, depth, path_shares, collect({name: parent.name, id: parent.id, share: o.share}) AS parents
RETURN coalesce(top.id, top.name) AS controller_id, top.name AS controller,
       s.id AS id, s.name AS name, depth,
       [x IN parents WHERE x.name IS NOT NULL] AS parents,
       CASE WHEN depth = 0 THEN null
            ELSE reduce(m = null, x IN parents | CASE WHEN m IS NULL OR x.share > m THEN x.share ELSE m END) END AS direct_share,
       CASE WHEN depth = 0 THEN 1.0 WHEN size(path_shares) = 0 THEN null
            ELSE reduce(t = 0.0, x IN path_shares | t + x) END AS cumulative_share
ORDER BY depth, name
LIMIT $limit
