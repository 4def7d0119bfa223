// Upsert one batch of nodes of one label; the label is filled in only from graph.model.NODE_TYPES.
// params: $rows (list of maps {id, props}, [{"id": "Chain:氢能产业链", "props": {...}}])
UNWIND $rows AS row
MERGE (n:__Label__ {id: row.id})
SET n = row.props
