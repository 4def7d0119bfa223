// The evidence behind the edges between two named nodes: articles, sentences, rule, confidence.
// params: $source (node name, 广州市人民政府), $target (node name, 广州市质量强市建设实施方案)
MATCH (a)-[r]->(b)
WHERE a.name = $source AND b.name = $target
RETURN type(r) AS relation, r.articles AS articles, r.evidences AS evidences,
       coalesce(r.rule, '') AS rule, r.confidence AS confidence
ORDER BY relation
