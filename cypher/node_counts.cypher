// How many nodes of each type (label) the graph holds.
// params: none
MATCH (n)
RETURN labels(n)[0] AS label, count(n) AS nodes
ORDER BY label
