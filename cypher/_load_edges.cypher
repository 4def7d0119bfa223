// Embedded engine: create one batch of edges of one type between two labels, nodes found by their
// indexed load key `_n` (an index seek per row, not a node scan; FalkorDB's index also misses very
// long string keys, so the load does not look nodes up by `id`).
// params: $rows (list of maps {s, t, props}, [{"s": 0, "t": 5, "props": {...}}])
UNWIND $rows AS row
MATCH (a:__Source__ {_n: row.s})
MATCH (b:__Target__ {_n: row.t})
CREATE (a)-[e:__TYPE__]->(b)
SET e = row.props
