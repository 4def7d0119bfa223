// Every edge read from one article (by article id), with its evidence sentence.
// params: $article (string, 000_94aaf5c81d9f943d)
MATCH (a)-[r]->(b)
WHERE $article IN r.articles
RETURN a.name AS source, type(r) AS relation, b.name AS target, r.evidence AS evidence
ORDER BY a.id, relation, b.id
