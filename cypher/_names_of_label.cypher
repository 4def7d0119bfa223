// Name lookup for a query parameter: every node of one label with its name, aliases and mentions.
// params: none
MATCH (n:__Label__)
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.mentions AS mentions
