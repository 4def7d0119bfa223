"""Network measures and ecosystem facts of a chaingraph MultiDiGraph, networkx style.

Every function takes the graph first, options keyword-only, and returns a dict
keyed by node id (or small frozen records for chain cards, gaps and regions).
Direction matters only for degrees and PageRank; betweenness, closeness,
eigenvector and communities use the *undirected simple projection* (direction
and parallel edges of different types collapsed, unweighted), since an
ecosystem tie is a tie whichever way the verb points.  Above `max_exact`
nodes, betweenness and closeness are estimated from `sample_size` seeded
pivots and communities come from igraph's Leiden (see README "How the report
is computed").  Heavy lifting is done by igraph/scipy in C; results equal
networkx's on small graphs (tests check that).
"""
from __future__ import annotations

import functools
import random
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

from .regions import region_members, region_parents

MAX_EXACT_NODES = 5000  # above this, betweenness/closeness are sampled and communities use Leiden
SEED = 42
SAMPLE_MAX = 500  # pivots for the sampled measures ...
SAMPLE_MIN = 100  # ... never fewer than this (or n)
SAMPLE_WORK = 50_000_000  # ... and about this many edge visits: k = WORK // edges, clamped


@dataclass(frozen=True, eq=False)
class Projection:
    """Index arrays of a graph: node ids (sorted; index = position), its directed arcs, and the
    undirected simple projection's unique edges u < v.  Matrices and the igraph copy are cached."""

    nodes: tuple[str, ...]
    edges: np.ndarray  # shape (m, 2), int64, u < v, no self-loops, sorted
    arcs: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))  # every edge of g, directed

    @property
    def n(self) -> int:
        return len(self.nodes)

    @property
    def m(self) -> int:
        return int(self.edges.shape[0])

    @functools.cached_property
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric 0/1 adjacency matrix of the projection."""
        u, v = self.edges[:, 0], self.edges[:, 1]
        data = np.ones(2 * self.m)
        return sp.csr_matrix((data, (np.r_[u, v], np.r_[v, u])), shape=(self.n, self.n))

    @functools.cached_property
    def ig(self):
        """The projection as an igraph.Graph (vertex i = nodes[i])."""
        import igraph as ig

        return ig.Graph(n=self.n, edges=self.edges, directed=False)

    def networkx(self) -> nx.Graph:
        """The projection as nx.Graph, nodes and edges inserted in sorted order."""
        h = nx.Graph()
        h.add_nodes_from(self.nodes)
        h.add_edges_from((self.nodes[u], self.nodes[v]) for u, v in self.edges.tolist())
        return h


def project(g: nx.MultiDiGraph) -> Projection:
    """Index `g`: keep its arcs, and collapse direction, parallel edges and self-loops for the projection."""
    nodes = tuple(sorted(g.nodes()))
    index = {v: i for i, v in enumerate(nodes)}
    n = len(nodes)
    arcs = np.fromiter((index[x] for e in g.edges() for x in e), dtype=np.int64,
                       count=2 * g.number_of_edges()).reshape(-1, 2)
    lo, hi = arcs.min(axis=1), arcs.max(axis=1)
    keys = np.unique(lo[lo != hi] * n + hi[lo != hi])  # sorted, one per unordered pair
    edges = np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1).astype(np.int64).reshape(-1, 2)
    return Projection(nodes=nodes, edges=edges, arcs=arcs)


def is_sampled(g: nx.Graph, *, max_exact: int = MAX_EXACT_NODES) -> bool:
    """True when betweenness/closeness are estimated and communities come from Leiden."""
    return g.number_of_nodes() > max_exact


def sample_size(n: int, m: int) -> int:
    """Pivots for sampled measures: about SAMPLE_WORK edge visits, within [SAMPLE_MIN, SAMPLE_MAX], at most n."""
    k = SAMPLE_WORK // max(m, 1)
    return min(n, SAMPLE_MAX, max(SAMPLE_MIN, k))


def _pivots(n: int, k: int, seed: int) -> list[int]:
    # the same draw networkx makes: random.Random(seed).sample(list(G), k) on sorted nodes
    return random.Random(seed).sample(range(n), k)


def pagerank(g: nx.MultiDiGraph, *, alpha: float = 0.85, max_iter: int = 1000, tol: float = 1e-06,
             projection: Projection | None = None) -> dict[str, float]:
    """PageRank of the directed multigraph (parallel edges of different types add weight); sums to 1.

    networkx's scipy power iteration, on arrays built once (equal to `networkx.pagerank(g)`).
    """
    p = projection or project(g)
    n = p.n
    if n == 0:
        return {}
    a = sp.csr_matrix((np.ones(len(p.arcs)), (p.arcs[:, 0], p.arcs[:, 1])), shape=(n, n))  # sums parallels
    out = np.asarray(a.sum(axis=1)).ravel()
    inv = np.zeros(n)
    inv[out != 0] = 1.0 / out[out != 0]
    a = sp.diags(inv).tocsr() @ a
    x = np.full(n, 1.0 / n)
    uniform = np.full(n, 1.0 / n)
    dangling = np.flatnonzero(out == 0)
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ a + last[dangling].sum() * uniform) + (1 - alpha) * uniform
        if np.abs(x - last).sum() < n * tol:
            return dict(zip(p.nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(max_iter)


def betweenness(g: nx.MultiDiGraph | None, *, max_exact: int = MAX_EXACT_NODES, k: int | None = None,
                seed: int = SEED, projection: Projection | None = None) -> dict[str, float]:
    """Normalized betweenness on the undirected projection; seeded k-pivot estimate above `max_exact` nodes.

    Equals `networkx.betweenness_centrality(G)` (exact) or `(G, k=k, seed=seed)` (sampled) on the projection.
    `g` may be None when `projection` is given.
    """
    p = projection or project(g)
    n = p.n
    if n <= 2:
        return dict.fromkeys(p.nodes, 0.0)
    h = p.ig
    if n <= max_exact and k is None:
        raw = np.asarray(h.betweenness(directed=False), dtype=float) * 2.0  # igraph halves ordered-pair sums
        values = raw / ((n - 1) * (n - 2))
    else:
        k = k or sample_size(n, p.m)
        sources = _pivots(n, k, seed)
        raw = np.asarray(h.betweenness(sources=sources, directed=False), dtype=float) * 2.0
        scale = np.full(n, 1.0 / (k * (n - 2)))
        scale[sources] = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
        values = raw * scale
    return dict(zip(p.nodes, values.tolist()))


def closeness(g: nx.MultiDiGraph, *, max_exact: int = MAX_EXACT_NODES, k: int | None = None,
              seed: int = SEED, projection: Projection | None = None) -> dict[str, float]:
    """Closeness (Wasserman-Faust for disconnected graphs) on the undirected projection.

    Equals `networkx.closeness_centrality(G)` when exact.  Sampled: a node's distance sum
    to its component is estimated from its distances to the k pivots in that component;
    nodes whose component holds no other pivot get their exact value.
    """
    p = projection or project(g)
    n = p.n
    if n <= 1:
        return dict.fromkeys(p.nodes, 0.0)
    adj = p.adjacency
    _, labels = csgraph.connected_components(adj, directed=False)
    size = np.bincount(labels)[labels].astype(float)  # component size of each node
    if n <= max_exact and k is None:
        exact = np.nan_to_num(np.asarray(p.ig.closeness(normalized=True), dtype=float))
        values = exact * (size - 1) / (n - 1)
        return dict(zip(p.nodes, values.tolist()))
    k = k or sample_size(n, p.m)
    sources = np.array(_pivots(n, k, seed), dtype=np.int64)
    dist_sum = np.zeros(n)
    count = np.zeros(n)
    for start in range(0, k, 64):
        d = csgraph.shortest_path(adj, directed=False, unweighted=True, indices=sources[start:start + 64])
        reached = np.isfinite(d)
        dist_sum += np.where(reached, d, 0.0).sum(axis=0)
        count += reached.sum(axis=0)
    count[sources] -= 1  # a pivot's distance to itself is no sample
    values = np.zeros(n)
    ok = (count > 0) & (dist_sum > 0)
    values[ok] = count[ok] * (size[ok] - 1) / (dist_sum[ok] * (n - 1))
    rest = np.flatnonzero(~ok & (size > 1))
    if rest.size:
        exact = np.nan_to_num(np.asarray(p.ig.closeness(vertices=rest.tolist(), normalized=True), dtype=float))
        values[rest] = exact * (size[rest] - 1) / (n - 1)
    return dict(zip(p.nodes, values.tolist()))


def eigenvector(g: nx.MultiDiGraph, *, max_iter: int = 1000, tol: float = 1e-06,
                projection: Projection | None = None) -> dict[str, float]:
    """Eigenvector centrality on the undirected projection, by networkx's (A + I) power iteration.

    Same values as `networkx.eigenvector_centrality(G, max_iter, tol)`, vectorized with scipy;
    raises `networkx.PowerIterationFailedConvergence` like it does.
    """
    p = projection or project(g)
    n = p.n
    if n == 0:
        return {}
    adj = p.adjacency
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + adj @ last
        norm = float(np.sqrt(np.dot(x, x))) or 1.0
        x = x / norm
        if float(np.abs(x - last).sum()) < n * tol:
            return dict(zip(p.nodes, x.tolist()))
    raise nx.PowerIterationFailedConvergence(max_iter)


def degree_centrality(g: nx.MultiDiGraph, *, projection: Projection | None = None) -> dict[str, float]:
    """Degree centrality of the undirected projection (the documented eigenvector fallback)."""
    p = projection or project(g)
    if p.n <= 1:
        return dict.fromkeys(p.nodes, 1.0 if p.n == 1 else 0.0)
    deg = np.bincount(p.edges.ravel(), minlength=p.n) / (p.n - 1)
    return dict(zip(p.nodes, deg.tolist()))


def communities(g: nx.MultiDiGraph, *, max_exact: int = MAX_EXACT_NODES, seed: int = SEED,
                projection: Projection | None = None) -> list[tuple[str, ...]]:
    """Communities of the undirected projection, largest first (ties: smallest member id), members sorted.

    Louvain (`networkx.community.louvain_communities(seed=seed)`) up to `max_exact`
    nodes; above, igraph's Leiden (modularity, 2 iterations) with a seeded RNG.
    """
    p = projection or project(g)
    if p.n == 0:
        return []
    if p.n <= max_exact:
        groups = nx.community.louvain_communities(p.networkx(), seed=seed)
        found = [tuple(sorted(c)) for c in groups]
    else:
        import igraph as ig

        ig.set_random_number_generator(random.Random(seed))
        try:
            membership = p.ig.community_leiden(objective_function="modularity", n_iterations=2).membership
        finally:
            ig.set_random_number_generator(random)
        buckets: dict[int, list[str]] = {}
        for node, c in zip(p.nodes, membership):
            buckets.setdefault(c, []).append(node)
        found = [tuple(sorted(b)) for b in buckets.values()]
    return sorted(found, key=lambda c: (-len(c), c[0]))


def community_index(groups: list[tuple[str, ...]]) -> dict[str, int]:
    """Node -> community id (position in `groups`)."""
    return {node: i for i, members in enumerate(groups) for node in members}


# --- ecosystem facts ------------------------------------------------------------


@dataclass(frozen=True)
class NodeRef:
    """A node named in a card or gap list."""

    id: str
    name: str
    type: str


@dataclass(frozen=True)
class DocumentRef:
    """A policy document covering a chain, with the bodies that issued it."""

    id: str
    name: str
    issuers: tuple[NodeRef, ...]


@dataclass(frozen=True)
class ChainCard:
    """Who leads, joins, supports and covers one chain, where, and from which articles."""

    id: str
    name: str
    leaders: tuple[NodeRef, ...]  # LEADS sources (bodies as 链长, enterprises as 链主)
    members: tuple[NodeRef, ...]  # MEMBER_OF sources
    supporters: tuple[NodeRef, ...]  # SUPPORTS sources
    documents: tuple[DocumentRef, ...]  # COVERS sources of type PolicyDocument
    regions: tuple[str, ...]  # the chain's own region and those of its edges
    articles: tuple[str, ...]  # the chain's articles and those of its edges


@dataclass(frozen=True)
class Gaps:
    """What the ecosystem lacks: chains missing a role, unconnected or thinly evidenced entities."""

    chains_without_leading_enterprise: tuple[NodeRef, ...]
    chains_without_supporting_platform: tuple[NodeRef, ...]
    chains_without_covering_document: tuple[NodeRef, ...]
    isolated: tuple[NodeRef, ...]
    single_article: tuple[NodeRef, ...]


@dataclass(frozen=True)
class RegionSummary:
    """Counts of each node type among the nodes of one region, its cities and counties included."""

    region: str
    bodies: int
    chains: int
    enterprises: int
    platforms: int
    documents: int
    chain_ids: tuple[str, ...] = field(default=())
    path: tuple[str, ...] = field(default=())  # province down to this region


def _ref(g: nx.MultiDiGraph, node: str) -> NodeRef:
    a = g.nodes[node]
    return NodeRef(id=node, name=str(a.get("name") or node), type=str(a.get("type") or ""))


def _sources(g: nx.MultiDiGraph, node: str, edge_type: str, source_type: str | None = None) -> list[str]:
    """Sorted ids of the nodes with an `edge_type` edge into `node` (optionally of one type)."""
    found = [u for u, keys in g.pred[node].items() if edge_type in keys]
    if source_type is not None:
        found = [u for u in found if g.nodes[u].get("type") == source_type]
    return sorted(found)


def _chains(g: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, t in g.nodes(data="type") if t == "Chain")


def chain_cards(g: nx.MultiDiGraph) -> list[ChainCard]:
    """One card per Chain node, sorted by id."""
    cards = []
    for c in _chains(g):
        a = g.nodes[c]
        regions = {a.get("region")}
        articles = set(a.get("articles") or ())
        for adjacency in (g.pred[c], g.succ[c]):
            for keys in adjacency.values():
                for e in keys.values():
                    regions.add(e.get("region"))
                    articles.update(e.get("articles") or ())
                    if e.get("article"):
                        articles.add(e["article"])
        docs = tuple(
            DocumentRef(id=d, name=_ref(g, d).name, issuers=tuple(_ref(g, b) for b in _sources(g, d, "ISSUED")))
            for d in _sources(g, c, "COVERS", "PolicyDocument")
        )
        cards.append(ChainCard(
            id=c, name=str(a.get("name") or c),
            leaders=tuple(_ref(g, u) for u in _sources(g, c, "LEADS")),
            members=tuple(_ref(g, u) for u in _sources(g, c, "MEMBER_OF")),
            supporters=tuple(_ref(g, u) for u in _sources(g, c, "SUPPORTS")),
            documents=docs,
            regions=tuple(sorted(r for r in regions if r)),
            articles=tuple(sorted(articles)),
        ))
    return cards


def gaps(g: nx.MultiDiGraph, *, cards: list[ChainCard] | None = None) -> Gaps:
    """Chains lacking a leading Enterprise / supporting Platform / covering PolicyDocument; isolated and
    single-article entities (articles list of length <= 1).  Pass `cards` to reuse `chain_cards(g)`."""
    cards = chain_cards(g) if cards is None else cards

    def lacking(role: str, source_type: str) -> tuple[NodeRef, ...]:
        return tuple(NodeRef(id=c.id, name=c.name, type="Chain") for c in cards
                     if not any(x.type == source_type for x in getattr(c, role)))

    return Gaps(
        chains_without_leading_enterprise=lacking("leaders", "Enterprise"),
        chains_without_supporting_platform=lacking("supporters", "Platform"),
        chains_without_covering_document=tuple(NodeRef(id=c.id, name=c.name, type="Chain")
                                               for c in cards if not c.documents),
        isolated=tuple(_ref(g, n) for n, d in sorted(g.degree()) if d == 0),
        single_article=tuple(_ref(g, n) for n, a in sorted(g.nodes(data="articles"))
                             if len(set(a or ())) <= 1),
    )


_REGION_FIELDS = {"GovernmentBody": "bodies", "Chain": "chains", "Enterprise": "enterprises",
                  "Platform": "platforms", "PolicyDocument": "documents"}


def region_summary(g: nx.MultiDiGraph) -> list[RegionSummary]:
    """Per region, rolled up (a province counts its cities and counties): the nodes of each type among
    `graph.regions.region_members` — nodes in the region and both ends of its edges.  Sorted along the
    region tree: province, then its cities, then their counties."""
    parents = region_parents(g)

    def path(r: str) -> tuple[str, ...]:
        up = [r]
        while up[-1] in parents and parents[up[-1]] not in up:
            up.append(parents[up[-1]])
        return tuple(reversed(up))

    out = []
    for r, members in region_members(g).items():
        counts: Counter[str] = Counter(_REGION_FIELDS.get(g.nodes[n].get("type"), "") for n in members)
        chains = sorted(n for n in members if g.nodes[n].get("type") == "Chain")
        out.append(RegionSummary(region=r, bodies=counts["bodies"], chains=counts["chains"],
                                 enterprises=counts["enterprises"], platforms=counts["platforms"],
                                 documents=counts["documents"], chain_ids=tuple(chains), path=path(r)))
    return sorted(out, key=lambda s: s.path)
