// Nodes whose name or an alias contains a text, with their type and mention count.
// params: $text (string, 市场监督管理局)
MATCH (n)
WHERE n.name CONTAINS $text OR any(x IN n.aliases WHERE x CONTAINS $text)
RETURN labels(n)[0] AS type, n.name AS name, coalesce(n.mentions, 0) AS mentions
ORDER BY type, name
