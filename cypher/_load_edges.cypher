// Embedded engine: create one batch of edges of one type between nodes given by internal id
// (FalkorDB's index misses very long string keys, so the load does not look nodes up by `id`).
// params: $rows (list of maps {s, t, props}, [{"s": 0, "t": 5, "props": {...}}])
UNWIND $rows AS row
MATCH (a), (b)
WHERE id(a) = row.s AND id(b) = row.t
CREATE (a)-[e:__TYPE__]->(b)
SET e = row.props
