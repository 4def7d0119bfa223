// Embedded engine: remove the temporary load key `_n` from the nodes of one label after the load.
// params: none
MATCH (n:__Label__)
REMOVE n._n
