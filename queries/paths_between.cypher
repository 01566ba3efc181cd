// title_zh: 两实体间路径
// title_en: Paths between two entities
// description: 两个实体（按 id、code 或名称）之间不超过 4 跳的最短路径（不计方向，不经“来源提及”）：“徐州市与华润电力如何相连” / the shortest paths of at most 4 hops (any direction) between two entities given by id, code or exact name, not through a source's MENTIONS: how is 徐州市 connected to 华润电力?
// param a: 起点（id、代码或名称） start: id, code or exact name | example: 徐州市
// param b: 终点（id、代码或名称） end: id, code or exact name | example: 招商局集团
// param limit: 最多路径数 max paths | example: 20
// Both ends are found through the labels' indexes (one UNION branch per label and key or
// name): an unlabelled `MATCH (x) WHERE x.id = …` scans every node.
WITH toString($a) AS k
CALL {
  WITH k MATCH (n:Company {id: k}) RETURN n
  UNION WITH k MATCH (n:Company {name: k}) RETURN n
  UNION WITH k MATCH (n:Organization {id: k}) RETURN n
  UNION WITH k MATCH (n:Organization {name: k}) RETURN n
  UNION WITH k MATCH (n:Region {code: k}) RETURN n
  UNION WITH k MATCH (n:Region {name: k}) RETURN n
  UNION WITH k MATCH (n:Industry {code: k}) RETURN n
  UNION WITH k MATCH (n:Industry {name: k}) RETURN n
  UNION WITH k MATCH (n:Agreement {id: k}) RETURN n
  UNION WITH k MATCH (n:Project {id: k}) RETURN n
  UNION WITH k MATCH (n:Project {name: k}) RETURN n
  UNION WITH k MATCH (n:Event {id: k}) RETURN n
  UNION WITH k MATCH (n:Event {name: k}) RETURN n
  UNION WITH k MATCH (n:Person {id: k}) RETURN n
  UNION WITH k MATCH (n:Person {name: k}) RETURN n
}
WITH n AS x, toString($b) AS k
CALL {
  WITH k MATCH (n:Company {id: k}) RETURN n
  UNION WITH k MATCH (n:Company {name: k}) RETURN n
  UNION WITH k MATCH (n:Organization {id: k}) RETURN n
  UNION WITH k MATCH (n:Organization {name: k}) RETURN n
  UNION WITH k MATCH (n:Region {code: k}) RETURN n
  UNION WITH k MATCH (n:Region {name: k}) RETURN n
  UNION WITH k MATCH (n:Industry {code: k}) RETURN n
  UNION WITH k MATCH (n:Industry {name: k}) RETURN n
  UNION WITH k MATCH (n:Agreement {id: k}) RETURN n
  UNION WITH k MATCH (n:Project {id: k}) RETURN n
  UNION WITH k MATCH (n:Project {name: k}) RETURN n
  UNION WITH k MATCH (n:Event {id: k}) RETURN n
  UNION WITH k MATCH (n:Event {name: k}) RETURN n
  UNION WITH k MATCH (n:Person {id: k}) RETURN n
  UNION WITH k MATCH (n:Person {name: k}) RETURN n
}
WITH x, n AS y
WHERE y <> x
MATCH p = allShortestPaths((x)-[:OWNS|LOCATED_IN|PART_OF|MEMBER_OF|IN_INDUSTRY|SUBCLASS_OF|UPSTREAM_OF|PRIORITIZES|PARTY_TO|SIGNED_IN|CONCERNS|INVESTS_IN|VISITED|HELD_IN|ORGANIZED|INVOLVED|HAS_STATISTIC*..4]-(y))
RETURN length(p) AS hops,
       [v IN nodes(p) | coalesce(v.name, v.title)] AS names,
       [v IN nodes(p) | coalesce(v.id, v.code)] AS ids,
       [r IN relationships(p) | type(r)] AS types,
       p AS path
ORDER BY hops
LIMIT $limit
