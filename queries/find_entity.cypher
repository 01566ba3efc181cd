// title_zh: 查找实体
// title_en: Find an entity
// description: 按名称、别名、规范名、拼音或拼音首字母查找企业、机构、地区、行业等 / find companies, organisations, regions, industries, ... by name, alias, normalised name, pinyin or initials (exact matches first)
// param q: 名称片段、别名、拼音或首字母 name fragment, alias, pinyin or initials | example: 招商
// param limit: 最多行数 max rows | example: 20
MATCH (n)
WHERE (n:Company OR n:Organization OR n:Region OR n:Industry OR n:Person OR n:Project OR n:Event)
  AND (n.name CONTAINS toString($q)
       OR any(a IN coalesce(n.aliases, []) WHERE a CONTAINS toString($q))
       OR n.name_norm CONTAINS toLower(toString($q))
       OR toLower(coalesce(n.pinyin, '')) CONTAINS toLower(toString($q))
       OR toLower(coalesce(n.initials, '')) STARTS WITH toLower(toString($q)))
WITH n,
     CASE WHEN n.name = toString($q) OR toString($q) IN coalesce(n.aliases, []) THEN 0
          WHEN n.name STARTS WITH toString($q) THEN 1
          WHEN n.name CONTAINS toString($q) THEN 2
          ELSE 3 END AS rank
RETURN labels(n)[0] AS label, coalesce(n.id, n.code) AS key, n.name AS name,
       coalesce(n.aliases, []) AS aliases, rank
ORDER BY rank, size(n.name), name
LIMIT $limit
