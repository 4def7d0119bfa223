// Who is chain master (链主) of a chain: enterprises that LEAD it.
// params: $chain (Chain name, 动力电池产业链)
MATCH (e:Enterprise)-[r:LEADS]->(c:Chain)
WHERE c.name = $chain OR $chain IN c.aliases
RETURN e.name AS master, r.evidence AS evidence
ORDER BY master, evidence
