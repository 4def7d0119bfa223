// Embedded engine: create one batch of nodes of one label in an empty graph, each with a temporary
// integer load key `_n` (indexed, so the edge load finds nodes by index; removed after the load).
// params: $rows (list of maps {n, props}, [{"n": 0, "props": {...}}])
UNWIND $rows AS row
CREATE (n:__Label__)
SET n = row.props, n._n = row.n
