// Who is chain chief (链长) of a chain: government bodies that LEAD it, with the evidence sentence.
// params: $chain (Chain name, 新型储能产业链)
MATCH (g:GovernmentBody)-[r:LEADS]->(c:Chain)
WHERE c.name = $chain OR $chain IN c.aliases
RETURN g.name AS leader, coalesce(g.region, '') AS region, r.evidence AS evidence
ORDER BY leader, region, evidence
