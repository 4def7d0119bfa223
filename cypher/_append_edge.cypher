// Append one piece to a long property of one edge (a row too big for one Bolt message is written in
// pieces); the property name is filled in only from graph.model.EDGE_PROPERTIES.
// params: $source (string, "Enterprise:宁德时代"), $target (string, "Chain:动力电池产业链"), $piece (list or string, ["句子"])
MATCH (a:__Source__ {id: $source})-[e:__TYPE__]->(b:__Target__ {id: $target})
SET e.__prop__ = e.__prop__ + $piece
