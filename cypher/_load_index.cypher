// Embedded engine: index the temporary load key `_n` of one label (created before its nodes).
// params: none
CREATE INDEX FOR (n:__Label__) ON (n._n)
