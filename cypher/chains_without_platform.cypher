// Chains that no platform or institution supports (no Platform -SUPPORTS-> chain).
// params: none
MATCH (c:Chain)
OPTIONAL MATCH (p:Platform)-[:SUPPORTS]->(c)
WITH c, count(p) AS platforms
WHERE platforms = 0
RETURN c.name AS chain
ORDER BY chain
