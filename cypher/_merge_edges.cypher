// Upsert one batch of edges of one type between two labels; labels/type only from graph.model.
// params: $rows (list of maps {source, target, props}, [{"source": "Enterprise:宁德时代", "target": "Chain:动力电池产业链", "props": {...}}])
UNWIND $rows AS row
MATCH (a:__Source__ {id: row.source})
MATCH (b:__Target__ {id: row.target})
MERGE (a)-[e:__TYPE__]->(b)
SET e = row.props
