// How many edges of each relationship type the graph holds.
// params: none
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS edges
ORDER BY type
