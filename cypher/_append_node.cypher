// Append one piece to a long property of one node (a row too big for one Bolt message is written in
// pieces); the property name is filled in only from graph.model.NODE_PROPERTIES.
// params: $id (string, "Chain:氢能产业链"), $piece (list or string, ["001_b", "002_c"])
MATCH (n:__Label__ {id: $id})
SET n.__prop__ = n.__prop__ + $piece
