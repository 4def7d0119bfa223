// A region's ecosystem: every edge stated for the region or touching a node of the region.
// params: $region (region name, 广州市)
MATCH (a)-[r]->(b)
WHERE r.region = $region OR a.region = $region OR b.region = $region
RETURN labels(a)[0] AS source_type, a.name AS source, type(r) AS relation,
       labels(b)[0] AS target_type, b.name AS target
ORDER BY a.id, relation, b.id
