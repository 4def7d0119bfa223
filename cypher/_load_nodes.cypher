// Embedded engine: create one batch of nodes of one label in an empty graph, returning their internal ids.
// params: $rows (list of maps {id, props}, [{"id": "Chain:氢能产业链", "props": {...}}])
UNWIND $rows AS row
CREATE (n:__Label__)
SET n = row.props
RETURN row.id AS key, id(n) AS internal
