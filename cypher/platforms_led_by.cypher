// Platforms and consortia that a named body or enterprise leads, builds or initiates.
// params: $leader (node name, 苏州市市场监督管理局)
MATCH (x)-[r:LEADS]->(p:Platform)
WHERE x.name = $leader OR $leader IN x.aliases
RETURN p.name AS platform, coalesce(p.kind, '') AS kind, r.evidence AS evidence
ORDER BY platform, kind, evidence
