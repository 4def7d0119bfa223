// Which platforms, bodies or enterprises support (赋能) a chain, and the sentence that says so.
// params: $chain (Chain name, 化妆品产业链)
MATCH (s)-[r:SUPPORTS]->(c:Chain)
WHERE c.name = $chain OR $chain IN c.aliases
RETURN labels(s)[0] AS type, s.name AS supporter, r.evidence AS evidence
ORDER BY type, supporter, evidence
