// Embedded engine: drop the index on the temporary load key `_n` of one label after the load.
// params: none
DROP INDEX FOR (n:__Label__) ON (n._n)
