// Region lookup for a query parameter: every region named on a node or an edge, at any level of its
// region_path (so 广东省 is found when only its cities are named).
// params: none
MATCH (n) UNWIND coalesce(n.region_path, [n.region]) AS region
WITH region WHERE region IS NOT NULL RETURN DISTINCT region
UNION
MATCH ()-[r]->() UNWIND coalesce(r.region_path, [r.region]) AS region
WITH region WHERE region IS NOT NULL RETURN DISTINCT region
