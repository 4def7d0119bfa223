// Capability probe: only Neo4j answers dbms.components(); other Bolt servers reject it.
// params: none
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
