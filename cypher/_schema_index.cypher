// Other Cypher servers (FalkorDB): an index on the node id of one label.
// params: none
CREATE INDEX FOR (n:__Label__) ON (n.id)
