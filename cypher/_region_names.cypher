// Region lookup for a query parameter: every region named on a node or an edge.
// params: none
MATCH (n) WHERE n.region IS NOT NULL RETURN DISTINCT n.region AS region
UNION
MATCH ()-[r]->() WHERE r.region IS NOT NULL RETURN DISTINCT r.region AS region
