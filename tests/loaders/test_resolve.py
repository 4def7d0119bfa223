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


def test_region_path_runs_from_the_province_down_on_nodes_and_edges():
    ex = _ex("c3", [("GovernmentBody", "顺德区市场监督管理局", (), "顺德区"), ("Chain", "家电产业链"),
                    ("GovernmentBody", "鼓楼区人民政府", (), "鼓楼区"), ("GovernmentBody", "国务院")],
             [_rel("LEADS", "顺德区市场监督管理局", "GovernmentBody", "家电产业链", "Chain", "丙。", "顺德区"),
              _rel("LEADS", "国务院", "GovernmentBody", "家电产业链", "Chain", "丁。")])
    g = resolve([ex])
    by_name = {n.name: n for n in g.nodes}
    assert by_name["顺德区市场监督管理局"].region_path == ("广东省", "佛山市", "顺德区")
    assert by_name["鼓楼区人民政府"].region_path == ("鼓楼区",)  # a county name in several provinces
    assert by_name["国务院"].region_path == () and by_name["家电产业链"].region_path == ()
    paths = {e.evidence: e.region_path for e in g.edges}
    assert paths == {"丙。": ("广东省", "佛山市", "顺德区"), "丁。": ()}
    data = to_networkx(g)
    assert data.nodes[by_name["顺德区市场监督管理局"].id]["region_path"] == ["广东省", "佛山市", "顺德区"]


def test_region_path_of_short_forms_and_cities():
    from loaders.regions import region_path

    assert region_path("广东") == ("广东省",)
    assert region_path("佛山市") == ("广东省", "佛山市")
    assert region_path("海淀区") == ("北京市", "海淀区")  # a municipality's district sits right under it
    assert region_path("全国") == ("全国",) and region_path(None) == () and region_path(" ") == ()
