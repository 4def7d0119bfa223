"""The networkx-file store: graph.json and GraphML round-trip exactly, hostile text included."""
from __future__ import annotations

import json

import networkx as nx

from graph.model import Edge, GraphData, Node
from graph.store import dumps_graph_json, from_networkx, read_graph, to_networkx, write_graph_json, write_graphml

HOSTILE = 'a"b\'c<d>&e\nf\tg`DETACH DELETE`</data>]]>\u202e'


def _graph() -> GraphData:
    nodes = (
        Node(id="Chain:新型储能产业链", name="新型储能产业链", type="Chain", aliases=("新型儲能", "新型储能"),
             articles=("a1", "a2"), mentions=3),
        Node(id="GovernmentBody:" + HOSTILE, name=HOSTILE + "\x1b\x7f", type="GovernmentBody", region="佛山市",
             kind="人民政府", articles=("a1",), mentions=1, region_path=("广东省", "佛山市")),
        Node(id="PolicyDocument:方案", name="方案", type="PolicyDocument"),
    )
    edges = (
        Edge(source=nodes[1].id, target=nodes[0].id, type="LEADS", article="a1", evidence=HOSTILE, rule="r",
             confidence=0.75, region="广东省", articles=("a1",), evidences=(HOSTILE,), region_path=("广东省",)),
        Edge(source=nodes[1].id, target=nodes[0].id, type="COVERS", article="a2", evidence="e"),
        Edge(source=nodes[1].id, target=nodes[2].id, type="ISSUED", article="a1", evidence="e2"),
    )
    return GraphData(nodes=nodes, edges=edges, articles=("a1", "a2"))


def test_graph_json_round_trips_through_plain_networkx(tmp_path):
    g = to_networkx(_graph())
    path = write_graph_json(g, tmp_path / "graph.json")
    h = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))  # what users do, default arguments
    assert isinstance(h, nx.MultiDiGraph)
    # node-link JSON keeps the `id` attribute as the node key; every other attribute is there
    assert {n: {**a, "id": n} for n, a in h.nodes(data=True)} == dict(g.nodes(data=True))
    assert sorted(h.edges(keys=True, data=True)) == sorted(g.edges(keys=True, data=True))
    assert dict(read_graph(path).nodes(data=True)) == dict(g.nodes(data=True))  # id restored
    assert from_networkx(read_graph(path)) == from_networkx(g)


def test_graph_json_is_one_item_per_line_and_independent_of_insertion_order():
    g = to_networkx(_graph())
    shuffled = nx.MultiDiGraph(**g.graph)
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    text = dumps_graph_json(g)
    assert text == dumps_graph_json(shuffled)
    assert len(text.split("\n")) - 1 == 3 + 3 + 7  # 3 edges, 3 nodes, 3 scalar keys, 2 list heads and tails


def test_graphml_reads_back_like_networkx_own_writer(tmp_path):
    g = to_networkx(_graph())
    ours = nx.read_graphml(write_graphml(g, tmp_path / "ours.graphml"))
    for n, a in g.nodes(data=True):
        clean = n.replace("\x1b", "")
        assert ours.nodes[clean]["name"] == a["name"].replace("\x1b", "")
        assert json.loads(ours.nodes[clean]["aliases"]) == a["aliases"]
        assert ours.nodes[clean]["mentions"] == a["mentions"]
        assert json.loads(ours.nodes[clean]["region_path"] or "[]") == a.get("region_path", [])  # GraphML has it
    got = {(u, v, k): d for u, v, k, d in ours.edges(keys=True, data=True)}
    for u, v, k, a in g.edges(keys=True, data=True):
        d = got[u, v, k]
        assert d["evidence"] == a["evidence"] and d["confidence"] == a["confidence"]
        assert json.loads(d["evidences"]) == a["evidences"]
        assert d["region"] == (a["region"] or "")
        assert json.loads(d["region_path"] or "[]") == a.get("region_path", [])


def test_the_property_lists_name_every_attribute_a_stored_graph_carries(tmp_path):
    # GraphML and the Bolt push's appendable properties come from these lists: region_path was missing
    from graph.cypher_statements import APPENDABLE
    from graph.model import EDGE_PROPERTIES, NODE_PROPERTIES

    g = read_graph(write_graph_json(to_networkx(_graph()), tmp_path / "graph.json"))
    assert {k for _, a in g.nodes(data=True) for k in a} <= set(NODE_PROPERTIES)
    assert {k for _, _, a in g.edges(data=True) for k in a} <= set(EDGE_PROPERTIES)
    assert "region_path" in NODE_PROPERTIES and "region_path" in EDGE_PROPERTIES and "region_path" in APPENDABLE
    text = write_graphml(g, tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert text.count('attr.name="region_path"') == 2 and "[&quot;广东省&quot;, &quot;佛山市&quot;]" in text
