// A region's ecosystem, rolled up: every edge stated in the region or in a region inside it (广东省 holds
// 广州市 and 顺德区), or touching a node there; graphs without region_path fall back to the one region.
// params: $region (region name, 广州市)
MATCH (a)-[r]->(b)
WHERE $region IN coalesce(r.region_path, [r.region]) OR $region IN coalesce(a.region_path, [a.region])
   OR $region IN coalesce(b.region_path, [b.region])
RETURN labels(a)[0] AS source_type, a.name AS source, type(r) AS relation,
       labels(b)[0] AS target_type, b.name AS target
ORDER BY a.id, relation, b.id
