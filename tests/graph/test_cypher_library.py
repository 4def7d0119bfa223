"""Every named query of cypher/ against the real embedded engine equals the same answer computed with networkx."""
from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pytest

import cypher
from graph.store import read_graph

pytestmark = pytest.mark.server


# --- networkx equivalents, one per named query ------------------------------

def _label(g, n):
    return g.nodes[n]["type"]


def _name(g, n):
    return g.nodes[n]["name"]


def _named(g, n, text):
    a = g.nodes[n]
    return a["name"] == text or text in (a.get("aliases") or [])


def _edges(g, rel=None, src=None, dst=None):
    for u, v, k, a in g.edges(keys=True, data=True):
        if (rel is None or k == rel) and (src is None or _label(g, u) == src) and (dst is None or _label(g, v) == dst):
            yield u, v, k, a


def node_counts(g):
    return sorted(Counter(_label(g, n) for n in g).items())


def edge_counts(g):
    return sorted(Counter(k for _, _, k in g.edges(keys=True)).items())


def chain_leaders(g, chain):
    return sorted((_name(g, u), g.nodes[u].get("region") or "", a["evidence"])
                  for u, v, _, a in _edges(g, "LEADS", "GovernmentBody", "Chain") if _named(g, v, chain))


def chain_masters(g, chain):
    return sorted((_name(g, u), a["evidence"]) for u, v, _, a in _edges(g, "LEADS", "Enterprise", "Chain")
                  if _named(g, v, chain))


def chain_members(g, chain):
    return sorted((_name(g, u), a["evidence"]) for u, v, _, a in _edges(g, "MEMBER_OF", "Enterprise", "Chain")
                  if _named(g, v, chain))


def chain_supporters(g, chain):
    return sorted((_label(g, u), _name(g, u), a["evidence"]) for u, v, _, a in _edges(g, "SUPPORTS", None, "Chain")
                  if _named(g, v, chain))


def chains_without_master(g):
    led = {v for _, v, _, _ in _edges(g, "LEADS", "Enterprise", "Chain")}
    return sorted((_name(g, c),) for c in g if _label(g, c) == "Chain" and c not in led)


def chains_without_platform(g):
    served = {v for _, v, _, _ in _edges(g, "SUPPORTS", "Platform", "Chain")}
    return sorted((_name(g, c),) for c in g if _label(g, c) == "Chain" and c not in served)


def chain_documents(g, chain):
    rows = []
    for d, c, _, _ in _edges(g, "COVERS", "PolicyDocument", "Chain"):
        if _named(g, c, chain):
            issuers = [_name(g, u) for u, v, _, _ in _edges(g, "ISSUED", "GovernmentBody") if v == d] or [""]
            rows += [(_name(g, d), i) for i in issuers]
    return sorted(rows)


def multi_chain_actors(g, min_chains):
    chains = defaultdict(set)
    for u, v, _, _ in _edges(g, None, None, "Chain"):
        chains[u].add(v)
    rows = [(_label(g, u), _name(g, u), len(cs)) for u, cs in chains.items() if len(cs) >= min_chains]
    return sorted(rows, key=lambda r: (-r[2], r[0], r[1]))


def region_ecosystem(g, region):
    from graph.regions import path_of  # rolled up: a region holds the regions inside it

    rows = [(u, k, v) for u, v, k, a in _edges(g)
            if region in (*path_of(a), *path_of(g.nodes[u]), *path_of(g.nodes[v]))]
    return [(_label(g, u), _name(g, u), k, _label(g, v), _name(g, v)) for u, k, v in sorted(rows)]


def shortest_path(g, source, target):
    ug = nx.MultiGraph()
    ug.add_nodes_from(g)
    for u, v, k in g.edges(keys=True):
        ug.add_edge(u, v, key=(u, v, k))
    best = None
    for s in [n for n in g if _name(g, n) == source]:
        for t in [n for n in g if _name(g, n) == target]:
            if s == t:
                continue
            for path in nx.all_simple_edge_paths(ug, s, t, cutoff=4):
                nodes = [s]
                for a, b, _key in path:
                    nodes.append(b if a == nodes[-1] else a)
                rels = [key[2] for _, _, key in path]
                cand = (len(path), "".join(n + "|" for n in nodes), "".join(r + "|" for r in rels), nodes, rels)
                best = cand if best is None or cand[:3] < best[:3] else best
    return [] if best is None else [(best[0], [_name(g, n) for n in best[3]], best[4])]


def edge_evidence(g, source, target):
    return sorted((k, a.get("articles"), a.get("evidences"), a.get("rule") or "", a.get("confidence"))
                  for u, v, k, a in _edges(g) if _name(g, u) == source and _name(g, v) == target)


def top_issuers(g, limit):
    c = Counter(_name(g, u) for u, _, _, _ in _edges(g, "ISSUED", "GovernmentBody", "PolicyDocument"))
    return sorted(c.items(), key=lambda r: (-r[1], r[0]))[:limit]


def platforms_led_by(g, leader):
    return sorted((_name(g, v), g.nodes[v].get("kind") or "", a["evidence"])
                  for u, v, _, a in _edges(g, "LEADS", None, "Platform") if _named(g, u, leader))


def chains_per_region(g):
    chains = defaultdict(set)
    for _, v, _, a in _edges(g, None, None, "Chain"):
        if a.get("region") is not None:
            chains[a["region"]].add(v)
    return sorted(((r, len(cs)) for r, cs in chains.items()), key=lambda r: (-r[1], r[0]))


def issuer_documents(g, issuer):
    rows = []
    for u, d, _, _ in _edges(g, "ISSUED", "GovernmentBody", "PolicyDocument"):
        if _named(g, u, issuer):
            covered = [_name(g, c) for x, c, _, _ in _edges(g, "COVERS", None, "Chain") if x == d] or [""]
            rows += [(_name(g, d), c) for c in covered]
    return sorted(rows)


def article_edges(g, article):
    rows = sorted((u, k, v, a["evidence"]) for u, v, k, a in _edges(g) if article in (a.get("articles") or []))
    return [(_name(g, u), k, _name(g, v), ev) for u, k, v, ev in rows]


def find_nodes(g, text):
    return sorted((_label(g, n), a["name"], a.get("mentions") or 0) for n, a in g.nodes(data=True)
                  if text in a["name"] or any(text in x for x in a.get("aliases") or []))


EQUIVALENTS = {f.__name__: f for f in (
    node_counts, edge_counts, chain_leaders, chain_masters, chain_members, chain_supporters, chains_without_master,
    chains_without_platform, chain_documents, multi_chain_actors, region_ecosystem, shortest_path, edge_evidence,
    top_issuers, platforms_led_by, chains_per_region, issuer_documents, article_edges, find_nodes)}


def param_sets(g, name):
    """Meaningful parameter values for `name` taken from the graph itself (works on any graph)."""
    chains = sorted(_name(g, n) for n in g if _label(g, n) == "Chain")
    aliases = sorted(x for n in g if _label(g, n) == "Chain" for x in g.nodes[n].get("aliases") or [])[:3]
    edges = sorted((_name(g, u), _name(g, v)) for u, v in g.edges())
    actors = sorted({_name(g, u) for u, _ in g.edges()})
    regions = sorted({r for _, _, a in g.edges(data=True) for r in a.get("region_path") or [a.get("region")] if r})
    articles = sorted({x for _, _, a in g.edges(data=True) for x in a.get("articles") or []})
    sets = {
        "chain": [{"chain": c} for c in chains + aliases + ["没有这条链"]],
        "min_chains": [{"min_chains": k} for k in (1, 2, 3)],
        "region": [{"region": r} for r in regions + ["无此地"]],
        "source": [{"source": s, "target": t} for s, t in edges[:6] + [(edges[0][0], edges[-1][1])]],
        "limit": [{"limit": k} for k in (1, 3, 100)],
        "leader": [{"leader": a} for a in actors],
        "issuer": [{"issuer": a} for a in actors],
        "article": [{"article": a} for a in articles],
        "text": [{"text": t} for t in ("市场监督管理局", "产业链", "链", "不存在")],
    }
    params = cypher.load(name).params
    return sets[params[0]] if params else [{}]


def test_name_parameters_are_declared_in_the_headers():
    kinds = {name: dict(cypher.load(name).names) for name in cypher.names()}
    assert kinds["chain_leaders"] == {"chain": "Chain"} and kinds["issuer_documents"] == {"issuer": "GovernmentBody"}
    assert kinds["shortest_path"] == {"source": "node", "target": "node"}
    assert kinds["region_ecosystem"] == {"region": "region"}
    assert kinds["find_nodes"] == {} and kinds["article_edges"] == {} and kinds["top_issuers"] == {}
    for name in cypher.names():  # every `$x (... name, ...)` param is a real parameter of the query
        assert set(kinds[name]) <= set(cypher.load(name).params), name


def test_every_named_query_has_a_networkx_equivalent_and_docs():
    assert set(cypher.names()) == set(EQUIVALENTS)
    assert len(cypher.names()) >= 12
    for name in cypher.names():
        q = cypher.load(name)
        assert q.description and q.params_doc, name
        assert "ORDER BY" in q.text, name


@pytest.mark.parametrize("name", sorted(EQUIVALENTS))
def test_named_query_equals_networkx(name, chain_engine, chain_graph_dir):
    g = read_graph(chain_graph_dir)
    q = cypher.load(name)
    nonempty = 0
    for params in param_sets(g, name):
        got = [tuple(r) for r in chain_engine.query(q.text, params).rows]
        expected = [tuple(r) for r in EQUIVALENTS[name](g, **params)]
        assert got == expected, (name, params)
        nonempty += bool(got)
    assert nonempty, f"{name}: every parameter set gave no rows, the comparison proves nothing"


@pytest.mark.slow
def test_named_queries_equal_networkx_on_the_seed_graph(request):
    from graph.engine import EmbeddedEngine

    seed = request.getfixturevalue("seed_graph_dir")
    g = read_graph(seed)
    with EmbeddedEngine(seed) as eng:
        for name in sorted(EQUIVALENTS):
            q = cypher.load(name)
            for params in param_sets(g, name):
                got = [tuple(r) for r in eng.query(q.text, params).rows]
                assert got == [tuple(r) for r in EQUIVALENTS[name](g, **params)], (name, params)


def test_an_unknown_query_name_is_a_library_error_naming_no_cli_flag():
    """The library suggests the closest name; only the CLI words it as `chaingraph query --list`."""
    from graph.cli_errors import cli_message
    from graph.errors import UnknownQueryError
    from graph.query_run import load_named

    with pytest.raises(UnknownQueryError) as caught:
        load_named("chain_leader")
    assert caught.value.suggestion == "chain_leaders"
    assert "--" not in str(caught.value) and "chaingraph" not in str(caught.value)
    assert cli_message(caught.value).endswith("did you mean chain_leaders? (see `chaingraph query --list`)")
