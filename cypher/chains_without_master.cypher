// Chains that no enterprise leads as chain master (链主) — gaps in the chain-chief system.
// params: none
MATCH (c:Chain)
OPTIONAL MATCH (e:Enterprise)-[:LEADS]->(c)
WITH c, count(e) AS masters
WHERE masters = 0
RETURN c.name AS chain
ORDER BY chain
