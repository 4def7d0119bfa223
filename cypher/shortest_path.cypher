// The shortest connection (up to 4 hops, any direction) between two named actors.
// params: $source (node name, 宁德时代), $target (node name, 国家市场监督管理总局)
MATCH (a), (b)
WHERE a.name = $source AND b.name = $target
MATCH p = (a)-[*1..4]-(b)
WITH p, length(p) AS hops,
     reduce(s = '', n IN nodes(p) | s + n.id + '|') AS node_key,
     reduce(s = '', r IN relationships(p) | s + type(r) + '|') AS rel_key
RETURN hops, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS relations
ORDER BY hops, node_key, rel_key
LIMIT 1
