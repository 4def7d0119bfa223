// Policy documents that cover a chain, one row per issuing body ('' when no issuer is known).
// params: $chain (Chain name, 新型储能产业链)
MATCH (d:PolicyDocument)-[:COVERS]->(c:Chain)
WHERE c.name = $chain OR $chain IN c.aliases
OPTIONAL MATCH (g:GovernmentBody)-[:ISSUED]->(d)
RETURN d.name AS document, coalesce(g.name, '') AS issuer
ORDER BY document, issuer
