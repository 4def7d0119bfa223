"""Name folding, once: graph/names.py serves resolution keys (loaders) and lookups (graph) alike."""
from __future__ import annotations

import networkx as nx

from graph.lookup import find_node
from graph.names import aliases, fold_name, spell_out, variants
from loaders.normalize import name_key
from loaders.resolve import canonical_name


def test_fold_name_ignores_width_script_variants_case_quotes_and_brackets():
    assert fold_name("“新型儲能”產業鏈") == fold_name("新型储能产业链")
    assert fold_name("ＡＢＣ（中国）") == fold_name("abc中国")
    assert fold_name("陜西省") == "陕西省"  # a variant OpenCC leaves alone, from variants.tsv
    assert fold_name("A.O.史密斯") == fold_name("AO史密斯")
    assert fold_name("氢能产业链") != fold_name("新型储能产业链")


def test_resolution_keys_and_lookups_fold_names_the_same_way():
    for a, b in [("陜西省工信厅", "陕西省工信厅"), ("《指南》", "指南"), ("ＡＢＣ公司", "abc公司"), ("峯會", "峰会")]:
        assert (name_key(a) == name_key(b)) and (fold_name(a) == fold_name(b)), (a, b)
    assert name_key("湖南省市场监管局") == fold_name(spell_out("湖南省市场监管局"))


def test_one_alias_list_serves_resolution_and_lookup():
    g = nx.MultiDiGraph()
    for short, full in aliases().items():
        g.add_node(f"n-{full}", type="Enterprise" if "大学" not in full else "Platform", name=full)
    for short, full in aliases().items():
        assert find_node(g, short) == f"n-{full}", short  # every alias of aliases.tsv finds its node
        assert canonical_name("Platform", short) == full
    assert variants()["陜"] == "陕"
