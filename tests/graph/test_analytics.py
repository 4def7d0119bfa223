"""graph.analytics: measures equal networkx's on the undirected projection; sampling is seeded."""
from __future__ import annotations

import networkx as nx
import pytest

from graph import analytics as an


def _random_multidigraph(n: int, m: int, seed: int) -> nx.MultiDiGraph:
    """Random directed graph with parallel edges of two types, a self-loop and isolated nodes."""
    base = nx.gnm_random_graph(n, m, seed=seed, directed=True)
    g = nx.MultiDiGraph()
    g.add_nodes_from(f"N:{i:04d}" for i in range(n + 3))
    for u, v in base.edges():
        g.add_edge(f"N:{u:04d}", f"N:{v:04d}", key="LEADS")
        if (u + v) % 5 == 0:
            g.add_edge(f"N:{u:04d}", f"N:{v:04d}", key="SUPPORTS")
            g.add_edge(f"N:{v:04d}", f"N:{u:04d}", key="COVERS")
    g.add_edge("N:0000", "N:0000", key="LEADS")
    return g


@pytest.fixture(scope="module")
def rnd() -> nx.MultiDiGraph:
    return _random_multidigraph(150, 260, seed=11)


@pytest.fixture(scope="module")
def simple(rnd) -> nx.Graph:
    h = nx.Graph()
    h.add_nodes_from(sorted(rnd))
    h.add_edges_from((u, v) for u, v in rnd.edges() if u != v)
    return h


def _close(a: dict, b: dict, tol: float = 1e-9) -> None:
    assert a.keys() == b.keys()
    worst = max(abs(a[k] - b[k]) for k in a)
    assert worst < tol, worst


def test_projection_collapses_direction_parallel_edges_and_loops(rnd, simple):
    p = an.project(rnd)
    assert p.nodes == tuple(sorted(rnd))
    got = {frozenset((p.nodes[u], p.nodes[v])) for u, v in p.edges.tolist()}
    assert got == {frozenset(e) for e in simple.edges()}
    assert p.m == simple.number_of_edges()
    assert nx.utils.graphs_equal(p.networkx(), simple)


def test_exact_betweenness_equals_networkx(rnd, simple):
    _close(an.betweenness(rnd), nx.betweenness_centrality(simple))


def test_sampled_betweenness_equals_networkx_k_sampling(rnd, simple):
    got = an.betweenness(rnd, max_exact=10, k=40, seed=7)
    _close(got, nx.betweenness_centrality(simple, k=40, seed=7))
    assert got != an.betweenness(rnd, max_exact=10, k=40, seed=8)


def test_exact_closeness_equals_networkx(rnd, simple):
    _close(an.closeness(rnd), nx.closeness_centrality(simple))


def test_sampled_closeness_with_every_pivot_is_exact_and_small_samples_stay_close(rnd, simple):
    exact = nx.closeness_centrality(simple)
    _close(an.closeness(rnd, max_exact=10, k=simple.number_of_nodes(), seed=1), exact)
    approx = an.closeness(rnd, max_exact=10, k=60, seed=1)
    assert max(abs(approx[v] - exact[v]) for v in exact) < 0.1
    isolated = [v for v in simple if simple.degree(v) == 0]
    assert isolated and all(approx[v] == 0.0 for v in isolated)


def test_eigenvector_equals_networkx_and_raises_like_it(rnd, simple):
    _close(an.eigenvector(rnd), nx.eigenvector_centrality(simple, max_iter=1000), 1e-12)
    with pytest.raises(nx.PowerIterationFailedConvergence):
        an.eigenvector(rnd, max_iter=2)


def test_pagerank_is_networkx_on_the_multigraph_and_sums_to_one(rnd):
    pr = an.pagerank(rnd)
    _close(pr, nx.pagerank(rnd, max_iter=1000))
    assert sum(pr.values()) == pytest.approx(1.0)


def test_degree_centrality_fallback_counts_projection_neighbours(rnd, simple):
    _close(an.degree_centrality(rnd), nx.degree_centrality(simple))


def test_louvain_communities_are_seeded_sorted_and_partition_the_nodes(rnd, simple):
    groups = an.communities(rnd, seed=3)
    assert groups == an.communities(rnd, seed=3)
    assert sorted(v for c in groups for v in c) == sorted(rnd)
    assert [len(c) for c in groups] == sorted((len(c) for c in groups), reverse=True)
    same_size = [c for c in groups if len(c) == len(groups[-1])]
    assert [c[0] for c in same_size] == sorted(c[0] for c in same_size)
    ordered = nx.Graph()  # Louvain depends on adjacency order: the projection inserts sorted edges
    ordered.add_nodes_from(sorted(simple))
    ordered.add_edges_from(sorted(tuple(sorted(e)) for e in simple.edges()))
    expected = sorted((tuple(sorted(c)) for c in nx.community.louvain_communities(ordered, seed=3)),
                      key=lambda c: (-len(c), c[0]))
    assert groups == expected
    index = an.community_index(groups)
    assert all(v in groups[index[v]] for v in rnd)


def test_leiden_above_threshold_is_seeded_and_a_partition(rnd):
    groups = an.communities(rnd, max_exact=10, seed=5)
    assert groups == an.communities(rnd, max_exact=10, seed=5)
    assert sorted(v for c in groups for v in c) == sorted(rnd)
    assert nx.community.modularity(an.project(rnd).networkx(), [set(c) for c in groups]) > 0.3


def test_sample_size_is_clamped():
    assert an.sample_size(50, 10) == 50
    assert an.sample_size(100_000, 10_000) == an.SAMPLE_MAX
    assert an.sample_size(100_000, 10_000_000) == an.SAMPLE_MIN
    assert an.SAMPLE_MIN <= an.sample_size(100_000, 200_000) <= an.SAMPLE_MAX


def test_tiny_graphs_do_not_fail():
    empty = nx.MultiDiGraph()
    assert an.betweenness(empty) == an.closeness(empty) == an.eigenvector(empty) == an.pagerank(empty) == {}
    assert an.communities(empty) == []
    one = nx.MultiDiGraph()
    one.add_node("A:x")
    assert an.betweenness(one) == {"A:x": 0.0} and an.closeness(one) == {"A:x": 0.0}
    assert an.communities(one) == [("A:x",)]
