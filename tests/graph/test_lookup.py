"""graph.lookup: names found by any alias, script, width or short form; clear misses."""
from __future__ import annotations

import pytest

from graph.errors import NotFoundError
from graph.lookup import LEVEL_ALIAS, LEVEL_LOOSE, LEVEL_NAME, NameIndex, find_node, find_nodes
from graph.names import fold_name as fold
from graph.regions import find_region
from graph.model import GraphData, Node, node_id
from graph.store import to_networkx


@pytest.mark.parametrize(("a", "b"), [
    ("新型儲能產業鏈", "新型储能产业链"),  # traditional script
    ("ＡＢＣ储能 ", "abc储能"),  # full width, case, space
    ("《质量强国建设纲要》", "质量强国建设纲要"),  # title marks
    ("“美的集团”", "美的集团"),  # quote marks
    ("陜西省", "陕西省"),  # variant OpenCC leaves alone
])
def test_fold_makes_equivalent_spellings_equal(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart():
    assert fold("氢能产业链") != fold("新型储能产业链")


@pytest.mark.parametrize(("query", "expected"), [
    ("新型储能产业链", "Chain:新型储能产业链"),  # canonical name
    ("新型儲能", "Chain:新型储能产业链"),  # traditional, short
    ("新型儲能產業", "Chain:新型储能产业链"),  # traditional, another ending, not an alias
    ("化妆品", "Chain:化妆品产业链"),
    ("氫能", "Chain:氢能产业链"),
])
def test_chain_found_by_any_script_and_short_form(eco_graph, query, expected):
    assert find_node(eco_graph, query, types=("Chain",)) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("广州", "GovernmentBody:广州市人民政府"),  # alias
    ("陕西省市场监管局", "GovernmentBody:陕西省市场监督管理局"),  # short form 市场监管局
    ("陜西省市場監督管理局", "GovernmentBody:陕西省市场监督管理局"),  # variant + traditional
    ("「中大」", "Platform:中山大学"),  # quoted alias
    ("宁德时代新能源科技股份有限公司", "Enterprise:宁德时代"),  # full legal name
])
def test_node_found_by_alias_and_short_form(eco_graph, query, expected):
    assert find_node(eco_graph, query) == expected


def test_match_level_says_how_the_name_matched(eco_graph):
    assert find_nodes(eco_graph, "宁德时代")[0].level == LEVEL_NAME
    alias = find_nodes(eco_graph, "中大")[0]
    assert (alias.level, alias.matched) == (LEVEL_ALIAS, "中大")
    assert find_nodes(eco_graph, "广州市政府")[0].level == LEVEL_LOOSE


def test_exact_name_beats_another_nodes_alias():
    nodes = (
        Node(id=node_id("Enterprise", "华工科技"), name="华工科技", type="Enterprise", aliases=("华工",)),
        Node(id=node_id("Platform", "华工"), name="华工", type="Platform"),
    )
    g = to_networkx(GraphData(nodes=nodes, edges=()))
    assert [m.id for m in find_nodes(g, "华工")] == ["Platform:华工", "Enterprise:华工科技"]


def test_type_restriction_excludes_other_types(eco_graph):
    with pytest.raises(NotFoundError):
        find_node(eco_graph, "广州", types=("Chain",))


def test_unknown_name_lists_close_matches_on_one_line(eco_graph):
    with pytest.raises(NotFoundError) as err:
        find_node(eco_graph, "新型储存\n产业链", types=("Chain",))
    message = str(err.value)
    assert "\n" not in message
    assert "close matches" in message and "新型储能产业链" in message
    assert message.startswith("no chain named")


def test_unknown_name_without_anything_close(eco_graph):
    with pytest.raises(NotFoundError, match="no close matches"):
        find_node(eco_graph, "zzzzzz")


def test_suggestions_are_display_names(eco_graph):
    assert NameIndex(eco_graph).suggest("宁德时")[0] == "宁德时代"


@pytest.mark.parametrize(("query", "expected"), [
    ("广东省", ["广东省"]),
    ("广东", ["广东省"]),
    ("陜西", ["陕西省"]),
    ("廣州市", ["广州市"]),
])
def test_region_found_with_or_without_ending(eco_graph, query, expected):
    assert find_region(eco_graph, query) == expected


def test_unknown_region_lists_close_matches(eco_graph):
    with pytest.raises(NotFoundError, match="no region named '广洲市'.*广州市"):
        find_region(eco_graph, "广洲市")


def test_match_region_by_short_form_and_script():
    from graph.lookup import match_region

    regions = ["广东省", "广州市", "顺德区"]
    assert match_region(regions, "廣東") == ["广东省"] and match_region(regions, "广州市") == ["广州市"]
    with pytest.raises(NotFoundError, match="no region named '广洲' in the graph; close matches: 广州市"):
        match_region(regions, "广洲")
