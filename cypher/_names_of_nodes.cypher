// Name lookup for a query parameter: every node with its label, name, aliases and mentions.
// params: none
MATCH (n)
RETURN n.id AS id, labels(n)[0] AS type, n.name AS name, n.aliases AS aliases, n.mentions AS mentions
