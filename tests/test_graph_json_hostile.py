"""Issue 13.5: a crafted or damaged graph.json is refused in one line by `query`, `view` and `report`.

A table of known-bad cases names what each line must say; a hypothesis property test then feeds
arbitrary JSON shaped like graph.json (valid graphs with a few random corruptions) to the three
commands: each either succeeds or prints one `chaingraph: <file>: ...` line with exit status 1,
never `internal error` or a traceback.
"""
from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import cli
from graph.model import EDGE_TYPES, NODE_TYPES

pytestmark = pytest.mark.server

QUERY = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN n, r"


def _base() -> dict:
    node = {"id": "Chain:氢能产业链", "name": "氢能产业链", "type": "Chain", "aliases": ["氫能"], "region": None,
            "kind": None, "articles": ["a"], "mentions": 1}
    ent = {"id": "Enterprise:宁德时代", "name": "宁德时代", "type": "Enterprise", "aliases": [], "region": "福建省",
           "region_path": ["福建省", "宁德市"], "kind": None, "articles": ["a"], "mentions": 2}
    edge = {"source": ent["id"], "target": node["id"], "key": "LEADS", "type": "LEADS", "article": "a",
            "evidence": "宁德时代担任氢能产业链链主。", "rule": "r", "confidence": 0.9, "region": "福建省",
            "region_path": ["福建省"], "articles": ["a"], "evidences": ["宁德时代担任氢能产业链链主。"]}
    return {"directed": True, "multigraph": True,
            "graph": {"chaingraph_format": 1, "articles": {"a": {"title": "标题", "date": None, "url": None}}},
            "nodes": [node, ent], "edges": [edge]}


def _set(path: tuple, value):
    def change(data):
        target = data
        for p in path[:-1]:
            target = target[p]
        target[path[-1]] = value
        return data
    return change


def _dup_node(data):
    data["nodes"].append(dict(data["nodes"][0], type="Enterprise"))
    return data


def _dup_edge(data):
    data["edges"].append(dict(data["edges"][0]))
    return data


# case -> (change to the good graph, what the line must say); the text is written with allow_nan
CASES = {
    "wrong_type": (_set(("nodes", 0, "mentions"), "3"), "nodes[0] ('Chain:氢能产业链'): 'mentions' must be"),
    "aliases_not_list": (_set(("nodes", 0, "aliases"), "氫能"), "'aliases' must be a list of strings"),
    "int_id": (_set(("nodes", 1, "id"), 7), "nodes[1]: 'id' must be a non-empty string, not 7"),
    "int_edge_end": (_set(("edges", 0, "source"), 7), "edges[0]: 'source' must be a node id"),
    "dangling_edge": (_set(("edges", 0, "target"), "Chain:无"), "edges[0]: target 'Chain:无' is not the id of any node"),
    "nan": (_set(("edges", 0, "confidence"), float("nan")), "holds NaN"),
    "infinity": (_set(("nodes", 0, "mentions"), float("inf")), "holds Infinity"),
    "huge_int": (_set(("nodes", 0, "mentions"), 10**40), "'mentions' must be a non-negative integer"),
    "nul_in_name": (_set(("nodes", 0, "name"), "氢\x00能"), "nodes[0]['name']: contains a NUL character"),
    "lone_surrogate": (_set(("nodes", 1, "aliases"), ["\udc80"]), "nodes[1]['aliases'][0]: is not valid Unicode"),
    "backtick_key": (_set(("nodes", 0, "x`}) DETACH DELETE n //"), 1), "is not a plain name"),
    "map_property": (_set(("edges", 0, "extra"), {"k": 1}), "property 'extra' must be a string, number"),
    "duplicate_node": (_dup_node, "node id 'Chain:氢能产业链' appears twice (also nodes[0])"),
    "duplicate_edge": (_dup_edge, "appears twice (also edges[0])"),
    "key_not_type": (_set(("edges", 0, "key"), "X"), "'key' 'X' must equal its type 'LEADS'"),
    "undirected": (_set(("directed",), False), "must hold a directed multigraph"),
    "articles_meta": (_set(("graph", "articles", "a", "title"), 5), "graph articles['a']: 'title' must be"),
    "confidence_range": (_set(("edges", 0, "confidence"), 7), "'confidence' must be a number from 0 to 1"),
}


def _commands(graph: str, tmp: Path) -> dict[str, list[str]]:
    return {"query": ["query", "--graph", graph, "--format", "json", QUERY],
            "view": ["view", "--graph", graph, "--out", str(tmp / "v.html")],
            "report": ["report", "--graph", graph, "--format", "json"]}


def _error_lines(res) -> list[str]:
    return [ln for ln in res.stderr.splitlines() if not ln.endswith(" into the embedded engine")]


def test_the_good_graph_with_article_metadata_and_region_paths_works(tmp_path):
    (tmp_path / "graph.json").write_text(json.dumps(_base(), ensure_ascii=False), encoding="utf-8")
    for name, cmd in _commands(str(tmp_path / "graph.json"), tmp_path).items():
        res = CliRunner().invoke(cli, cmd, catch_exceptions=False)
        assert res.exit_code == 0, (name, res.output)
    rows = json.loads(CliRunner().invoke(cli, _commands(str(tmp_path), tmp_path)["query"]).stdout)
    assert {r["n"]["id"]: r["n"].get("region_path") for r in rows} == {
        "Chain:氢能产业链": None, "Enterprise:宁德时代": ["福建省", "宁德市"]}


@pytest.mark.parametrize("case", sorted(CASES))
def test_crafted_graph_json_is_one_line_on_query_view_and_report(tmp_path, case):
    change, expected = CASES[case]
    graph = tmp_path / "graph.json"
    graph.write_text(json.dumps(change(_base()), ensure_ascii=True, allow_nan=True), encoding="utf-8")
    for name, cmd in _commands(str(graph), tmp_path).items():
        res = CliRunner().invoke(cli, cmd, catch_exceptions=False)
        lines = _error_lines(res)
        assert res.exit_code == 1 and res.stdout == "", (name, res.output)
        assert len(lines) == 1 and lines[0].startswith(f"chaingraph: {graph}: "), (name, lines)
        assert expected in lines[0], (name, lines[0])
    assert not (tmp_path / "v.html").exists()


def test_deep_nesting_is_one_line(tmp_path):
    graph = tmp_path / "graph.json"
    graph.write_text('{"nodes": [], "edges": [], "graph": {"x": ' + "[" * 100_000 + "]" * 100_000 + "}}")
    for name, cmd in _commands(str(graph), tmp_path).items():
        lines = _error_lines(CliRunner().invoke(cli, cmd, catch_exceptions=False))
        assert lines == [f"chaingraph: {graph}: is nested too deeply to be a graph.json"], (name, lines)


# --- the property test ------------------------------------------------------------------------------------

# valid but hostile text (what a graph may hold) and text no graph may hold (NUL, lone surrogates)
SAFE = st.one_of(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=6),
                 st.sampled_from(["", "a`b", "x'}) DETACH DELETE n //", "\x1b[2J", "链", "\n", "NaN", "<script>",
                                  "Chain:氢能产业链", "0", "a" * 300, "\u202e", "{{x}}", "[b]"]))
TEXT = st.one_of(SAFE, st.sampled_from(["\x00", "a\ud800", "\udfff"]))
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(), TEXT)
JSON = st.recursive(SCALAR, lambda c: st.lists(c, max_size=3) | st.dictionaries(TEXT, c, max_size=3), max_leaves=5)
NODE_KEYS = ("id", "name", "type", "aliases", "region", "region_path", "kind", "articles", "mentions")
EDGE_KEYS = ("source", "target", "key", "type", "article", "evidence", "rule", "confidence", "region", "articles",
             "evidences")


@st.composite
def graph_json(draw) -> str:
    """A valid graph.json-shaped document, then up to three random corruptions."""
    names = draw(st.lists(SAFE.filter(bool), min_size=1, max_size=6, unique=True))
    nodes = []
    for name in names:
        type_ = draw(st.sampled_from(NODE_TYPES))
        nodes.append({"id": f"{type_}:{name}", "name": name, "type": type_, "aliases": draw(st.lists(SAFE, max_size=2)),
                      "region": draw(st.none() | SAFE), "kind": draw(st.none() | SAFE),
                      "articles": draw(st.lists(SAFE, max_size=2)), "mentions": draw(st.integers(0, 9))})
    edges, seen = [], set()
    for _ in range(draw(st.integers(0, 8))):
        u, v = draw(st.sampled_from(nodes))["id"], draw(st.sampled_from(nodes))["id"]
        t = draw(st.sampled_from(EDGE_TYPES))
        if (u, v, t) not in seen:
            seen.add((u, v, t))
            edges.append({"source": u, "target": v, "key": t, "type": t, "article": draw(SAFE), "evidence": draw(SAFE),
                          "confidence": draw(st.floats(0, 1)), "region": draw(st.none() | SAFE),
                          "articles": draw(st.lists(SAFE, max_size=2)), "evidences": draw(st.lists(SAFE, max_size=2))})
    data = {"directed": True, "multigraph": True, "graph": {"articles": draw(st.lists(SAFE, max_size=2))},
            "nodes": nodes, "edges": edges}
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        where = draw(st.sampled_from(["node", "edge", "top", "graph"]))
        if where == "node":
            target, keys = draw(st.sampled_from(nodes)), NODE_KEYS
        elif where == "edge" and edges:
            target, keys = draw(st.sampled_from(edges)), EDGE_KEYS
        elif where == "graph":
            target, keys = data["graph"], ("articles", "chaingraph_format")
        else:
            target, keys = data, ("directed", "multigraph", "nodes", "edges", "graph")
        key = draw(st.sampled_from(keys + ("x`y",)) | TEXT)
        if draw(st.booleans()):
            target.pop(key, None)
        else:
            target[key] = draw(JSON)
    text = json.dumps(data, ensure_ascii=draw(st.booleans()), allow_nan=True)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only a JSON escape can carry it
        text = json.dumps(data, ensure_ascii=True, allow_nan=True)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]  # now and then a cut file
    return text


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=graph_json())
def test_any_graph_json_shaped_input_is_success_or_one_line(text):
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.json"
        graph.write_text(text, encoding="utf-8")
        for name, cmd in _commands(str(graph), Path(tmp)).items():
            res = CliRunner().invoke(cli, cmd, catch_exceptions=False)
            lines = _error_lines(res)
            assert "internal error" not in res.stderr and "Traceback" not in res.stderr, (name, res.stderr)
            if res.exit_code != 0:
                assert res.exit_code == 1, (name, res.exit_code, res.output)
                assert len(lines) == 1 and lines[0].startswith(f"chaingraph: {graph}: "), (name, lines)
