// How many distinct chains each region works on (regions as recorded on the edges into chains).
// params: none
MATCH ()-[r]->(c:Chain)
WHERE r.region IS NOT NULL
RETURN r.region AS region, count(DISTINCT c) AS chains
ORDER BY chains DESC, region
