// The policy documents a government body issued, with the chains each one covers ('' if none).
// params: $issuer (GovernmentBody name, 广州市人民政府)
MATCH (g:GovernmentBody)-[:ISSUED]->(d:PolicyDocument)
WHERE g.name = $issuer OR $issuer IN g.aliases
OPTIONAL MATCH (d)-[:COVERS]->(c:Chain)
RETURN d.name AS document, coalesce(c.name, '') AS chain
ORDER BY document, chain
