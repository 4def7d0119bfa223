// Actors (any type) connected to at least $min_chains different chains, most connected first.
// params: $min_chains (integer, 2)
MATCH (a)-[]->(c:Chain)
WITH a, count(DISTINCT c) AS chains
WHERE chains >= $min_chains
RETURN labels(a)[0] AS type, a.name AS actor, chains
ORDER BY chains DESC, type, actor
