// Government bodies that issued the most policy documents.
// params: $limit (integer, 10)
MATCH (g:GovernmentBody)-[:ISSUED]->(d:PolicyDocument)
RETURN g.name AS issuer, count(d) AS documents
ORDER BY documents DESC, issuer
LIMIT $limit
