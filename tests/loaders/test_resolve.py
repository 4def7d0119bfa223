"""Resolution: aliases, scripts, short forms, shared chains, stable ids, determinism."""
from graph.model import Entity, Extraction, Relation, node_id
from graph.store import dumps_graph_json, to_networkx
from loaders.resolve import resolve


def _ex(article, entities, relations=()):
    return Extraction(article=article, entities=tuple(Entity(*e) for e in entities), relations=tuple(relations))


def _rel(t, s, st, d, dt, ev="句子。", region=None, conf=0.7):
    return Relation(t, s, d, st, dt, ev, "rule.x", conf, region)


A = _ex("a1", [("GovernmentBody", "陜西省市場監督管理局"), ("Chain", "新型储能产业链")],
        [_rel("COVERS", "陜西省市場監督管理局", "GovernmentBody", "新型储能产业链", "Chain", "甲。", "陕西省")])
B = _ex("b2", [("GovernmentBody", "陕西省市场监管局"), ("Chain", "新型儲能产业链"), ("GovernmentBody", "市场监管总局")],
        [_rel("COVERS", "陕西省市场监管局", "GovernmentBody", "新型儲能产业链", "Chain", "乙。", "西安市", 0.9)])


def test_traditional_variant_and_short_form_merge_into_one_node():
    g = resolve([A, B])
    gov = [n for n in g.nodes if n.type == "GovernmentBody" and "陕西" in n.name]
    assert len(gov) == 1 and gov[0].name == "陕西省市场监督管理局"
    assert gov[0].articles == ("a1", "b2") and gov[0].mentions == 2


def test_alias_table_maps_national_short_form():
    g = resolve([B])
    assert node_id("GovernmentBody", "国家市场监督管理总局") in {n.id for n in g.nodes}


def test_shared_chain_one_edge_with_merged_provenance():
    g = resolve([B, A])
    chains = [n for n in g.nodes if n.type == "Chain"]
    assert [c.id for c in chains] == ["Chain:新型储能产业链"]
    (edge,) = g.edges
    assert edge.article == "a1" and edge.evidence == "甲。"
    assert edge.articles == ("a1", "b2") and edge.evidences == ("甲。", "乙。")
    assert edge.confidence == 0.9


def test_stable_ids_and_deterministic_output():
    g1, g2 = resolve([A, B]), resolve([B, A])
    assert g1 == g2
    assert dumps_graph_json(to_networkx(g1)) == dumps_graph_json(to_networkx(g2))
    assert g1.articles == ("a1", "b2")
