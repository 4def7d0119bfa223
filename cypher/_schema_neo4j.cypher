// Neo4j: node ids are unique per label (run once per label before a push).
// params: none
CREATE CONSTRAINT chaingraph___Label___id IF NOT EXISTS FOR (n:__Label__) REQUIRE n.id IS UNIQUE
