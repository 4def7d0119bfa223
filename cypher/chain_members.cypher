// Which enterprises are members (链员) of a chain.
// params: $chain (Chain name, 新型储能产业链)
MATCH (e:Enterprise)-[r:MEMBER_OF]->(c:Chain)
WHERE c.name = $chain OR $chain IN c.aliases
RETURN e.name AS member, r.evidence AS evidence
ORDER BY member, evidence
